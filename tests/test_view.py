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
    # a large graph: positions computed here, physics off, strong links only by default
    assert len(data["nodes"]) > 300 and data["large"] and not data["options"]["physics"]["enabled"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert data["minWeight"] > 1
    # each sentence once
    assert len({tuple(s) for s in data["sentences"]}) == len(data["sentences"])


def test_the_large_layout_is_deterministic_and_spaced():
    import math

    import networkx as nx

    from unkg.view.layout import layout as _layout

    g = nx.MultiDiGraph()
    rnd = nx.gnm_random_graph(400, 900, seed=3)
    for n in rnd:
        g.add_node(f"n{n:03}", type="Organization", id=f"n{n:03}", label=f"n{n:03}", documents=1)
    g.add_node("alone", type="State", id="alone", label="alone", documents=1)
    edges = [{"from": f"n{u:03}", "to": f"n{v:03}", "kind": "co-mention", "value": 1 + (u * v) % 5} for u, v in rnd.edges]
    a = _layout(g, edges, 3, {n: 6.0 for n in g})
    assert a == _layout(g, edges, 3, {n: 6.0 for n in g})
    assert set(a) == set(g)
    pts = list(a.values())
    close = sum(math.dist(p, q) < 8 for i, p in enumerate(pts) for q in pts[i + 1:])
    assert close <= len(pts) // 50  # nodes do not pile up on one another


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
