"""The network views in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by
Playwright, with every request that is not the file itself refused and recorded.

Skips when Chromium is missing, unless UNKG_REQUIRE_BROWSER is set (CI sets it): then it fails.
UNKG_CHROMIUM names another Chromium binary. UNKG_SCREENSHOT=path saves the default view of
seeds/ as a PNG (how docs/network.png is made).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import RUSSIA
from .test_view import views  # noqa: F401 - the views of seeds/, written once a session

CHROMIUM = os.environ.get("UNKG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIXTURES = Path(__file__).parent / "fixtures" / "browser"
LOCAL = ("file:", "about:", "data:")
VIEWPORT = {"width": 1400, "height": 900}


def _unavailable(reason: str):
    if os.environ.get("UNKG_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}, and UNKG_REQUIRE_BROWSER is set", pytrace=False)
    pytest.skip(f"{reason} (apt-get install chromium; set UNKG_REQUIRE_BROWSER=1 to fail instead of skipping)")


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (the test extra)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A view opened in its own context, offline, with every request outside the file refused."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []  # every request the page made
        self.refused: list[str] = []  # the ones that would have left the file
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT, offline=True)
        self.context.route("**/*", self._route)
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)

    def _route(self, route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def data(self) -> dict:
        return json.loads(self.page.text_content("#graph-data"))

    def rendered(self) -> tuple[int, int]:
        """The nodes and edges vis-network actually draws."""
        return self.js("[unkgNetwork.body.nodeIndices.length, unkgNetwork.body.edgeIndices.length]")

    def search(self, text: str) -> list[str]:
        self.page.fill("#search", text)
        return [li.text_content() for li in self.page.query_selector_all("#hits li[data-id]")]

    def panel(self) -> str:
        return self.page.text_content("#panel")

    def close(self):
        self.context.close()
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.refused == [], f"requests left the file: {self.refused}"
        assert all(u.startswith(LOCAL) for u in self.requests), self.requests


@pytest.fixture()
def open_view(browser):
    pages = []

    def _open(path: Path) -> Page:
        pages.append(Page(browser, path))
        return pages[-1]

    yield _open
    for p in pages:
        p.close()


def _words(text: str) -> str:
    """Text compared across the source file and the sentence store: letters and digits only."""
    return " ".join(re.sub(r"[\W_]+", " ", text).lower().split())


def test_the_route_refuses_and_records_other_hosts(browser):
    # the guard the other tests rely on: a request to another host is caught, not made
    p = Page.__new__(Page)
    p.refused, p.requests = [], []
    ctx = browser.new_context(offline=True)
    ctx.route("**/*", p._route)
    page = ctx.new_page()
    with pytest.raises(Exception):
        page.goto("http://example.org/unkg-probe")
    ctx.close()
    assert p.refused == ["http://example.org/unkg-probe"]


@pytest.mark.parametrize("name", ["entities", "citations", "themes", "focus"])
def test_every_node_of_the_view_is_drawn(kg, views, open_view, name):
    from unkg.view import subgraph

    g = kg.to_networkx(documents=(name == "citations"))
    h = subgraph(g, "entities" if name == "focus" else name, focus="CSTO" if name == "focus" else None)
    p = open_view(views[name])
    data = p.data()
    nodes, edges = p.rendered()
    assert nodes == len(data["nodes"]) == h.number_of_nodes() > 0
    default_edges = [e for e in data["edges"] if e["kind"] != "co-mention" or e["value"] >= data["minWeight"]]
    assert edges == len(default_edges) > 0
    assert p.page.text_content("#status").startswith(f"{nodes} of {nodes} nodes")
    # the legend: one row per type present, with its colour and count
    legend = p.page.text_content("#legend")
    for group in {n["group"] for n in data["nodes"]}:
        count = sum(n["group"] == group for n in data["nodes"])
        assert f"({count} of {count})" in legend
    large = len(data["nodes"]) > 300
    assert data["large"] is large
    if large:  # a layout computed in Python, physics off
        assert all("x" in n and "y" in n for n in data["nodes"])
        assert p.js("unkgNetwork.physics.options.enabled") is False


def test_the_default_view_is_readable_and_can_be_saved_as_a_picture(views, open_view):
    p = open_view(views["entities"])
    data = p.data()
    # the default shows the strong links only: not a hairball
    nodes, edges = p.rendered()
    assert edges <= max(200, 1.5 * nodes) < len(data["edges"])
    shot = os.environ.get("UNKG_SCREENSHOT")
    if shot:
        p.page.wait_for_timeout(500)
        p.page.screenshot(path=shot)


def test_search_finds_csto_and_its_panel_quotes_the_russian_letter(views, open_view):
    p = open_view(views["entities"])
    hits = p.search("CSTO")
    assert hits and hits[0].startswith("Collective Security Treaty Organization — CSTO")
    p.page.click("#hits li[data-id]")
    p.page.wait_for_timeout(600)  # the focus animation
    csto = p.js("unkgNetwork.getSelectedNodes()")
    assert len(csto) == 1 and csto[0].endswith("/CSTO")
    assert p.page.text_content("#panel h2") == "Collective Security Treaty Organization"
    panel = p.panel()
    assert "Organization" in panel and "identifier" in panel and "CSTO" in panel
    letter = RUSSIA.name
    docs = [d.text_content() for d in p.page.query_selector_all("#panel .doc")]
    quotes = [q.text_content() for q in p.page.query_selector_all("#panel blockquote")]
    i = next(i for i, d in enumerate(docs) if letter in d)
    assert "concept note" in docs[i] and "2019-09-13" in docs[i]
    assert "CSTO" in quotes[i] or "Collective Security Treaty Organization" in quotes[i]
    assert _words(quotes[i]) in _words(RUSSIA.read_text(encoding="utf-8"))

    # a real click on the node, where it is drawn, opens the same panel
    p.js("document.getElementById('panel').replaceChildren()")
    p.js("unkgNetwork.unselectAll()")
    box = p.page.query_selector("#net").bounding_box()
    xy = p.js("""id => {  // a point of the node's disc that no other node (or label) covers
      const c = unkgNetwork.canvasToDOM(unkgNetwork.getPosition(id));
      for (const r of [0, 2, 4, 6])
        for (let a = 0; a < 8; a++) {
          const p = { x: c.x + r * Math.cos(a * Math.PI / 4), y: c.y + r * Math.sin(a * Math.PI / 4) };
          if (unkgNetwork.getNodeAt(p) === id) return p;
        }
      return null; }""", csto[0])
    assert xy is not None, "CSTO is covered by other nodes where it is drawn"
    p.page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    assert p.page.text_content("#panel h2") == "Collective Security Treaty Organization"
    assert p.js("unkgNetwork.getSelectedNodes()") == csto


@pytest.mark.parametrize("query, first", [
    ("Collective Security Treaty Organization", "Collective Security Treaty Organization"),  # name
    ("russian federation", "Russian Federation"),  # name, any case
    ("S/RES/1373 (2001)", "S/RES/1373 (2001)"),  # symbol
])
def test_search_by_name_or_symbol(views, open_view, query, first):
    p = open_view(views["entities"])
    assert p.search(query)[0].startswith(first)


def test_edges_show_their_kind_and_evidence(views, open_view):
    p = open_view(views["focus"])
    # a neighbourhood opens on its centre
    assert p.page.text_content("#panel h2") == "Collective Security Treaty Organization"
    data = p.data()
    for kind in {e["kind"] for e in data["edges"]}:
        e = max((e for e in data["edges"] if e["kind"] == kind), key=lambda e: e["value"])
        p.js("id => unkg.showEdge(id)", e["id"])
        assert kind in p.page.text_content("#panel .meta")
        quotes = [q.text_content() for q in p.page.query_selector_all("#panel blockquote")]
        assert quotes and all(data["sentences"][s][1] in quotes for s in e["evidence"])
    # and a hover shows the kind as a tooltip (text)
    assert all(e["title"].startswith(e["kind"]) for e in data["edges"])


def test_filters_by_type_link_strength_and_year(views, open_view):
    p = open_view(views["entities"])
    data = p.data()
    nodes, edges = p.rendered()
    states = sum(n["group"] == "State" for n in data["nodes"])
    p.page.uncheck("#legend input[data-group=State]")
    assert p.rendered()[0] == nodes - states
    p.page.check("#legend input[data-group=State]")
    assert p.rendered() == [nodes, edges]
    # every co-mention, weak ones too
    p.page.fill("#min-weight", "1")
    assert p.rendered()[1] == len(data["edges"])
    p.page.click("#doc-filters summary")
    p.page.check("#hide-alone input")
    p.page.fill("#min-weight", "30")
    assert p.rendered()[0] < nodes

    c = open_view(views["citations"])
    data = c.data()
    years = sorted({y for n in data["nodes"] for y in n["years"]})
    assert years[0] < 2015 < years[-1]
    c.page.fill("#year-from", "2015")
    expected = [n for n in data["nodes"] if any(y >= 2015 for y in n["years"])]
    assert c.rendered()[0] == len(expected)
    c.page.click("#reset")
    assert c.rendered()[0] == len(data["nodes"])
    # document kinds: only what is, or is named in, a resolution
    for box in c.page.query_selector_all("#doc-filters input[data-doc-kind]"):
        if box.get_attribute("data-doc-kind") != "resolution":
            box.uncheck()
    assert 0 < c.rendered()[0] < len(data["nodes"])


@pytest.fixture(scope="module")
def xss_view(tmp_path_factory) -> Path:
    from unkg.api import build, open as open_graph

    out = tmp_path_factory.mktemp("xss")
    report = build([FIXTURES / "xss-letter.txt"], out / "graph")
    assert report.ok, report.errors
    return open_graph(out / "graph").view(out=out / "network.html")


def test_document_text_is_shown_as_text_never_run(xss_view, open_view):
    p = open_view(xss_view)
    data = p.data()
    scripts = p.js("document.scripts.length")
    for name in ("Peru", "Chile"):
        p.search(name)
        p.page.click("#hits li[data-id]")
        p.page.wait_for_timeout(500)
        assert p.page.text_content("#panel h2") == name
    # the sentence with the <script> next to Peru, as text
    p.js("id => unkg.showNode(id)", next(n["id"] for n in data["nodes"] if n["full"] == "Peru"))
    assert "<script>alert(1)</script>" in p.panel()
    # the Chile–Peru link quotes the sentence with both payloads, as text
    pair = {n["id"] for n in data["nodes"] if n["full"] in ("Peru", "Chile")}
    link = next(e for e in data["edges"] if {e["from"], e["to"]} == pair)
    p.js("id => unkg.showEdge(id)", link["id"])
    panel = p.panel()
    assert "<img src=x onerror=alert(1)>" in panel and "<script>alert(1)</script>" in panel
    # nothing became markup: no image, no new script, no dialog
    assert p.js("document.querySelectorAll('img').length") == 0
    assert p.js("document.scripts.length") == scripts == 3
    p.page.wait_for_timeout(300)
    assert p.dialogs == []


def test_the_view_of_the_bad_input_corpus_runs_nothing_from_the_documents(tmp_path, open_view):
    # Issue 8's downloads folder (markup, quotes and SPARQL in entity-like names, broken files):
    # whatever builds from it is drawn, and nothing in it runs or leaves the file.
    from tests.test_bad_inputs import write_bad_inputs
    from unkg.api import build, open as open_graph

    folder = write_bad_inputs(tmp_path / "bad")
    report = build([folder], tmp_path / "graph")
    assert report.documents and report.errors  # some built, the broken ones reported
    page = open_view(open_graph(tmp_path / "graph").view(out=tmp_path / "network.html"))
    data = page.data()
    assert page.rendered()[0] == len(data["nodes"]) > 0
    assert page.js("document.querySelectorAll('img').length") == 0
    assert page.js("document.scripts.length") == 3
    page.page.wait_for_timeout(300)
    # Page.close (by the fixture) asserts: no dialog, no page error, no request outside the file
