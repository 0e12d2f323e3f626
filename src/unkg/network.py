"""network: the knowledge graph as a networkx graph, for analysis and for the views.

Nodes are entities (id = IRI) with type, label, identifier and the number of documents that
mention them; edges are typed relations (cites, sentBy, partOf, addresses, ...) and weighted
sentence-level co-mentions.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from .export import _type_of
from .query import run

_NODES = """
SELECT ?e ?id ?label (COUNT(DISTINCT ?src) AS ?docs) WHERE {
  ?src unkg:mentions ?e .
  ?e dcterms:identifier ?id .
  OPTIONAL { ?e skos:prefLabel ?label }
} GROUP BY ?e ?id ?label"""

_COMENTIONS = """
SELECT ?a ?b (SUM(?n) AS ?weight) WHERE {
  ?c a unkg:CoMention ; unkg:entity ?a, ?b ; unkg:count ?n .
  FILTER (STR(?a) < STR(?b))
} GROUP BY ?a ?b"""

_RELATIONS = """
SELECT ?s ?p ?o (COUNT(DISTINCT ?f) AS ?n) WHERE {
  ?f a unkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  FILTER (isIRI(?o))
} GROUP BY ?s ?p ?o"""

_DOCUMENTS = """
SELECT ?src ?file ?kind ?date ?symbol WHERE {
  ?src a unkg:SourceDocument ; unkg:fileName ?file .
  OPTIONAL { ?src unkg:kind ?kind } OPTIONAL { ?src dcterms:date ?date } OPTIONAL { ?src unkg:symbol ?symbol }
}"""


def _v(t):
    return None if t is None else t.value


def to_networkx(store: ox.Store, *, comentions: bool = True, documents: bool = False) -> nx.MultiDiGraph:
    """Entities as nodes; relations and co-mentions as edges (``kind`` attribute on each edge)."""
    g = nx.MultiDiGraph()
    labels = {}
    for e, id_, label, docs in run(store, _NODES).rows:
        iri = e.value
        type_ = _type_of(iri)
        if iri in g:
            continue
        labels[iri] = _v(label) or id_.value
        g.add_node(iri, type=type_, id=id_.value, label=_v(label) or id_.value, documents=int(docs.value))
    if documents:
        for src, file, kind, date, symbol in run(store, _DOCUMENTS).rows:
            g.add_node(src.value, type="SourceDocument", id=file.value, label=_v(symbol) or file.value,
                       kind=_v(kind), date=_v(date), documents=1)
    for s, p, o, n in run(store, _RELATIONS).rows:
        if not documents and (s.value not in g or o.value not in g):
            continue
        if s.value not in g or o.value not in g:
            continue
        g.add_edge(s.value, o.value, kind=p.value.rsplit("#", 1)[-1], weight=int(n.value))
    if comentions:
        for a, b, w in run(store, _COMENTIONS).rows:
            if a.value in g and b.value in g:
                g.add_edge(a.value, b.value, kind="co-mention", weight=int(w.value))
    return g
