"""view: interactive HTML network views, built with pyvis and networkx, that open offline.

pyvis builds the node, edge and option records; the page is our own template, because pyvis's
links Bootstrap from a CDN even in "in_line" mode and writes node titles as HTML. Ours inlines
vis-network from the pyvis package, embeds the data as JSON (with "<", ">" and "&" escaped, so a
document's text cannot close the script element) and shows every label and sentence as text.

The embedded data: ``docs`` (one record per source document: file, symbol, kind, date, year,
title) and ``sentences`` (``[doc index, text]``, each sentence once) are tables that the nodes
and edges point into. A node carries its type, identifiers, the documents that name it with one
sentence from each (``mentions``: ``[doc, sentence]`` pairs), and ``years``, what the year filter
looks at. An edge carries its kind, weight and evidence (sentence indices).
"""

from __future__ import annotations

import html as _html
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np
import pyoxigraph as ox

from .network import to_networkx, year_of
from .query import run

GROUPS = {
    "State": {"color": "#4e79a7", "shape": "dot"},
    "Organization": {"color": "#f28e2b", "shape": "dot"},
    "Resolution": {"color": "#e15759", "shape": "square"},
    "Document": {"color": "#b07aa1", "shape": "square"},
    "Instrument": {"color": "#59a14f", "shape": "triangle"},
    "Person": {"color": "#edc948", "shape": "diamond"},
    "Theme": {"color": "#76b7b2", "shape": "star"},
    "SourceDocument": {"color": "#9c755f", "shape": "hexagon"},
}

#: Above this many nodes the layout is computed here (networkx) and the browser's physics is off.
LARGE = 300
#: The default view shows at most about this many co-mention edges per node; the page's slider
#: shows the rest.
EDGES_PER_NODE = 1.5
SENTENCE_CHARS = 800
#: Layout density: about this many pixels per node along a side of the core.
SPACING = 80.0
#: Above this many nodes in the core, layouts avoid n x n arrays.
DENSE_LIMIT = 2500
#: The drawn radius of the smallest and the largest node, px.
NODE_SIZE = (6, 36)
HALO_GAP = 50.0

_EVIDENCE = """
SELECT ?e ?s ?file ?text WHERE {
  ?m a unkg:Mention ; oa:hasBody ?e ; unkg:inSentence ?s ; oa:hasTarget/oa:hasSource ?src .
  ?s unkg:text ?text . ?src unkg:fileName ?file .
}"""

_MENTIONED_IN = "SELECT ?e ?file WHERE { ?src unkg:mentions ?e ; unkg:fileName ?file }"

_DOCUMENTS = """
SELECT ?file ?kind ?date ?symbol ?title WHERE {
  ?src a unkg:SourceDocument ; unkg:fileName ?file .
  OPTIONAL { ?src unkg:kind ?kind } OPTIONAL { ?src dcterms:date ?date }
  OPTIONAL { ?src unkg:symbol ?symbol } OPTIONAL { ?src dcterms:title ?title }
}"""

_ALIASES = "SELECT DISTINCT ?e ?alias WHERE { ?src unkg:mentions ?e . ?e skos:altLabel ?alias }"

_IDENTIFIERS = """
SELECT ?e ?p ?v WHERE {
  ?src unkg:mentions ?e .
  { ?e owl:sameAs ?v BIND ("Wikidata" AS ?p) } UNION { ?e unkg:iso3 ?v BIND ("ISO 3166 alpha-3" AS ?p) }
  UNION { ?e unkg:orgKind ?v BIND ("kind" AS ?p) } UNION { ?e unkg:adoptedAt ?v BIND ("adopted at" AS ?p) }
  UNION { ?e unkg:parentBody/dcterms:identifier ?v BIND ("part of" AS ?p) }
}"""

_ASSERTIONS = """
SELECT ?s ?p ?o ?file ?text WHERE {
  ?f a unkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; unkg:inDocument ?src .
  ?src unkg:fileName ?file .
  OPTIONAL { ?f unkg:inSentence/unkg:text ?text }
  FILTER (isIRI(?o))
}"""

def subgraph(g: nx.MultiDiGraph, kind: str = "entities", focus: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """The part of ``g`` (from ``to_networkx``; with ``documents=True`` for citations) a view shows."""
    if kind == "themes":
        keep = [n for n, d in g.nodes(data=True) if d["type"] in ("State", "Organization", "Theme")]
        h = g.subgraph(keep).copy()
        drop = [(u, v, k) for u, v, k, d in h.edges(keys=True, data=True)
                if not ({h.nodes[u]["type"], h.nodes[v]["type"]} & {"Theme"}) or h.nodes[u]["type"] == h.nodes[v]["type"]]
        h.remove_edges_from(drop)
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
        return h
    if kind == "citations":
        keep = [n for n, d in g.nodes(data=True) if d["type"] in ("Resolution", "Document", "SourceDocument")]
        h = g.subgraph(keep).copy()
        h.remove_edges_from([(u, v, k) for u, v, k, d in h.edges(keys=True, data=True) if d["kind"] != "cites"])
        _merge_sources(h)
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
        return h
    if focus:
        from .errors import UnkgError

        target = _find(g, focus)
        if target is None:
            raise UnkgError(f"--focus {focus!r}: no entity with that id, label or acronym in the graph")
        und = nx.Graph(g)
        near = nx.single_source_shortest_path_length(und, target, cutoff=depth)
        return g.subgraph(near).copy()
    return g


def _merge_sources(h: nx.MultiDiGraph) -> None:
    """A source document that bears a resolution's (or document's) symbol and that resolution
    are one node: the entity, with the source's file, kind and date (``source`` is its IRI)."""
    for n, d in [(n, dict(d)) for n, d in h.nodes(data=True) if d["type"] == "SourceDocument"]:
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


def _find(g: nx.MultiDiGraph, text: str) -> str | None:
    t = " ".join(text.split()).lower()
    for n, d in sorted(g.nodes(data=True), key=lambda nd: -nd[1].get("documents", 0)):
        if t in (" ".join(d.get("id", "").split()).lower(), " ".join(d.get("label", "").split()).lower()):
            return n
    return None


def _norm(s: str) -> str:
    return " ".join(s.split())


def _clip(s: str, n: int = SENTENCE_CHARS) -> str:
    s = _norm(s)
    return s if len(s) <= n else s[: n - 1] + "…"


class _Tables:
    """The page's document and sentence tables; each sentence is stored once."""

    def __init__(self, store: ox.Store):
        self.docs: list[dict] = []
        self.doc_index: dict[str, int] = {}
        for file, kind, date, symbol, title in sorted(run(store, _DOCUMENTS).rows, key=lambda r: r[0].value):
            if file.value in self.doc_index:
                continue
            date_v = date.value if date is not None else None
            symbol_v = symbol.value if symbol is not None else None
            self.doc_index[file.value] = len(self.docs)
            self.docs.append({"file": file.value, "symbol": symbol_v, "kind": kind.value if kind is not None else None,
                              "date": date_v, "year": year_of(date_v, symbol_v),
                              "title": _clip(title.value, 300) if title is not None else None})
        self.sentences: list[list] = []
        self._sentence_index: dict[tuple[int, str], int] = {}

    def doc(self, file: str) -> int:
        if file not in self.doc_index:
            self.doc_index[file] = len(self.docs)
            self.docs.append({"file": file, "symbol": None, "kind": None, "date": None, "year": None, "title": None})
        return self.doc_index[file]

    def sentence(self, file: str, text: str) -> int:
        key = (self.doc(file), _clip(text))
        if key not in self._sentence_index:
            self._sentence_index[key] = len(self.sentences)
            self.sentences.append(list(key))
        return self._sentence_index[key]


def _default_min_weight(weights: list[int], n_nodes: int) -> int:
    """The smallest co-mention weight whose edges (at or above it) stay within the budget."""
    budget = max(200, int(EDGES_PER_NODE * n_nodes))
    w = 1
    ws = sorted(weights, reverse=True)
    while len(ws) > budget and w < (ws[0] if ws else 1):
        w += 1
        ws = [x for x in ws if x >= w]
    return w


def _layout(h: nx.MultiDiGraph, edges: list[dict], min_weight: int,
            radius_of: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for a large graph, in pixels.

    The core (the nodes with a link the page shows by default) is laid out with networkx's
    ForceAtlas2 (LinLog, hubs dissuaded), links weighted by log weight, then nodes that overlap
    are pushed apart. The nodes linked only by links hidden by default ring the core, each at
    about the angle of its neighbours; nodes without links, and separate parts, ring that.
    Deterministic: the same graph gives the same picture."""
    full = nx.Graph()
    full.add_nodes_from(h.nodes)
    for e in edges:
        w = 1.0 + math.log(max(e["value"], 1)) if e["kind"] == "co-mention" else 2.0
        shown = e["kind"] != "co-mention" or e["value"] >= min_weight
        if full.has_edge(e["from"], e["to"]):
            full[e["from"]][e["to"]]["weight"] += w
            full[e["from"]][e["to"]]["shown"] |= shown
        elif e["from"] != e["to"]:
            full.add_edge(e["from"], e["to"], weight=w, shown=shown)
    core = nx.Graph([(u, v, d) for u, v, d in full.edges(data=True) if d["shown"]])
    pos: dict[str, tuple[float, float]] = {}
    if core.number_of_nodes():
        # the largest part in the middle; small separate parts are laid out with it, gravity
        # keeps them near
        mass = {n: 1.0 + core.degree(n) for n in core}
        # LinLog with hubs dissuaded (pushed out to the rim): clusters come apart and the hubs'
        # labels do not all pile up in the middle
        if core.number_of_nodes() > DENSE_LIMIT:
            # networkx's ForceAtlas2 holds n x n arrays; its sparse Fruchterman-Reingold does not
            raw = nx.spring_layout(core, iterations=30, weight="weight", seed=7)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                raw = nx.forceatlas2_layout(core, max_iter=200, scaling_ratio=2.0, gravity=1.0, linlog=True,
                                            distributed_action=True, node_mass=mass, weight="weight", seed=7)
        if not all(math.isfinite(float(c)) for p in raw.values() for c in p):
            raw = nx.forceatlas2_layout(core, max_iter=200, distributed_action=True, node_mass=mass,
                                        weight="weight", seed=7)
        xy = {n: (float(p[0]), float(p[1])) for n, p in raw.items()}
        cx = sorted(x for x, _ in xy.values())[len(xy) // 2]
        cy = sorted(y for _, y in xy.values())[len(xy) // 2]
        # scale on the 90th percentile radius, and pull the few far outliers (small separate
        # parts that gravity left far out) in to just outside it
        radii = sorted(math.hypot(x - cx, y - cy) for x, y in xy.values())
        r90 = radii[int(0.9 * (len(radii) - 1))] or 1.0
        target = SPACING * math.sqrt(core.number_of_nodes()) / 2  # the 90% disc's radius, px
        for n, (x, y) in xy.items():
            dx, dy = x - cx, y - cy
            r = math.hypot(dx, dy)
            f = target / r90
            if r > 1.3 * r90:
                f = target * (1.3 + 0.1 * math.log(r / (1.3 * r90))) / r
            pos[n] = (dx * f, dy * f)
        pos = _spread(pos, radius_of or {})
    # the halo: nodes linked only by links hidden by default, on rings just outside the core,
    # each at about the angle of its neighbours there
    halo = [n for n in full if n not in pos and any(m in pos for m in full[n])]
    radius = max((math.hypot(x, y) for x, y in pos.values()), default=0.0)
    want = {}
    for n in halo:
        placed = [(pos[m], full[n][m]["weight"]) for m in full[n] if m in pos]
        tw = sum(w for _, w in placed)
        x = sum(p[0] * w for p, w in placed) / tw
        y = sum(p[1] * w for p, w in placed) / tw
        want[n] = math.atan2(y, x) if math.hypot(x, y) > 0.05 * (radius or 1.0) else None
    halo.sort(key=lambda n: (want[n] if want[n] is not None else 9.0, n))
    if halo:
        anchored = [n for n in halo if want[n] is not None]
        free = [n for n in halo if want[n] is None]
        # anchored nodes keep their order round the circle, spread half-way to even spacing;
        # the nodes whose neighbours sit in the middle fill in evenly (golden angle)
        angle = {}
        for i, n in enumerate(anchored):
            angle[n] = 0.5 * want[n] + 0.5 * (-math.pi + 2 * math.pi * (i + 0.5) / len(anchored))
        for i, n in enumerate(free):
            angle[n] = (i * 2.399963) % (2 * math.pi) - math.pi
        order = sorted(halo, key=lambda n: angle[n])
        rings = max(1, math.ceil(len(order) * HALO_GAP / (2 * math.pi * (radius + 80.0))))
        for i, n in enumerate(order):
            r = radius + 80.0 + (i % rings) * HALO_GAP
            pos[n] = (r * math.cos(angle[n]), r * math.sin(angle[n]))
    # what is left has no link to anything placed: the nodes without links, and one node of each
    # separate part, go on rings around the whole (grouped by type); the rest of a part close by
    rest = [n for n in full if n not in pos]
    parts = sorted((sorted(c, key=lambda n: (-full.degree(n, weight="weight"), n))
                    for c in nx.connected_components(full.subgraph(rest))),
                   key=lambda c: (h.nodes[c[0]]["type"], -h.nodes[c[0]].get("documents", 1), h.nodes[c[0]]["id"]))
    radius = max((math.hypot(x, y) for x, y in pos.values()), default=0.0)
    ring, i, turn = radius + 100.0, 0, 0
    while i < len(parts):
        chunk = parts[i:i + max(12, int(2 * math.pi * ring / HALO_GAP))]
        for j, part in enumerate(chunk):
            a = 2 * math.pi * (j + 0.5 * (turn % 2)) / len(chunk)
            x, y = ring * math.cos(a), ring * math.sin(a)
            for k, n in enumerate(part):
                pos[n] = (x + 25.0 * k * math.cos(a), y + 25.0 * k * math.sin(a))
        i += len(chunk)
        turn += 1
        ring += HALO_GAP
    return pos


def _spread(pos: dict[str, tuple[float, float]], radius_of: dict[str, float], gap: float = 6.0,
            rounds: int = 60) -> dict[str, tuple[float, float]]:
    """Push apart nodes that overlap (drawn radius plus ``gap``), a little at a time."""
    ids = list(pos)
    if not 2 <= len(ids) <= DENSE_LIMIT:
        return pos
    xy = np.array([pos[n] for n in ids], dtype=float)
    r = np.array([radius_of.get(n, 8.0) for n in ids], dtype=float)
    need = r[:, None] + r[None, :] + gap
    np.fill_diagonal(need, 0.0)
    jitter = np.random.default_rng(7).normal(scale=1e-3, size=xy.shape)
    xy += jitter  # no two nodes exactly on one spot
    for _ in range(rounds):
        d = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((d ** 2).sum(-1)) + 1e-9
        short = np.clip(need - dist, 0.0, None)
        if short.max() < 0.5:
            break
        xy += 0.25 * (d / dist[..., None] * short[..., None]).sum(1)
    return {n: (float(x), float(y)) for n, (x, y) in zip(ids, xy)}


def _drawn_radius(values: dict[str, float], smallest: float, largest: float) -> dict[str, float]:
    """The radius vis-network draws each node at, from its value (its linear scaling)."""
    lo, hi = min(values.values(), default=0.0), max(values.values(), default=0.0)
    if hi == lo:
        return {n: (smallest + largest) / 2 for n in values}
    return {n: smallest + (v - lo) / (hi - lo) * (largest - smallest) for n, v in values.items()}


def render(store: ox.Store, out: Path, *, kind: str = "entities", focus: str | None = None, depth: int = 1,
           title: str | None = None, min_weight: int | None = None) -> Path:
    """Write a view. ``min_weight``: leave out co-mention edges below it (default: keep them all
    in the page, and show the strongest of a large graph by default; the page has a slider)."""
    from pyvis.network import Network

    g = to_networkx(store, documents=(kind == "citations"))
    h = subgraph(g, kind, focus, depth)
    tables = _Tables(store)
    # a merged source document's IRI -> its node
    moved = {d["source"]: n for n, d in h.nodes(data=True) if d.get("source")}

    mentioned_in: dict[str, set[int]] = {}
    for e, file in run(store, _MENTIONED_IN).rows:
        if e.value in h:
            mentioned_in.setdefault(e.value, set()).add(tables.doc(file.value))
    shortest: dict[tuple[str, int], str] = {}
    in_sentence: dict[str, tuple[str, str, set[str]]] = {}  # sentence IRI -> file, text, entities
    for e, sent, file, text in run(store, _EVIDENCE).rows:
        if e.value in h:
            key = (e.value, tables.doc(file.value))
            if key not in shortest or len(text.value) < len(shortest[key]):
                shortest[key] = text.value
            in_sentence.setdefault(sent.value, (file.value, text.value, set()))[2].add(e.value)
    aliases: dict[str, set[str]] = {}
    for e, a in run(store, _ALIASES).rows:
        if e.value in h:
            aliases.setdefault(e.value, set()).add(_norm(a.value))
    idents: dict[str, list[list[str]]] = {}
    for e, p, v in run(store, _IDENTIFIERS).rows:
        if e.value in h:
            value = v.value.rsplit("/", 1)[-1] if p.value == "Wikidata" else v.value
            if [p.value, value] not in idents.setdefault(e.value, []):
                idents[e.value].append([p.value, value])

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    # pyvis's add_node/add_edge scan lists (quadratic); fill its records directly, linearly.
    for n in sorted(h.nodes):
        d = h.nodes[n]
        group = d["type"]
        style = GROUPS.get(group, {"color": "#999", "shape": "dot"})
        full, ident = _norm(d["label"]), _norm(d["id"])
        if group in ("Resolution", "Document", "Theme") or len(full) > 32:
            label = ident
        else:
            label = full
        if group == "SourceDocument":  # the symbol; else what and when, else the file name
            label = full
            if not tables.docs[tables.doc(ident)]["symbol"] and d.get("kind") and d.get("date"):
                label = f"{d['kind']} {d['date']}"
        al = sorted(aliases.get(n, set()) - {full, ident})
        ids = [["identifier", ident], *sorted(idents.get(n, []))]
        docs = sorted(mentioned_in.get(n, set()))
        mentions = [[i, tables.sentence(tables.docs[i]["file"], shortest[(n, i)]) if (n, i) in shortest else None]
                    for i in docs]
        own = d.get("file") or (d["id"] if group == "SourceDocument" else None)
        own_doc = tables.doc(own) if own else None
        if kind == "citations" and d.get("year"):
            years = [d["year"]]
        else:
            years = sorted({tables.docs[i]["year"] for i in docs if tables.docs[i]["year"]})
            if own_doc is not None and tables.docs[own_doc]["year"]:
                years = sorted(set(years) | {tables.docs[own_doc]["year"]})
        count = d.get("documents", 1)
        # size: how many documents name it; in the citation view, how many citations it takes part in
        size = h.degree(n) if kind == "citations" else count
        net.nodes.append({
            "id": n, "label": label, "group": group, "color": style["color"], "shape": style["shape"],
            "value": round(math.sqrt(max(size, 1)), 3), "title": f"{full} ({group})",
            "full": full, "ident": ident, "docs": count, "ids": ids, "aliases": al,
            "src": own_doc, "mentions": mentions, "years": years,
            "search": " ".join([ident, full, *al]).lower(),
        })
        net.node_ids.append(n)
        net.node_map[n] = net.nodes[-1]

    merged: dict[tuple[str, str, str], int] = {}
    for u, v, d in h.edges(data=True):
        merged[(u, v, d["kind"])] = merged.get((u, v, d["kind"]), 0) + d.get("weight", 1)
    if min_weight:
        merged = {k: w for k, w in merged.items() if k[2] != "co-mention" or w >= min_weight}
    evidence: dict[tuple[str, str, str], list[int]] = {}
    for s, p, o, file, text in run(store, _ASSERTIONS).rows:
        key = (moved.get(s.value, s.value), moved.get(o.value, o.value), p.value.rsplit("#", 1)[-1])
        if key in merged:
            lst = evidence.setdefault(key, [])
            i = tables.sentence(file.value, text.value if text is not None else "(the document as a whole)")
            if len(lst) < 5 and i not in lst:
                lst.append(i)
    # co-mentions: the sentences that name both (up to 5 a pair)
    pairs = {(min(u, v), max(u, v)) for (u, v, k) in merged if k == "co-mention"}
    for sent in sorted(in_sentence) if pairs else ():
        file, text, ents = in_sentence[sent]
        ents = sorted(ents)
        for i, a in enumerate(ents):
            for b in ents[i + 1:]:
                if (a, b) in pairs:
                    lst = evidence.setdefault((a, b, "co-mention"), [])
                    if len(lst) < 5:
                        j = tables.sentence(file, text)
                        if j not in lst:
                            lst.append(j)
    for i, ((u, v, k), w) in enumerate(sorted(merged.items())):
        co = k == "co-mention"
        net.edges.append({"id": f"e{i}", "from": u, "to": v, "kind": k, "value": w,
                          "title": f"{k} ({w} sentence{'s' if w != 1 else ''})" if co else f"{k} ({w} document{'s' if w != 1 else ''})",
                          "arrows": "" if co else "to", "dashes": co,
                          "color": {"color": "#8c9bab", "highlight": "#3b5b7d", "hover": "#3b5b7d", "opacity": 0.55} if co
                          else {"color": "#5a5a5a", "highlight": "#000", "hover": "#000", "opacity": 0.75},
                          "evidence": evidence.get((min(u, v), max(u, v), k) if co else (u, v, k), [])})

    co_weights = [e["value"] for e in net.edges if e["kind"] == "co-mention"]
    default_min = _default_min_weight(co_weights, len(net.nodes))
    large = len(net.nodes) > LARGE
    if large:
        radii = _drawn_radius({r["id"]: r["value"] for r in net.nodes}, NODE_SIZE[0], NODE_SIZE[1])
        pos = _layout(h, net.edges, default_min, radii)
        for rec in net.nodes:
            x, y = pos[rec["id"]]
            rec["x"], rec["y"] = round(float(x), 1), round(float(y), 1)
    options = {
        "physics": {"enabled": not large, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.2},
                    "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # labels grow with the number of documents; zoomed out, only the larger show
                  "scaling": {"min": NODE_SIZE[0], "max": NODE_SIZE[1],
                              "label": {"enabled": True, "min": 8 if large else 11, "max": 30,
                                        "drawThreshold": 10 if large else 6, "maxVisible": 32}}},
        "edges": {"smooth": False, "scaling": {"min": 0.5, "max": 5}, "selectionWidth": 2,
                  "arrows": {"to": {"scaleFactor": 0.6}}},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": large, "multiselect": False},
    }
    heading = title or {"entities": "unkg: entity network", "citations": "unkg: citation network",
                        "themes": "unkg: States and organizations by theme"}[kind]
    if focus:
        heading = f"unkg: neighbourhood of {focus}"
    year_label = ("Year of the document or resolution" if kind == "citations"
                  else "Named in documents of the years")
    data = {"title": heading, "kind": kind, "nodes": net.nodes, "edges": net.edges, "groups": GROUPS,
            "docs": tables.docs, "sentences": tables.sentences, "options": options, "large": large,
            "minWeight": default_min, "maxWeight": max(co_weights, default=1), "yearLabel": year_label,
            "focus": _find(g, focus) if focus and kind == "entities" else None}
    html = _template().render(
        title=heading,
        vis_js=_lib("vis-9.1.2/vis-network.min.js"),
        vis_css=_lib("vis-9.1.2/vis-network.css"),
        data_json=_safe_json(data),
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out


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
