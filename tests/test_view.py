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
    return json.loads(html[start: html.index("</script>", start)])


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
