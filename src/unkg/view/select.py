"""Which part of the graph a view shows: all entities, the citation network, the themes, or
the neighbourhood of one entity."""

from __future__ import annotations

import networkx as nx

from ..errors import Errors, ViewError
from ..registry import CITED, ORGANIZATION, STATE, THEME

#: The node type of source documents in the citation view (not an entity type).
SOURCE = "SourceDocument"


def subgraph(g: nx.MultiDiGraph, kind: str = "entities", focus: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """The part of ``g`` (from ``to_networkx``; with ``documents=True`` for citations) a view shows."""
    if kind == "themes":
        keep = [n for n, d in g.nodes(data=True) if d["type"] in (STATE, ORGANIZATION, THEME)]
        h = g.subgraph(keep).copy()
        drop = [(u, v, k) for u, v, k, d in h.edges(keys=True, data=True)
                if not ({h.nodes[u]["type"], h.nodes[v]["type"]} & {THEME}) or h.nodes[u]["type"] == h.nodes[v]["type"]]
        h.remove_edges_from(drop)
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
        return h
    if kind == "citations":
        keep = [n for n, d in g.nodes(data=True) if d["type"] in (*CITED, SOURCE)]
        h = g.subgraph(keep).copy()
        h.remove_edges_from([(u, v, k) for u, v, k, d in h.edges(keys=True, data=True) if d["kind"] != "cites"])
        _merge_sources(h)
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
        return h
    if focus:
        target = find(g, focus)
        if target is None:
            raise ViewError(Errors.no_focus.format(focus=focus))
        und = nx.Graph(g)
        near = nx.single_source_shortest_path_length(und, target, cutoff=depth)
        return g.subgraph(near).copy()
    return g


def _merge_sources(h: nx.MultiDiGraph) -> None:
    """A source document that bears a resolution's (or document's) symbol and that resolution
    are one node: the entity, with the source's file, kind and date (``source`` is its IRI)."""
    for n, d in [(n, dict(d)) for n, d in h.nodes(data=True) if d["type"] == SOURCE]:
        r = d.get("represents")
        if not r or r not in h:
            continue
        for _, v, e in list(h.out_edges(n, data=True)):
            if v != r:
                h.add_edge(r, v, **e)
        for u, _, e in list(h.in_edges(n, data=True)):
            if u != r:
                h.add_edge(u, r, **e)
        h.remove_node(n)
        h.nodes[r].update(source=n, file=d["id"], kind=d.get("kind"), date=d.get("date"),
                          year=d.get("year") or h.nodes[r].get("year"))


def find(g: nx.MultiDiGraph, text: str) -> str | None:
    t = " ".join(text.split()).lower()
    for n, d in sorted(g.nodes(data=True), key=lambda nd: -nd[1].get("documents", 0)):
        if t in (" ".join(d.get("id", "").split()).lower(), " ".join(d.get("label", "").split()).lower()):
            return n
    return None
