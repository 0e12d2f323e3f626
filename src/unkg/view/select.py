"""Which part of the graph a view shows: all entities, the citation network, the themes, the
neighbourhood of one entity, or a debate: who raised which themes in one meeting or a set."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..errors import Errors, ViewError
from ..model import GROUP
from ..network import merged_edges
from ..registry import CITED, ORGANIZATION, STATE, THEME

#: The node type of source documents in the citation view (not an entity type).
SOURCE = "SourceDocument"
#: How groups of States are drawn in the debate view (not an entity type either).
GROUP_STYLE = {"color": "#ff9da7", "shape": "dot"}
#: Link kinds that count sentences or speeches, not stated relations (the page thins them).
COUNTED = frozenset({"co-mention", "raised"})
#: Sentences kept as the evidence of one link of the debate view.
EVIDENCE = 20

# Labels come by a query of their own: with OPTIONAL labels in it, the query below took minutes
# on the seeds graph instead of half a second.
_DEBATE = """
SELECT ?file ?number ?sp ?who ?whoId ?t ?themeId ?text WHERE {
  ?sp a unkg:Speech ; ?by ?who ; unkg:inDocument ?src .
  ?m unkg:inSpeech ?sp ; oa:hasBody ?t ; unkg:inSentence ?s . ?s unkg:text ?text .
  ?t a unkg:Theme ; dcterms:identifier ?themeId .
  ?who dcterms:identifier ?whoId .
  ?src unkg:fileName ?file ; unkg:recordOf ?meeting . ?meeting unkg:meetingNumber ?number .
}"""

_LABELS = """
SELECT DISTINCT ?e ?label WHERE { { ?sp a unkg:Speech ; ?by ?e } UNION { ?e a unkg:Theme } ?e skos:prefLabel ?label }"""

_RECORDS = """
SELECT ?file ?symbol ?number WHERE {
  ?src unkg:recordOf/unkg:meetingNumber ?number ; unkg:fileName ?file . OPTIONAL { ?src unkg:symbol ?symbol }
}"""


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


def debate(store, meetings: list[str] | None = None, by: str = "state") -> nx.MultiDiGraph:
    """Who raised which themes in the meetings (records) given by symbol, number or file name
    (default: every meeting record): the States, bodies and groups the speeches were made for
    (``by="state"``) or the speakers (``by="speaker"``), linked to the themes their speeches name
    (edge kind ``raised``, weight the number of speeches, ``evidence`` (file, sentence) pairs,
    ``files``: the speeches in each record)."""
    from ..query import run
    from ..vocab import UNKG, type_of

    prop = UNKG.speaker if by == "speaker" else UNKG.speaksFor
    wanted = {" ".join(m.split()).lower() for m in meetings or ()}
    known = {k.value.lower() for row in run(store, _RECORDS).rows for k in row if k is not None}
    missing = sorted(wanted - known)
    if missing:
        raise ViewError(Errors.no_meeting.format(meeting=missing[0]))
    rows = run(store, _DEBATE.replace("?by", f"<{prop.value}>")).rows
    labels = {e.value: label.value for e, label in run(store, _LABELS.replace("?by", f"<{prop.value}>")).rows}
    g = nx.MultiDiGraph()
    speeches: dict[tuple[str, str], set[str]] = {}
    evidence: dict[tuple[str, str], list[tuple[str, str]]] = {}
    meetings_of: dict[str, set[str]] = {}
    files_of: dict[tuple[str, str], dict[str, set[str]]] = {}  # link -> record -> its speeches
    for file, number, sp, who, who_id, t, theme_id, text in rows:
        keys = {file.value.lower(), number.value, f"s/pv.{number.value}"}
        if wanted and not keys & wanted:
            continue
        kind = type_of(who.value) or GROUP
        for node, type_, id_ in ((who.value, kind, who_id.value), (t.value, THEME, theme_id.value)):
            if node not in g:
                g.add_node(node, type=type_, id=id_, label=labels.get(node, id_))
            meetings_of.setdefault(node, set()).add(file.value)
        speeches.setdefault((who.value, t.value), set()).add(sp.value)
        files_of.setdefault((who.value, t.value), {}).setdefault(file.value, set()).add(sp.value)
        lst = evidence.setdefault((who.value, t.value), [])
        if len(lst) < EVIDENCE and (file.value, text.value) not in lst:
            lst.append((file.value, text.value))
    for (a, b), sps in sorted(speeches.items()):
        g.add_edge(a, b, kind="raised", weight=len(sps), evidence=sorted(evidence[(a, b)]),
                   files={f: len(s) for f, s in sorted(files_of[(a, b)].items())})
    for n, files in meetings_of.items():
        g.nodes[n]["documents"] = len(files)
    return g


@dataclass(frozen=True)
class Bounded:
    """What a page embeds of a selection: ``nodes`` (most important first) and ``links`` (merged
    keys as ``view.page`` draws them: (from, to, kind), co-mentions as (smaller, larger, kind),
    with their weights), and the selection's true totals, which the page states."""

    nodes: list[str]
    links: dict[tuple[str, str, str], int]
    total_nodes: int
    total_links: int
    linked: dict[str, int]  # every node of the selection: how many nodes it is linked to
    strength: dict[str, int]  # and the sum of its links' weights


def merged_links(h: nx.MultiDiGraph, min_weight: int | None = None) -> dict[tuple[str, str, str], int]:
    """One link per pair and kind (``network.merged_edges``), co-mentions below ``min_weight``
    left out."""
    merged = merged_edges(h)
    if min_weight:
        merged = {k: w for k, w in merged.items() if k[2] != "co-mention" or w >= min_weight}
    return merged


def bound(h: nx.MultiDiGraph, links: dict[tuple[str, str, str], int], max_nodes: int, max_links: int,
          focus: str | None = None) -> Bounded:
    """The part of a selection a page can hold: at most ``max_nodes`` nodes, the most linked
    (weighted degree over ``links``; with a ``focus``, the nearest first, then the most linked),
    each linked to another one kept, so that none is drawn alone; and at most ``max_links``
    links between them: every node's strongest, then the strongest of the rest."""
    strength: dict[str, int] = dict.fromkeys(h, 0)
    adj: dict[str, set[str]] = {n: set() for n in h}
    for (u, v, _), w in links.items():
        if u != v:
            strength[u] += w
            strength[v] += w
            adj[u].add(v)
            adj[v].add(u)
    if focus in h:
        dist = nx.single_source_shortest_path_length(nx.Graph([(u, v) for u, v, _ in links if u != v]), focus) \
            if links else {focus: 0}
        key = lambda n: (dist.get(n, len(h)), -strength[n], n)  # noqa: E731
    else:
        key = lambda n: (-strength[n], n)  # noqa: E731
    ranked = sorted((n for n in h if adj[n]), key=key)
    if focus in h and not adj[focus]:
        ranked.insert(0, focus)  # a focus without links is still its own view
    chosen = _linked_prefix(ranked, adj, max(1, max_nodes))
    inner = {k: w for k, w in links.items() if k[0] in chosen and k[1] in chosen}
    return Bounded(nodes=[n for n in ranked if n in chosen], links=_strongest(inner, max_links),
                   total_nodes=h.number_of_nodes(), total_links=len(links),
                   linked={n: len(a) for n, a in adj.items()}, strength=strength)


def _linked_prefix(ranked: list[str], adj: dict[str, set[str]], cap: int) -> set[str]:
    """The first nodes of ``ranked`` that are linked to one another, up to ``cap``: a node waits
    until a node it is linked to comes (then both join), so none is left alone. A node that
    waits is stronger than the one that brings it in, so the order stays the ranking's."""
    chosen: set[str] = set()
    waiting: dict[str, int] = {}
    if len(ranked) == 1:
        return set(ranked)
    for i, n in enumerate(ranked):
        if len(chosen) >= cap:
            break
        near = adj[n]
        if not (near & chosen) and not any(m in waiting for m in near):
            waiting[n] = i
            continue
        if not (near & chosen) and len(chosen) + 2 > cap:
            continue  # it would come with a waiting node, and only one place is left
        chosen.add(n)
        todo = [n]
        while todo and len(chosen) < cap:  # the waiting nodes it links, and theirs, strongest first
            x = todo.pop()
            for m in sorted((m for m in adj[x] if m in waiting), key=waiting.__getitem__):
                if len(chosen) >= cap:
                    break
                del waiting[m]
                chosen.add(m)
                todo.append(m)
    return chosen


def _strongest(links: dict[tuple[str, str, str], int], cap: int) -> dict[tuple[str, str, str], int]:
    """At most ``cap`` links (never fewer than one per node): each node's strongest link, then
    the stated relations, then the strongest co-mentions; ties by key, so the same graph keeps
    the same links."""
    if len(links) <= cap:
        return links
    order = sorted(links, key=lambda k: (-links[k], k))
    keep: set[tuple[str, str, str]] = set()
    best: set[str] = set()
    for k in order:  # strongest first: the first link seen of a node is its strongest
        u, v, _ = k
        if u != v and (u not in best or v not in best):
            keep.add(k)
            best.update((u, v))
    # then the relations the text states (few, and the page always draws them), then co-mentions
    for k in sorted(order, key=lambda k: k[2] in COUNTED):
        if len(keep) >= cap:
            break
        keep.add(k)
    return {k: links[k] for k in sorted(keep)}
