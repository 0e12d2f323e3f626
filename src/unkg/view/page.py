"""The page: a view's nodes, edges and evidence as records, written into our HTML template.

pyvis builds the node, edge and option records; the page is our own template, because pyvis's
links Bootstrap from a CDN even in "in_line" mode and writes node titles as HTML. Ours inlines
vis-network from the pyvis package, embeds the data as JSON (with "<", ">" and "&" escaped, so a
document's text cannot close the script element) and shows every label and sentence as text.

The embedded data: ``docs`` (one record per source document: file, symbol, kind, date, year,
title) and ``sentences`` (``[doc index, text]``, each sentence once) are tables that the nodes
and edges point into. A node carries its type, identifiers, the latest documents that name it
with one sentence from each (``mentions``: ``[doc, sentence]`` pairs; ``docs`` counts them all),
``years``, whether it is a ``hub``, its community ``c`` and its starting position. An edge is
``[from, to, kind, weight, docs, evidence]``: its ends as node indices, its count in each document
(``[doc, n]`` pairs, what the document filters act on) and its sentences, the informative first.
Colours, shapes, arrows and tooltips follow from the type and kind in the page's script. What a
page holds is bounded (``select.bound``, ``evidence.fit``), whatever the size of the graph.
"""

from __future__ import annotations

import html as _html
import json
import math
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import registry, settings
from ..model import GROUP
from ..names import collapse_spaces as _norm
from ..network import to_networkx
from . import rank
from .evidence import Evidence, Tables, fit, link_evidence, node_evidence
from .layout import drawn_radius, layout
from .select import GROUP_STYLE, SOURCE, bound, debate, find, merged_links, subgraph

#: How each node type is drawn: the registry's entity types, and source documents.
GROUPS = {**{t.name: {"color": t.color, "shape": t.shape} for t in registry.entity_types().values()},
          SOURCE: {"color": "#9c755f", "shape": "hexagon"}, GROUP: GROUP_STYLE}
#: Community colours (Tableau 10, paler than the type colours are not needed: types are shapes).
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac"]
#: The page opens on at most this many nodes: the most linked under the filters (a slider
#: shows more).
TOP = 80
#: The drawn radius of the smallest and the largest node, px.
NODE_SIZE = (6, 30)
#: Documents a node's panel quotes a sentence from (the latest; the panel says "5 of N").
MENTIONS = 20
#: What a node's size counts, by view, as the legend says it.
SIZE_MEANS = {"citations": "the number of citations it takes part in", "debate": "the number of meeting records"}


def _label(full: str, ident: str, group: str) -> str:
    """Named entities by name, wrapped on two lines when long; entities known by their id
    (symbols) by id; long names that have a short id (an acronym) by the id."""
    types = registry.entity_types()
    if group in types and not types[group].names and group != registry.THEME:
        return ident
    if len(full) > 32 and group != registry.THEME and len(ident) < len(full):
        return ident
    return "\n".join(textwrap.wrap(full, 24, max_lines=2, placeholder=" …")) if len(full) > 24 else full


def _node_records(h, names: list[str], kind: str, tables: Tables, ev: Evidence, focus: str | None) -> list[dict]:
    """The records of ``names`` (nodes of ``h``). Style, tooltip and search text are the page's
    (from the type and the names), so they are not repeated here."""
    nodes = []
    for n in sorted(names):
        d = h.nodes[n]
        group = d["type"]
        full, ident = _norm(d["label"]), _norm(d["id"])
        label = _label(full, ident, group)
        if group == SOURCE:  # the symbol; else what and when, else the file name
            label = full
            if not tables.docs[tables.doc(ident)]["symbol"] and d.get("kind") and d.get("date"):
                label = f"{d['kind']} {d['date']}"
        al = sorted(ev.aliases.get(n, set()) - {full, ident})
        ids = [["identifier", ident], *sorted(ev.idents.get(n, []))]
        docs = sorted(ev.mentioned_in.get(n, set()))
        # the panel lists the latest documents first: the page keeps the MENTIONS latest
        latest = sorted(docs, key=lambda i: (_when(tables.docs[i]), tables.docs[i]["file"]), reverse=True)[:MENTIONS]
        mentions = [[i, tables.sentence(tables.docs[i]["file"], ev.best[(n, i)]) if (n, i) in ev.best else None]
                    for i in latest]
        own = d.get("file") or (d["id"] if group == SOURCE else None)
        own_doc = tables.doc(own) if own else None
        if kind == "citations" and d.get("year"):
            years = [d["year"]]
        else:
            years = sorted({tables.docs[i]["year"] for i in docs if tables.docs[i]["year"]})
            if own_doc is not None and tables.docs[own_doc]["year"]:
                years = sorted(set(years) | {tables.docs[own_doc]["year"]})
        count = d.get("documents", 1)
        size = h.degree(n) if kind == "citations" else count
        nodes.append({
            "id": n, "label": label, "group": group, "value": round(math.sqrt(max(size, 1)), 3),
            "full": full, "ident": ident, "docs": count, "ids": ids, "aliases": al,
            "src": own_doc, "mentions": mentions, "years": years,
        })
    if focus:  # the centre of a neighbourhood is drawn as large as the largest
        top = max(r["value"] for r in nodes)
        for r in nodes:
            if r["id"] == focus:
                r["value"] = top
    return nodes


def _when(doc: dict) -> str:
    return str(doc["date"] or doc["year"] or "")


def _edge_records(store, h, links: dict[tuple[str, str, str], int], tables: Tables, ev: Evidence) -> list[dict]:
    """The records of ``links`` (merged, as ``select.merged_links`` gives them). How a link is
    drawn (colour, dashes, arrow, tooltip) follows from its kind, in the page."""
    moved = {d["source"]: n for n, d in h.nodes(data=True) if d.get("source")}  # merged source -> its node
    given: dict[tuple[str, str, str], tuple[list, dict]] = {}  # what the debate view brings
    for u, v, d in h.edges(data=True):
        if "evidence" in d and (u, v, d["kind"]) in links:
            given[(u, v, d["kind"])] = (list(d["evidence"]), dict(d.get("files", {})))
    found = link_evidence(store, set(links), moved, tables, ev, given)
    return [{"id": f"e{i}", "from": u, "to": v, "kind": k, "value": w,
             "docs": sorted([d, n] for d, n in found.docs.get((u, v, k), {}).items()),
             "evidence": found.sentences.get((u, v, k), [])}
            for i, ((u, v, k), w) in enumerate(sorted(links.items()))]


def _options() -> dict:
    # physics is off: positions come from Python, and the page runs the solver itself, a few
    # hundred steps after each change of what is shown (window.unkg.settle)
    return {
        "physics": {"enabled": False, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110, "springConstant": 0.04,
                                         "avoidOverlap": 0.6, "damping": 0.5},
                    "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50, "fit": False}},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # label size grows with the node; which labels are drawn is the page's choice
                  # (the most important that do not overlap at the current zoom)
                  "scaling": {"min": NODE_SIZE[0], "max": NODE_SIZE[1],
                              "label": {"enabled": True, "min": 13, "max": 22, "drawThreshold": 6, "maxVisible": 28}}},
        "edges": {"smooth": False, "scaling": {"min": 0.5, "max": 5}, "selectionWidth": 2,
                  "arrows": {"to": {"scaleFactor": 0.6}}},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": True, "multiselect": False},
    }


def _rank_nodes(u, nodes: list[dict], total_docs: int, kind: str, hubs: list[str] | None = None) -> list[str]:
    """Weight, hub flag and community of each record; the hubs' ids (given, or found in ``u``)."""
    strength = rank.strength(u)
    # the debate view counts meeting records, not documents: it has no hubs by this rule
    if kind == "debate":
        hubs = []
    elif hubs is None:
        hubs = rank.hubs(u, {r["id"]: r["docs"] for r in nodes}, total_docs)
    comm = rank.communities(u, set(hubs))
    for r in nodes:
        r["w"] = strength.get(r["id"], 0.0)
        r["hub"] = r["id"] in hubs
        r["c"] = comm.get(r["id"], -1)
    return hubs


def _communities(nodes: list[dict]) -> list[dict]:
    """The legend of the communities: colour and the three heaviest members' labels."""
    out = []
    for c in range(len(PALETTE)):
        members = sorted((r for r in nodes if r["c"] == c), key=lambda r: (-r["w"], r["id"]))
        if members:
            out.append({"c": c, "color": PALETTE[c], "size": len(members),
                        "names": [_norm(m["label"].replace("\n", " ")) for m in members[:3]]})
    return out


def assemble(nodes: list[dict], edges: list[dict], total_docs: int, kind: str, hubs: list[str] | None = None) -> list[str]:
    """Rank the records and give them positions: all the work of a view after the queries
    (what bench/ times on a 5,000-node graph). ``hubs``: found beforehand on all the links of
    the selection (a page holds only some); else on the records' links. Returns the hubs."""
    u = rank.simple(edges, [r["id"] for r in nodes])
    hubs = _rank_nodes(u, nodes, total_docs, kind, hubs)
    order = [r["id"] for r in sorted(nodes, key=lambda r: (-r["w"], r["id"]))]
    radii = drawn_radius({r["id"]: r["value"] for r in nodes}, NODE_SIZE[0], NODE_SIZE[1])
    pos = layout(u, order, set(hubs), radii)
    for r in nodes:
        r["x"], r["y"] = pos[r["id"]]
    return hubs


def render(store, out: Path, *, kind: str = "entities", focus: str | None = None, depth: int = 1,
           title: str | None = None, min_weight: int | None = None, meetings: list[str] | None = None,
           by: str = "state", top: int = TOP, max_nodes: int | None = None, max_links: int | None = None) -> Path:
    """Write a view. ``min_weight``: leave out co-mention edges below it (default: keep them all
    in the page, which opens on the ``top`` most linked nodes and their strongest links).
    ``meetings`` and ``by``: the debate view's meetings and nodes (``view.select.debate``).
    ``max_nodes``, ``max_links``: what the page embeds at most (``select.bound``; default
    ``settings.VIEW_MAX_NODES`` and ``VIEW_LINKS_PER_NODE`` times the nodes)."""
    if kind == "debate":
        g = h = debate(store, meetings, by)
    else:
        g = to_networkx(store, documents=(kind == "citations"))
        h = subgraph(g, kind, focus, depth)
    focus_id = find(g, focus) if focus and kind == "entities" else None
    cap = max(1, max_nodes or settings.VIEW_MAX_NODES)
    b = bound(h, merged_links(h, min_weight), cap, max_links or cap * settings.VIEW_LINKS_PER_NODE, focus_id)
    tables = Tables(store)
    ev = node_evidence(store, set(b.nodes), tables)
    nodes = _node_records(h, b.nodes, kind, tables, ev, focus_id)
    edges = _edge_records(store, h, b.links, tables, ev)
    kept = set(b.nodes)
    hubs = [x for x in rank.hub_rule(b.linked, b.strength, {n: h.nodes[n].get("documents", 1) for n in h},
                                     len(tables.docs)) if x in kept]
    hubs = assemble(nodes, edges, len(tables.docs), kind, hubs)
    fit(tables, nodes, edges, settings.VIEW_MAX_SENTENCE_CHARS)
    heading = title or {"entities": "unkg: entity network", "citations": "unkg: citation network",
                        "themes": "unkg: States and organizations by theme",
                        "debate": "unkg: who raised which themes" + (f" ({', '.join(meetings)})" if meetings else "")}[kind]
    if focus:
        heading = f"unkg: neighbourhood of {focus}"
    year_label = ("Year of the document or resolution" if kind == "citations"
                  else "Years of the documents")
    return write_page(Path(out), heading, kind, nodes, edges, hubs, tables, year_label, focus_id, top,
                      scope=_scope(kind, focus, len(nodes), b.total_nodes, len(edges), b.total_links))


def _scope(kind: str, focus: str | None, nodes: int, total: int, links: int, total_links: int) -> dict:
    """What the page holds of the selection, in words (the first line of its View panel), and
    whether that is all of it."""
    noun = "entities" if kind in ("entities", "themes") else "nodes"
    if nodes >= total and links >= total_links:
        return {"all": True, "text": f"All {total:,} {noun} and {total_links:,} links of the "
                                     f"{'neighbourhood' if focus else 'graph'}."}
    which = "the nearest, then the most linked" if focus else "the most linked"
    text = f"The page holds {nodes:,} of {total:,} {noun}, {which}, and {links:,} of {total_links:,} links, the strongest."
    if kind == "entities":
        text += " For any other: unkg view --focus NAME."
    return {"all": False, "text": text}


def write_page(out: Path, heading: str, kind: str, nodes: list[dict], edges: list[dict], hubs: list[str],
               tables: Tables, year_label: str, focus: str | None = None, top: int = TOP, scope: dict | None = None) -> Path:
    """The records (ranked and placed by ``assemble``) as one self-contained HTML file."""
    weights = [e["value"] for e in edges if e["kind"] in ("co-mention", "raised")]
    data = {"title": heading, "kind": kind, "nodes": [_compact_node(r) for r in nodes],
            "edges": _compact_edges(nodes, edges), "groups": GROUPS,
            "docs": tables.docs, "sentences": tables.sentences, "options": _options(),
            "top": max(1, int(top)), "maxWeight": max(weights, default=1), "yearLabel": year_label,
            "hubs": hubs, "communities": _communities(nodes), "sizeMeans": SIZE_MEANS.get(kind, "the number of documents that name it"),
            "focus": focus, "scope": scope or _scope(kind, focus, len(nodes), len(nodes), len(edges), len(edges))}
    html = _template().render(
        title=heading,
        vis_js=_lib("vis-9.1.2/vis-network.min.js"),
        vis_css=_lib("vis-9.1.2/vis-network.css"),
        data_json=_safe_json(data),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out


#: What the page reads of a node record; the rest (its weight, style, tooltip) stays here.
_NODE_FIELDS = ("id", "label", "group", "value", "full", "ident", "docs", "ids", "aliases", "src", "mentions",
                "years", "hub", "c", "x", "y")


def _compact_node(r: dict) -> dict:
    out = {k: r[k] for k in _NODE_FIELDS if k in r}
    if out.get("src") is None:
        out.pop("src", None)
    return out


def _compact_edges(nodes: list[dict], edges: list[dict]) -> list[list]:
    """Each link as ``[from, to, kind, weight, docs, evidence]``, its ends as indices into the
    nodes (an IRI is some 50 characters, and a page has thousands of links); its id is its index."""
    index = {r["id"]: i for i, r in enumerate(nodes)}
    return [[index[e["from"]], index[e["to"]], e["kind"], e["value"], e["docs"], e["evidence"]] for e in edges]


def _safe_json(data) -> str:
    # Inside <script type="application/json">, only "</" could end the element early; escape
    # every "<", ">" and "&" so that no document text can.
    s = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _lib(name: str) -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "templates" / "lib" / name).read_text(encoding="utf-8")


def _template():
    from jinja2 import Environment

    text = (resources.files("unkg") / "templates" / "network.html").read_text(encoding="utf-8")
    # autoescape off: the library code goes in verbatim; the template escapes the title itself
    # (|e) and the data are _safe_json.
    return Environment(autoescape=False).from_string(text)


@dataclass(frozen=True)
class InlineView:
    """A written view that Jupyter (Lab, classic, VS Code) shows inline.

    The page goes into an iframe's ``srcdoc`` rather than ``src``: a file path resolves
    differently in each front end, inlined HTML works in all of them. ``sandbox`` lets the
    view's own script run but gives it no access to the notebook.
    """

    path: Path
    height: int = 650

    def _repr_html_(self) -> str:
        page = self.path.read_text(encoding="utf-8")
        return (f'<iframe srcdoc="{_html.escape(page, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd"></iframe>')
