"""The page: a view's nodes, edges and evidence as records, written into our HTML template.

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

from .. import registry
from ..model import GROUP
from ..names import collapse_spaces as _norm
from ..network import to_networkx, year_of
from ..query import run
from .layout import drawn_radius, layout
from .select import GROUP_STYLE, SOURCE, debate, find, subgraph

#: How each node type is drawn: the registry's entity types, and source documents.
GROUPS = {**{t.name: {"color": t.color, "shape": t.shape} for t in registry.entity_types().values()},
          SOURCE: {"color": "#9c755f", "shape": "hexagon"}, GROUP: GROUP_STYLE}

#: Above this many nodes the layout is computed here (networkx) and the browser's physics is off.
LARGE = 300
#: The default view shows at most about this many edges per node (the typed relations, and the
#: strongest co-mentions); the page's slider shows the rest.
EDGES_PER_NODE = 1.5
SENTENCE_CHARS = 800
#: The drawn radius of the smallest and the largest node, px.
NODE_SIZE = (6, 36)

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


def _default_min_weight(weights: list[int], n_nodes: int, typed: int = 0) -> int:
    """The smallest co-mention weight whose edges (at or above it), with the ``typed`` edges
    that are always shown, stay within the budget."""
    budget = max(200, int(EDGES_PER_NODE * n_nodes)) - typed
    w = 1
    ws = sorted(weights, reverse=True)
    while len(ws) > budget and w < (ws[0] if ws else 1):
        w += 1
        ws = [x for x in ws if x >= w]
    return w


@dataclass
class _Evidence:
    """What the graph says about the nodes of a view: where each is named, in which sentence."""

    mentioned_in: dict[str, set[int]]  # node -> documents
    shortest: dict[tuple[str, int], str]  # (node, document) -> its shortest sentence there
    in_sentence: dict[str, tuple[str, str, set[str]]]  # sentence IRI -> file, text, nodes named
    aliases: dict[str, set[str]]
    idents: dict[str, list[list[str]]]


def _evidence(store, h, tables: _Tables) -> _Evidence:
    ev = _Evidence({}, {}, {}, {}, {})
    for e, file in run(store, _MENTIONED_IN).rows:
        if e.value in h:
            ev.mentioned_in.setdefault(e.value, set()).add(tables.doc(file.value))
    for e, sent, file, text in run(store, _EVIDENCE).rows:
        if e.value in h:
            key = (e.value, tables.doc(file.value))
            if key not in ev.shortest or len(text.value) < len(ev.shortest[key]):
                ev.shortest[key] = text.value
            ev.in_sentence.setdefault(sent.value, (file.value, text.value, set()))[2].add(e.value)
    for e, a in run(store, _ALIASES).rows:
        if e.value in h:
            ev.aliases.setdefault(e.value, set()).add(_norm(a.value))
    for e, p, v in run(store, _IDENTIFIERS).rows:
        if e.value in h:
            value = v.value.rsplit("/", 1)[-1] if p.value == "Wikidata" else v.value
            if [p.value, value] not in ev.idents.setdefault(e.value, []):
                ev.idents[e.value].append([p.value, value])
    return ev


def _node_records(h, kind: str, tables: _Tables, ev: _Evidence) -> list[dict]:
    types = registry.entity_types()
    nodes = []
    for n in sorted(h.nodes):
        d = h.nodes[n]
        group = d["type"]
        style = GROUPS.get(group, {"color": "#999", "shape": "dot"})
        full, ident = _norm(d["label"]), _norm(d["id"])
        # entities known by their id (symbols, theme ids) and long names are labelled by id
        label = ident if (group in types and not types[group].names) or len(full) > 32 else full
        if group == SOURCE:  # the symbol; else what and when, else the file name
            label = full
            if not tables.docs[tables.doc(ident)]["symbol"] and d.get("kind") and d.get("date"):
                label = f"{d['kind']} {d['date']}"
        al = sorted(ev.aliases.get(n, set()) - {full, ident})
        ids = [["identifier", ident], *sorted(ev.idents.get(n, []))]
        docs = sorted(ev.mentioned_in.get(n, set()))
        mentions = [[i, tables.sentence(tables.docs[i]["file"], ev.shortest[(n, i)]) if (n, i) in ev.shortest else None]
                    for i in docs]
        own = d.get("file") or (d["id"] if group == SOURCE else None)
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
        nodes.append({
            "id": n, "label": label, "group": group, "color": style["color"], "shape": style["shape"],
            "value": round(math.sqrt(max(size, 1)), 3), "title": f"{full} ({group})",
            "full": full, "ident": ident, "docs": count, "ids": ids, "aliases": al,
            "src": own_doc, "mentions": mentions, "years": years,
            "search": " ".join([ident, full, *al]).lower(),
        })
    return nodes


def _edge_evidence(store, merged: dict, moved: dict[str, str], tables: _Tables, ev: _Evidence) -> dict:
    """Up to 5 sentences for each link: the assertion's sentence, or the sentences naming both."""
    evidence: dict[tuple[str, str, str], list[int]] = {}
    for s, p, o, file, text in run(store, _ASSERTIONS).rows:
        key = (moved.get(s.value, s.value), moved.get(o.value, o.value), p.value.rsplit("#", 1)[-1])
        if key in merged:
            lst = evidence.setdefault(key, [])
            i = tables.sentence(file.value, text.value if text is not None else "(the document as a whole)")
            if len(lst) < 5 and i not in lst:
                lst.append(i)
    pairs = {(min(u, v), max(u, v)) for (u, v, k) in merged if k == "co-mention"}
    for sent in sorted(ev.in_sentence) if pairs else ():
        file, text, ents = ev.in_sentence[sent]
        ents = sorted(ents)
        for i, a in enumerate(ents):
            for b in ents[i + 1:]:
                if (a, b) in pairs:
                    lst = evidence.setdefault((a, b, "co-mention"), [])
                    if len(lst) < 5:
                        j = tables.sentence(file, text)
                        if j not in lst:
                            lst.append(j)
    return evidence


#: What an edge's weight counts, by its kind (singular, plural).
_UNITS = {"co-mention": ("sentence", "sentences"), "raised": ("speech", "speeches")}


def _edge_records(store, h, min_weight: int | None, tables: _Tables, ev: _Evidence) -> list[dict]:
    moved = {d["source"]: n for n, d in h.nodes(data=True) if d.get("source")}  # merged source -> its node
    merged: dict[tuple[str, str, str], int] = {}
    given: dict[tuple[str, str, str], list] = {}  # evidence the selection brings (the debate view)
    for u, v, d in h.edges(data=True):
        merged[(u, v, d["kind"])] = merged.get((u, v, d["kind"]), 0) + d.get("weight", 1)
        given.setdefault((u, v, d["kind"]), []).extend(d.get("evidence", ()))
    if min_weight:
        merged = {k: w for k, w in merged.items() if k[2] != "co-mention" or w >= min_weight}
    evidence = _edge_evidence(store, merged, moved, tables, ev)
    for key, pairs in given.items():
        evidence.setdefault(key, []).extend(i for i in dict.fromkeys(tables.sentence(f, t) for f, t in pairs)
                                            if i not in evidence[key])
    edges = []
    for i, ((u, v, k), w) in enumerate(sorted(merged.items())):
        co = k == "co-mention"
        edges.append({"id": f"e{i}", "from": u, "to": v, "kind": k, "value": w,
                      "title": f"{k} ({w} {_UNITS.get(k, ('document', 'documents'))[w != 1]})",
                      "arrows": "" if co else "to", "dashes": co,
                      "color": {"color": "#8c9bab", "highlight": "#3b5b7d", "hover": "#3b5b7d", "opacity": 0.55} if co
                      else {"color": "#5a5a5a", "highlight": "#000", "hover": "#000", "opacity": 0.75},
                      "evidence": evidence.get((min(u, v), max(u, v), k) if co else (u, v, k), [])})
    return edges


def _options(large: bool) -> dict:
    return {
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


def render(store, out: Path, *, kind: str = "entities", focus: str | None = None, depth: int = 1,
           title: str | None = None, min_weight: int | None = None, meetings: list[str] | None = None,
           by: str = "state") -> Path:
    """Write a view. ``min_weight``: leave out co-mention edges below it (default: keep them all
    in the page, and show the strongest of a large graph by default; the page has a slider).
    ``meetings`` and ``by``: the debate view's meetings and nodes (``view.select.debate``)."""
    if kind == "debate":
        g = h = debate(store, meetings, by)
    else:
        g = to_networkx(store, documents=(kind == "citations"))
        h = subgraph(g, kind, focus, depth)
    tables = _Tables(store)
    ev = _evidence(store, h, tables)
    nodes = _node_records(h, kind, tables, ev)
    edges = _edge_records(store, h, min_weight, tables, ev)

    co_weights = [e["value"] for e in edges if e["kind"] == "co-mention"]
    default_min = _default_min_weight(co_weights, len(nodes), typed=len(edges) - len(co_weights))
    large = len(nodes) > LARGE
    if large:
        radii = drawn_radius({r["id"]: r["value"] for r in nodes}, NODE_SIZE[0], NODE_SIZE[1])
        pos = layout(h, edges, default_min, radii)
        for rec in nodes:
            x, y = pos[rec["id"]]
            rec["x"], rec["y"] = round(float(x), 1), round(float(y), 1)
    heading = title or {"entities": "unkg: entity network", "citations": "unkg: citation network",
                        "themes": "unkg: States and organizations by theme",
                        "debate": "unkg: who raised which themes" + (f" ({', '.join(meetings)})" if meetings else "")}[kind]
    if focus:
        heading = f"unkg: neighbourhood of {focus}"
    year_label = ("Year of the document or resolution" if kind == "citations"
                  else "Named in documents of the years")
    data = {"title": heading, "kind": kind, "nodes": nodes, "edges": edges, "groups": GROUPS,
            "docs": tables.docs, "sentences": tables.sentences, "options": _options(large), "large": large,
            "minWeight": default_min, "maxWeight": max(co_weights, default=1), "yearLabel": year_label,
            "focus": find(g, focus) if focus and kind == "entities" else None}
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
