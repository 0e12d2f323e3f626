"""view: interactive HTML network views, built with pyvis and networkx, that open offline.

pyvis builds the node, edge and option records; the page is our own template, because pyvis's
links Bootstrap from a CDN even in "in_line" mode and writes node titles as HTML. Ours inlines
vis-network from the pyvis package, embeds the data as JSON (with "<" escaped, so a document's
text cannot close the script element) and shows every label and sentence as text.
"""

from __future__ import annotations

import html as _html
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .network import to_networkx
from .query import run

GROUPS = {
    "State": {"color": "#4e79a7", "shape": "dot"},
    "Organization": {"color": "#f28e2b", "shape": "dot"},
    "Resolution": {"color": "#e15759", "shape": "square"},
    "Document": {"color": "#b07aa1", "shape": "square"},
    "Instrument": {"color": "#59a14f", "shape": "triangle"},
    "Person": {"color": "#edc948", "shape": "diamond"},
    "Theme": {"color": "#76b7b2", "shape": "star"},
    "SourceDocument": {"color": "#9c755f", "shape": "box"},
}

_EVIDENCE = """
SELECT ?e ?file ?text WHERE {
  ?m a unkg:Mention ; oa:hasBody ?e ; unkg:inSentence ?s ; oa:hasTarget/oa:hasSource ?src .
  ?s unkg:text ?text . ?src unkg:fileName ?file .
}"""

_ALIASES = "SELECT ?e ?alias WHERE { ?src unkg:mentions ?e . ?e skos:altLabel ?alias }"


def _evidence(store: ox.Store, per_entity: int = 5) -> dict[str, list[dict]]:
    out: dict[str, dict[str, str]] = {}
    for e, file, text in run(store, _EVIDENCE).rows:
        docs = out.setdefault(e.value, {})
        if file.value not in docs or len(text.value) < len(docs[file.value]):
            docs[file.value] = text.value
    return {e: [{"doc": f, "sentence": s[:600]} for f, s in sorted(d.items())[:per_entity]] for e, d in out.items()}


def _comention_evidence(store: ox.Store, pairs: set[tuple[str, str]], limit: int = 3) -> dict[tuple[str, str], list[dict]]:
    q = """SELECT ?a ?b ?file ?text WHERE {
      ?m1 oa:hasBody ?a ; unkg:inSentence ?s . ?m2 oa:hasBody ?b ; unkg:inSentence ?s .
      ?s unkg:text ?text ; unkg:inDocument ?src . ?src unkg:fileName ?file . FILTER (STR(?a) < STR(?b)) }"""
    out: dict[tuple[str, str], list[dict]] = {}
    if not pairs:
        return out
    for a, b, file, text in run(store, q).rows:
        key = (a.value, b.value)
        if key in pairs:
            lst = out.setdefault(key, [])
            if len(lst) < limit and all(x["sentence"] != text.value for x in lst):
                lst.append({"doc": file.value, "sentence": text.value[:600]})
    return out


def subgraph(g: nx.MultiDiGraph, kind: str = "entities", focus: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
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


def _find(g: nx.MultiDiGraph, text: str) -> str | None:
    t = text.strip().lower()
    for n, d in sorted(g.nodes(data=True), key=lambda nd: -nd[1].get("documents", 0)):
        if t in (d.get("id", "").lower(), d.get("label", "").lower()):
            return n
    return None


def render(store: ox.Store, out: Path, *, kind: str = "entities", focus: str | None = None, depth: int = 1,
           title: str | None = None, min_weight: int = 1) -> Path:
    from pyvis.network import Network

    g = to_networkx(store, documents=(kind == "citations"))
    h = subgraph(g, kind, focus, depth)
    evidence = _evidence(store)
    aliases: dict[str, list[str]] = {}
    for e, a in run(store, _ALIASES).rows:
        aliases.setdefault(e.value, []).append(a.value)

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    # pyvis's add_node/add_edge scan lists (quadratic); fill its records directly, linearly.
    node_ids = sorted(h.nodes)
    for n in node_ids:
        d = h.nodes[n]
        group = d["type"]
        style = GROUPS.get(group, {"color": "#999", "shape": "dot"})
        label = d["id"] if group in ("State", "Resolution", "Document", "Theme") or len(d["label"]) > 40 else d["label"]
        al = sorted(set(aliases.get(n, [])))
        net.nodes.append({
            "id": n, "label": label, "group": group, "color": style["color"], "shape": style["shape"],
            "value": d.get("documents", 1), "full": d["label"], "ident": d["id"], "docs": d.get("documents", 1),
            "aliases": al, "evidence": evidence.get(n, []),
            "search": " ".join([d["id"], d["label"], *al]).lower(),
        })
        net.node_ids.append(n)
        net.node_map[n] = net.nodes[-1]
    merged: dict[tuple[str, str, str], int] = {}
    for u, v, d in h.edges(data=True):
        merged[(u, v, d["kind"])] = merged.get((u, v, d["kind"]), 0) + d.get("weight", 1)
    pairs = {(min(u, v), max(u, v)) for (u, v, k) in merged if k == "co-mention"}
    co_ev = _comention_evidence(store, pairs) if len(pairs) < 20000 else {}
    for (u, v, k), w in sorted(merged.items()):
        if k == "co-mention" and w < min_weight:
            continue
        net.edges.append({"from": u, "to": v, "kind": k, "value": w, "title": k,
                          "arrows": "" if k == "co-mention" else "to",
                          "dashes": k == "co-mention", "color": {"opacity": 0.35 if k == "co-mention" else 0.8},
                          "evidence": co_ev.get((min(u, v), max(u, v)), []) if k == "co-mention" else []})
    large = len(net.nodes) > 300
    if large:
        pos = nx.spring_layout(nx.Graph(h), seed=7, iterations=50, scale=1000)
        for rec in net.nodes:
            x, y = pos[rec["id"]]
            rec["x"], rec["y"] = float(x), float(y)
    options = {
        "physics": {"enabled": not large, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": 300}},
        "nodes": {"font": {"size": 14}, "scaling": {"min": 8, "max": 40}},
        "edges": {"smooth": False, "scaling": {"min": 1, "max": 8}},
        "interaction": {"hover": True, "tooltipDelay": 200},
    }
    heading = title or {"entities": "unkg: entity network", "citations": "unkg: citation network",
                        "themes": "unkg: States and organizations by theme"}[kind]
    if focus:
        heading = f"unkg: neighbourhood of {focus}"
    data = {"title": heading, "nodes": net.nodes, "edges": net.edges, "groups": GROUPS, "options": options}
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
