"""The HTML view: self-contained, and never markup from documents."""

import re
from pathlib import Path

import pytest

import unkg


_VIEWS: dict[Path, dict[str, Path]] = {}


@pytest.fixture(scope="session")
def views(kg, tmp_path_factory) -> dict[str, Path]:
    """The views of seeds/, written once a session (test_browser imports this fixture, which
    makes a second fixture of it there: both share what _VIEWS holds)."""
    if kg.path not in _VIEWS:
        out = tmp_path_factory.mktemp("views")
        _VIEWS[kg.path] = {
            "entities": kg.view(out=out / "network.html"),
            "citations": kg.view("citations", out=out / "citations.html"),
            "themes": kg.view("themes", out=out / "themes.html"),
            "focus": kg.view(focus="CSTO", depth=1, out=out / "csto.html"),
        }
    return _VIEWS[kg.path]


def test_the_default_view_is_self_contained(views):
    html = views["entities"].read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', html) == []
    assert "cdn" not in html.lower().replace("cdnjs", "") or "cdnjs" not in html
    assert '"ident":"CSTO"' in html


def test_document_text_cannot_become_markup(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "evil.txt").write_text(
        "Letter dated 1 May 2020 from the Permanent Representative of Peru addressed to the Secretary-General\n"
        "The Frobnitz <img src=x onerror=alert(1)> Group (FNG) met the Council. "
        "</script><script>alert(2)</script> Peru and Chile agreed.\n", encoding="utf-8")
    out = tmp_path / "g"
    unkg.build([d], out)
    html = unkg.open(out).view().read_text(encoding="utf-8")
    data = html[html.index('id="graph-data"'):]
    data = data[: data.index("</script>")]
    assert "<img" not in data and "<script" not in data


def test_focus_and_kinds(views):
    focus = views["focus"].read_text(encoding="utf-8")
    assert '"ident":"CSTO"' in focus
    for kind in ("citations", "themes"):
        assert views[kind].stat().st_size > 100_000


def _data(html: str) -> dict:
    import json

    start = html.index('id="graph-data"')
    start = html.index(">", start) + 1
    return decoded(json.loads(html[start: html.index("</script>", start)]))


def decoded(data: dict) -> dict:
    """The page's data with each link as the page reads it: ``[from, to, kind, weight, docs,
    evidence]``, its ends indices into the nodes, becomes a record with its id and its ends' IRIs."""
    ids = [n["id"] for n in data["nodes"]]
    data["edges"] = [{"id": f"e{i}", "from": ids[f], "to": ids[t], "kind": k, "value": w, "docs": d, "evidence": ev}
                     for i, (f, t, k, w, d, ev) in enumerate(data["edges"])]
    return data


def test_years_from_dates_and_symbols():
    from unkg.network import year_of

    assert year_of("2019-09-13", "S/2019/1009") == 2019
    assert year_of(None, "S/RES/1373 (2001)") == 2001
    assert year_of(None, "S/PRST/2020/1") == 2020
    assert year_of(None, "A/78/842-S/2024/384") == 2024
    assert year_of(None, "A/RES/67/1") is None and year_of(None, "S/PV.8698") is None


def test_the_page_tables_and_records(views):
    data = _data(views["entities"].read_text(encoding="utf-8"))
    csto = next(n for n in data["nodes"] if n["ident"] == "CSTO")
    assert csto["full"] == "Collective Security Treaty Organization" and csto["group"] == "Organization"
    assert ["identifier", "CSTO"] in csto["ids"]
    # every document that names it, each with a sentence that names it
    assert len(csto["mentions"]) == csto["docs"] >= 1
    for doc, s in csto["mentions"]:
        assert data["sentences"][s][0] == doc
    assert data["docs"][csto["mentions"][0][0]]["file"] == "003_1fb2cdfbb095d01d.txt"
    assert csto["years"] == [2019]
    # positions computed here, the page settles them; hubs and communities ranked here
    assert len(data["nodes"]) > 300 and not data["options"]["physics"]["enabled"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert sum(n["hub"] for n in data["nodes"]) == len(data["hubs"]) == 3
    assert data["communities"] and all(n["c"] < 10 for n in data["nodes"])
    # every link counts its evidence per document (what the document filters act on)
    assert all(e["docs"] and all(n > 0 for _, n in e["docs"]) for e in data["edges"])
    theme = next(n for n in data["nodes"] if n["group"] == "Theme" and n["ident"] == "international-law")
    assert theme["label"].replace("\n", " ").startswith("International law")
    # each sentence once
    assert len({tuple(s) for s in data["sentences"]}) == len(data["sentences"])


def test_the_layout_is_deterministic_spaced_and_fast_enough_for_5000_nodes():
    import math

    import networkx as nx

    from unkg.view.layout import layout as _layout

    rnd = nx.powerlaw_cluster_graph(5000, 3, 0.2, seed=3)
    u = nx.Graph()
    u.add_nodes_from(f"n{n:04}" for n in rnd)
    u.add_weighted_edges_from((f"n{a:04}", f"n{b:04}", 1 + (a * b) % 7) for a, b in rnd.edges)
    u.add_node("alone")
    order = sorted(u, key=lambda n: (-u.degree(n, weight="weight"), n))
    a = _layout(u, order, set(), {n: 6.0 for n in u})
    assert a == _layout(u, order, set(), {n: 6.0 for n in u})
    assert set(a) == set(u)
    top = [a[n] for n in order[:400]]
    close = sum(math.dist(p, q) < 8 for i, p in enumerate(top) for q in top[i + 1:])
    assert close <= len(top) // 50  # nodes do not pile up on one another


def test_boilerplate_is_ranked_last():
    from unkg.view.evidence import boilerplate, rank_key

    for s in ("The Security Council,", "I have the honour to transmit herewith the letter",
              "Please accept, Excellency, the assurances of my highest consideration.", "I now give the floor to Mr. Nebenzia."):
        assert boilerplate(s), s
    real = "The Security Council condemns the attacks by ISIL in Iraq and the Syrian Arab Republic."
    assert not boilerplate(real)
    assert sorted(["The Security Council,", real], key=rank_key)[0] == real


def test_graphml_and_gexf_give_each_kind_its_own_edge_and_direction(kg):
    import xml.etree.ElementTree as ET

    from unkg.network import gexf_text, graphml_text

    g = kg.to_networkx()
    root = ET.fromstring(graphml_text(g))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("attr.name"): k.get("id") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    edges = root.findall(".//g:edge", ns)
    kinds = [next(d.text for d in e if d.get("key") == keys["kind"]) for e in edges]
    assert not any("," in k for k in kinds) and {"co-mention", "partOf"} <= set(kinds)
    for e, k in zip(edges, kinds):
        assert e.get("directed") == ("false" if k == "co-mention" else "true")
    gexf = ET.fromstring(gexf_text(g))
    types = {e.get("type") for e in gexf.iter() if e.tag.endswith("}edge")}
    assert types == {"directed", "undirected"}
    assert graphml_text(g) == graphml_text(kg.to_networkx())  # deterministic


def test_citations_view_merges_a_source_with_the_resolution_it_is(views):
    data = _data(views["citations"].read_text(encoding="utf-8"))
    labels = [n["label"] for n in data["nodes"]]
    assert len(labels) == len(set(labels))
    r1373 = next(n for n in data["nodes"] if n["ident"] == "S/RES/1373 (2001)")
    assert r1373["group"] == "Resolution" and r1373["years"] == [2001]
    assert data["docs"][r1373["src"]]["file"] == "S-RES-1373-2001.txt"
    assert all(e["kind"] == "cites" and e["evidence"] for e in data["edges"])


def test_the_title_is_text(kg, tmp_path):
    from unkg.view import render

    html = render(kg.store, tmp_path / "t.html", kind="citations", title="</title><script>alert(1)</script>").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;/title&gt;&lt;script&gt;" in html


def test_the_same_graph_gives_the_same_page(kg, views, tmp_path):
    again = kg.view(out=tmp_path / "again.html")
    assert again.read_bytes() == views["entities"].read_bytes()


def test_export_gexf_and_the_citation_network(seeds_graph):
    from typer.testing import CliRunner

    from unkg.cli import app

    runner = CliRunner()
    gexf = runner.invoke(app, ["export", "gexf", "--graph", str(seeds_graph)])
    assert gexf.exit_code == 0 and '<gexf xmlns="http://gexf.net/1.3"' in gexf.stdout
    cites = runner.invoke(app, ["export", "graphml", "--kind", "citations", "--graph", str(seeds_graph)])
    assert cites.exit_code == 0
    kinds = set(re.findall(r'<data key="kind">([^<]+)</data>', cites.stdout))
    assert kinds == {"cites"} and 'directed="true"' in cites.stdout


# ------------------------------------------------------------------ a page holds a bounded part

def _graph(links: list[tuple[str, str, int]], alone: tuple[str, ...] = ()):
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in sorted({x for a, b, _ in links for x in (a, b)} | set(alone)):
        g.add_node(n, type="Organization", id=n, label=n, documents=1)
    for a, b, w in links:
        g.add_edge(a, b, kind="co-mention", weight=w)
    return g


def _isolated(b) -> set[str]:
    linked = {x for u, v, _ in b.links for x in (u, v) if u != v}
    return set(b.nodes) - linked


def test_bound_keeps_the_most_linked_each_with_a_link_kept():
    from unkg.view.select import bound, merged_links

    # a star of strong links, a pair linked only to each other, and x: strong, but only through
    # links to nodes ranked below the cap, so alone among what is kept
    links = [("hub", f"s{i}", 10 + i) for i in range(6)] + [("p", "q", 3)]
    links += [("x", f"y{i}", 9) for i in range(3)]
    g = _graph(links, alone=("z",))
    b = bound(g, merged_links(g), max_nodes=8, max_links=100)
    assert len(b.nodes) <= 8 and b.total_nodes == g.number_of_nodes() == 14
    assert b.nodes[0] == "hub" and "x" not in b.nodes and "z" not in b.nodes
    assert _isolated(b) == set()
    assert b.total_links == len(links)
    # a node waiting for its partner joins with it
    b = bound(g, merged_links(g), max_nodes=9, max_links=100)
    assert {"hub", *(f"s{i}" for i in range(6))} <= set(b.nodes) and _isolated(b) == set()
    assert b == bound(g, merged_links(g), max_nodes=9, max_links=100)  # deterministic


def test_bound_caps_links_strongest_first_and_keeps_each_nodes_strongest():
    from unkg.view.select import bound, merged_links

    # a dense core and a weakly linked rim: the cap keeps core links, and one link of each rim node
    core = [(f"c{i}", f"c{j}", 50) for i in range(6) for j in range(i + 1, 6)]
    rim = [(f"r{i}", f"c{i % 6}", 1) for i in range(10)]
    g = _graph(core + rim)
    b = bound(g, merged_links(g), max_nodes=100, max_links=18)
    assert len(b.nodes) == 16 and len(b.links) == 18 and _isolated(b) == set()
    assert sum(k[0].startswith("r") or k[1].startswith("r") for k in b.links) == 10
    # co-mentions in both directions are one link; min_weight leaves the weak out
    g.add_edge("c1", "c0", kind="co-mention", weight=5)
    assert merged_links(g)[("c0", "c1", "co-mention")] == 55
    assert all(w >= 2 for w in merged_links(g, min_weight=2).values())


def test_bound_with_a_focus_takes_the_nearest_first():
    from unkg.view.select import bound, merged_links

    links = [("f", "a", 1), ("f", "b", 1), ("a", "far1", 100), ("b", "far2", 100), ("far1", "far2", 100)]
    g = _graph(links)
    b = bound(g, merged_links(g), max_nodes=3, max_links=10, focus="f")
    assert b.nodes == ["f", "a", "b"] and _isolated(b) == set()


def test_a_graph_larger_than_the_cap_gives_a_bounded_page_that_says_so(kg, views, tmp_path):
    full = _data(views["entities"].read_text(encoding="utf-8"))
    total = kg.to_networkx().number_of_nodes()
    # entities named with no other are left out: a page draws nothing alone
    assert f"holds {len(full['nodes'])} of {total:,} entities" in full["scope"]["text"] and len(full["nodes"]) < total
    path = kg.view(out=tmp_path / "small.html", max_nodes=60)
    data = _data(path.read_text(encoding="utf-8"))
    assert len(data["nodes"]) <= 60 and len(data["edges"]) <= 60 * 4
    assert not data["scope"]["all"]
    assert f"holds {len(data['nodes'])} of {total:,} entities, the most linked" in data["scope"]["text"]
    assert "unkg view --focus NAME" in data["scope"]["text"]
    ids = {n["id"] for n in data["nodes"]}
    linked = {x for e in data["edges"] if e["from"] != e["to"] for x in (e["from"], e["to"])}
    assert linked == ids  # only links between embedded nodes, and none alone
    # the hubs are among the most linked, and kept
    assert {n["full"] for n in data["nodes"] if n["hub"]} == {n["full"] for n in full["nodes"] if n["hub"]}
    # evidence is bounded per link and per node, and every index points into the tables
    assert all(len(e["evidence"]) <= 20 for e in data["edges"]) and all(len(n["mentions"]) <= 20 for n in data["nodes"])
    assert all(0 <= s < len(data["sentences"]) for e in data["edges"] for s in e["evidence"])
    assert path.stat().st_size < 1_500_000 < views["entities"].stat().st_size
    assert path.read_bytes() == kg.view(out=tmp_path / "again.html", max_nodes=60).read_bytes()


def test_records_carry_only_what_the_page_reads(views):
    import json

    html = views["entities"].read_text(encoding="utf-8")
    data = _data(html)
    assert set().union(*(n.keys() for n in data["nodes"])) <= {
        "id", "label", "group", "value", "full", "ident", "docs", "ids", "aliases", "src", "mentions", "years",
        "hub", "c", "x", "y"}
    # style, tooltip and arrows follow from the type and kind, in the page; links point to nodes by index
    raw = html[html.index('id="graph-data"'):]
    raw = json.loads(raw[raw.index(">") + 1: raw.index("</script>")])
    assert all(len(e) == 6 and isinstance(e[0], int) and isinstance(e[1], int) for e in raw["edges"])
    assert len(raw["edges"]) == len(data["edges"]) > 1000


def test_the_quotes_fit_the_page_budget(kg, views, tmp_path, monkeypatch):
    import json

    from unkg import settings

    big = _data(views["entities"].read_text(encoding="utf-8"))
    chars = sum(len(t) for _, t in big["sentences"]) // 3
    monkeypatch.setattr(settings, "VIEW_MAX_SENTENCE_CHARS", chars)
    data = _data(kg.view(out=tmp_path / "fit.html").read_text(encoding="utf-8"))
    assert sum(len(t) for _, t in data["sentences"]) <= chars
    # the first sentence of the strongest links, and of the nodes, are kept before any second one
    strongest = max(data["edges"], key=lambda e: e["value"])
    quoted = {n["id"] for n in big["nodes"] if any(s is not None for _, s in n["mentions"])}
    assert strongest["evidence"] and quoted and all(any(s is not None for _, s in n["mentions"])
                                                    for n in data["nodes"] if n["id"] in quoted)
    assert sum(s is not None for n in data["nodes"] for _, s in n["mentions"]) < sum(
        s is not None for n in big["nodes"] for _, s in n["mentions"])
    assert len(json.dumps(data["sentences"])) < len(json.dumps(big["sentences"]))
