"""network: the knowledge graph as a networkx graph, for analysis and for the views.

Nodes are entities (id = IRI) with type, label, identifier and the number of documents that
mention them (resolutions and UN documents also carry the ``year`` their symbol names); edges are
typed relations (cites, sentBy, partOf, addresses, ...) and weighted sentence-level co-mentions.
With ``documents=True`` the source documents are nodes too (type ``SourceDocument``, with
``kind``, ``date``, ``year`` and ``represents``: the IRI of the resolution or document whose symbol
it bears, if any).
"""

from __future__ import annotations

import re

import networkx as nx

from .query import run
from .registry import CITED
from .vocab import type_of

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
SELECT ?src ?file ?kind ?date ?symbol ?represents WHERE {
  ?src a unkg:SourceDocument ; unkg:fileName ?file .
  OPTIONAL { ?src unkg:kind ?kind } OPTIONAL { ?src dcterms:date ?date } OPTIONAL { ?src unkg:symbol ?symbol }
  OPTIONAL { ?src unkg:represents ?represents }
}"""

# "S/RES/1373 (2001)", "S/2019/1009", "S/PRST/2020/1", "A/78/842-S/2024/384"; not "A/RES/67/1".
_SYMBOL_YEAR = re.compile(r"(?:\(|/)((?:19|20)\d\d)(?:\)|/)")


def year_of(date: str | None = None, symbol: str | None = None) -> int | None:
    """The year of a document: from its date, else from the year its symbol names (if any)."""
    if date and re.match(r"\d{4}", date):
        return int(date[:4])
    m = _SYMBOL_YEAR.search(symbol or "")
    return int(m.group(1)) if m else None


def _v(t):
    return None if t is None else t.value


def to_networkx(store, *, comentions: bool = True, documents: bool = False) -> nx.MultiDiGraph:
    """Entities as nodes; relations and co-mentions as edges (``kind`` attribute on each edge)."""
    g = nx.MultiDiGraph()
    labels = {}
    for e, id_, label, docs in run(store, _NODES).rows:
        iri = e.value
        type_ = type_of(iri)
        if iri in g:
            continue
        labels[iri] = _v(label) or id_.value
        g.add_node(iri, type=type_, id=id_.value, label=_v(label) or id_.value, documents=int(docs.value))
        if type_ in CITED:
            g.nodes[iri]["year"] = year_of(symbol=id_.value)
    if documents:
        for src, file, kind, date, symbol, represents in run(store, _DOCUMENTS).rows:
            g.add_node(src.value, type="SourceDocument", id=file.value, label=_v(symbol) or file.value,
                       kind=_v(kind), date=_v(date), year=year_of(_v(date), _v(symbol)),
                       represents=_v(represents), documents=1)
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


def graphml_lines(g: nx.MultiDiGraph):
    """GraphML of ``g`` for Gephi: one edge per pair of nodes, its weights summed and its kinds
    joined."""
    simple = nx.DiGraph()
    for n, d in g.nodes(data=True):
        simple.add_node(n, **{k: v for k, v in d.items() if v is not None})
    for u, v, d in g.edges(data=True):
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += d.get("weight", 1)
            simple[u][v]["kind"] = ",".join(sorted(set(simple[u][v]["kind"].split(",")) | {d["kind"]}))
        else:
            simple.add_edge(u, v, kind=d["kind"], weight=d.get("weight", 1))
    return nx.generate_graphml(simple)
