"""Which part of the graph a view shows: all entities, the citation network, the themes, the
neighbourhood of one entity, or a debate: who raised which themes in one meeting or a set."""

from __future__ import annotations

import networkx as nx

from ..errors import Errors, ViewError
from ..model import GROUP
from ..registry import CITED, ORGANIZATION, STATE, THEME

#: The node type of source documents in the citation view (not an entity type).
SOURCE = "SourceDocument"
#: How groups of States are drawn in the debate view (not an entity type either).
GROUP_STYLE = {"color": "#ff9da7", "shape": "dot"}
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
