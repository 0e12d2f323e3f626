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
from collections import Counter
from itertools import combinations

import networkx as nx

from .model import COVER_PAGE
from .query import run
from .registry import CITED
from .vocab import type_of

# Here and below, each pattern is read whole in a subquery and joined by hash (see
# _SENTENCE_ENTITIES).
_NODES = """
SELECT ?e ?id ?label (COUNT(DISTINCT ?src) AS ?docs) WHERE {
  { SELECT ?src ?e WHERE { ?src unkg:mentions ?e } }
  { SELECT ?e ?id WHERE { ?e dcterms:identifier ?id } }
  OPTIONAL { SELECT ?e ?label WHERE { ?e skos:prefLabel ?label } }
} GROUP BY ?e ?id ?label"""

# Two entities named in one sentence, counted in sentences: the one definition of a co-mention
# (nothing of it is stored). The cover page of a meeting record lists its representatives: a
# list, not a sentence that names them together. The entities of each sentence come from the
# store and are paired here: the same pairs joined in SPARQL took 6x as long (8.1 s against
# 1.3 s on 646,000 quads). Each pattern is read whole and joined by hash: a packed store costs
# Oxigraph 40-140 us a lookup, against about 1 us a row scanned (whole archive: 37 s -> 9 s).
_SENTENCE_ENTITIES = """
SELECT DISTINCT ?s ?e WHERE {
  { SELECT ?m ?s WHERE { GRAPH ?g { ?m unkg:inSentence ?s } } }
  { SELECT ?m ?e WHERE { GRAPH ?g { ?m oa:hasBody ?e } } }
  MINUS { ?m unkg:rule "%(cover)s" }
}""" % {"cover": COVER_PAGE}


def comention_counts(store) -> dict[tuple[str, str], int]:
    """For each pair of entity IRIs (in order), the number of sentences that name both."""
    by_sentence: dict[str, list[str]] = {}
    for s, e in run(store, _SENTENCE_ENTITIES).rows:
        by_sentence.setdefault(s.value, []).append(e.value)
    counts: Counter = Counter()
    for entities in by_sentence.values():
        counts.update(combinations(sorted(entities), 2))
    return dict(counts)


_RELATIONS = """
SELECT ?s ?p ?o (COUNT(DISTINCT ?f) AS ?n) WHERE {
  { SELECT ?f WHERE { ?f a unkg:Assertion } } { SELECT ?f ?s WHERE { ?f rdf:subject ?s } }
  { SELECT ?f ?p WHERE { ?f rdf:predicate ?p } } { SELECT ?f ?o WHERE { ?f rdf:object ?o FILTER (isIRI(?o)) } }
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
        for (a, b), w in sorted(comention_counts(store).items()):
            if a in g and b in g:
                g.add_edge(a, b, kind="co-mention", weight=w)
    return g


#: Edge kinds that have no direction: named in the same sentence.
UNDIRECTED = frozenset({"co-mention"})


def merged_edges(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], int]:
    """One edge per pair and kind, ``(from, to, kind)``: weight, weights summed, in key order; a
    co-mention's ends in a fixed order (one link, whichever way it was added)."""
    out: dict[tuple[str, str, str], int] = {}
    for u, v, d in g.edges(data=True):
        k = d["kind"]
        if k in UNDIRECTED:
            u, v = min(u, v), max(u, v)
        out[(u, v, k)] = out.get((u, v, k), 0) + int(d.get("weight", 1))
    return dict(sorted(out.items()))


def _node_keys(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """The node attributes present, with their GraphML/GEXF type."""
    keys: dict[str, str] = {}
    for _, d in g.nodes(data=True):
        for k, v in d.items():
            if v is not None and k != "represents":
                keys.setdefault(k, "int" if isinstance(v, int) and not isinstance(v, bool) else "string")
    return sorted(keys.items())


def _node_values(g: nx.MultiDiGraph, keys: list[tuple[str, str]]):
    """Each node in order, with the (key index, value) of the attributes it has."""
    for n in sorted(g.nodes):
        d = g.nodes[n]
        yield n, d, [(i, str(d[k])) for i, (k, _) in enumerate(keys) if d.get(k) is not None]


def graphml_text(g: nx.MultiDiGraph) -> str:
    """GraphML of ``g`` for Gephi or yEd: one edge per pair and kind, its ``kind`` and summed
    ``weight``; directed, except co-mentions (``directed="false"`` on the edge). Written here,
    not by networkx's writers: they give every edge the graph's one direction."""
    from xml.sax.saxutils import quoteattr, escape

    keys = _node_keys(g)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    for i, (k, t) in enumerate(keys):
        lines.append(f'<key id="n{i}" for="node" attr.name={quoteattr(k)} attr.type="{t}"/>')
    lines += ['<key id="kind" for="edge" attr.name="kind" attr.type="string"/>',
              '<key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
              '<graph edgedefault="directed">']
    for n, _, values in _node_values(g, keys):
        data = "".join(f'<data key="n{i}">{escape(v)}</data>' for i, v in values)
        lines.append(f"<node id={quoteattr(n)}>{data}</node>")
    for i, ((u, v, k), w) in enumerate(merged_edges(g).items()):
        lines.append(f'<edge id="e{i}" source={quoteattr(u)} target={quoteattr(v)} '
                     f'directed="{"false" if k in UNDIRECTED else "true"}">'
                     f'<data key="kind">{escape(k)}</data><data key="weight">{w}</data></edge>')
    lines += ["</graph>", "</graphml>", ""]
    return "\n".join(lines)


def gexf_text(g: nx.MultiDiGraph) -> str:
    """GEXF 1.3 of ``g`` for Gephi: the same edges as ``graphml_text``, each with its ``type``
    (directed, or undirected for co-mentions), ``weight`` and ``kind`` (as its label too)."""
    from xml.sax.saxutils import quoteattr

    keys = _node_keys(g)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
             '<graph mode="static" defaultedgetype="directed">', '<attributes class="node">']
    lines += [f'<attribute id="{i}" title={quoteattr(k)} type="{"integer" if t == "int" else "string"}"/>'
              for i, (k, t) in enumerate(keys)]
    lines += ["</attributes>", '<attributes class="edge"><attribute id="kind" title="kind" type="string"/></attributes>',
              "<nodes>"]
    for n, d, attrs in _node_values(g, keys):
        values = "".join(f"<attvalue for=\"{i}\" value={quoteattr(v)}/>" for i, v in attrs)
        lines.append(f"<node id={quoteattr(n)} label={quoteattr(str(d.get('label') or n))}><attvalues>{values}</attvalues></node>")
    lines.append("</nodes><edges>")
    for i, ((u, v, k), w) in enumerate(merged_edges(g).items()):
        lines.append(f'<edge id="e{i}" source={quoteattr(u)} target={quoteattr(v)} '
                     f'type="{"undirected" if k in UNDIRECTED else "directed"}" weight="{w}" label={quoteattr(k)}>'
                     f'<attvalues><attvalue for="kind" value={quoteattr(k)}/></attvalues></edge>')
    lines += ["</edges>", "</graph>", "</gexf>", ""]
    return "\n".join(lines)
