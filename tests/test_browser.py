"""The network views in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by
Playwright, with every request that is not the file itself refused and recorded.

Skips when Chromium is missing, unless UNKG_REQUIRE_BROWSER is set (CI sets it): then it fails.
UNKG_CHROMIUM names another Chromium binary. UNKG_SCREENSHOT=path saves the default view of
seeds/ as a PNG (tools/screenshots.py takes the README's pictures the same way).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import RUSSIA
from .test_view import decoded, views  # noqa: F401 - the views of seeds/, written once a session

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

    def __init__(self, browser, path: Path, fragment: str | None = None):
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
        self.page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
        self.wait_idle()

    def wait_idle(self):
        """Until the layout has settled after the last change (the page sets data-busy)."""
        self.page.wait_for_selector("body[data-busy=false]", state="attached", timeout=60_000)

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
        return decoded(json.loads(self.page.text_content("#graph-data")))

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

    def _open(path: Path, fragment: str | None = None) -> Page:
        pages.append(Page(browser, path, fragment))
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


# What a person sees, measured on vis-network's own drawing: the nodes and links it draws, and
# the boxes of the labels it draws at the current zoom (a label too small to read is not drawn).
_SEEN = """() => {
  const net = unkgNetwork, ids = net.body.nodeIndices, deg = new Map(ids.map(i => [i, 0]));
  for (const id of net.body.edgeIndices) { const e = net.body.edges[id]; deg.set(e.fromId, deg.get(e.fromId) + 1); deg.set(e.toId, deg.get(e.toId) + 1); }
  const labels = [];
  for (const i of ids) { const lm = net.body.nodes[i].labelModule;
    if (lm.elementOptions.label && lm.visible()) labels.push({ id: i, text: lm.elementOptions.label, ...lm.size }); }
  let pairs = 0, overlaps = 0;
  for (let a = 0; a < labels.length; a++) for (let b = a + 1; b < labels.length; b++) {
    const p = labels[a], q = labels[b]; pairs++;
    if (p.left < q.left + q.width && q.left < p.left + p.width && p.top < q.top + q.height && q.top < p.top + p.height) overlaps++;
  }
  return { nodes: ids.slice().sort(), edges: net.body.edgeIndices.slice().sort(), isolated: ids.filter(i => !deg.get(i)),
           labels: labels.map(l => l.text), pairs, overlaps, scale: net.getScale() };
}"""


def _seen(p: Page) -> dict:
    return p.js(_SEEN)


@pytest.mark.parametrize("name", ["entities", "citations", "themes", "focus"])
def test_each_view_opens_on_linked_nodes_with_labels_that_do_not_overlap(views, open_view, name):
    p = open_view(views[name])
    data = p.data()
    seen = _seen(p)
    shown = p.js("unkg.shown()")
    assert seen["nodes"] == shown["nodes"] and seen["edges"] == shown["edges"]
    assert 0 < len(seen["nodes"]) <= len(data["nodes"])
    assert len(seen["isolated"]) < 0.05 * len(seen["nodes"]), seen["isolated"]
    assert len(seen["labels"]) >= min(10, len(seen["nodes"]) // 2)
    assert seen["overlaps"] < 0.02 * max(seen["pairs"], 1), seen
    assert p.page.text_content("#status").startswith(f"{len(seen['nodes'])} of {len(data['nodes'])} nodes")
    legend = p.page.text_content("#legend")
    for group in {n["group"] for n in data["nodes"]}:
        total = sum(n["group"] == group for n in data["nodes"])
        assert f" of {total})" in legend
    assert "Size: " in legend
    # the picture has settled and stays put
    assert p.js("unkgNetwork.physics.options.enabled") is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_the_default_view_hides_the_hubs_behind_one_switch_and_names_themes(views, open_view):
    p = open_view(views["entities"])
    data = p.data()
    hubs = {n["full"]: n["id"] for n in data["nodes"] if n["hub"]}
    assert set(hubs) == {"United Nations", "Security Council", "Secretary-General of the United Nations"}
    seen = _seen(p)
    assert not set(hubs.values()) & set(seen["nodes"])
    assert len(seen["nodes"]) <= data["top"] < len(data["nodes"])
    assert "Terrorism and counter-" in " ".join(seen["labels"]) and "terrorism" not in seen["labels"]
    assert not any(re.fullmatch(r"[a-z]+(?:-[a-z]+)+", t) for t in seen["labels"])  # no slugs
    p.page.check("#show-hubs")
    p.wait_idle()
    assert set(hubs.values()) <= set(_seen(p)["nodes"])
    shot = os.environ.get("UNKG_SCREENSHOT")
    if shot:
        p.page.uncheck("#show-hubs")
        p.wait_idle()
        p.page.screenshot(path=shot)


def test_search_finds_csto_among_its_neighbours_and_its_panel_quotes_the_russian_letter(views, open_view):
    p = open_view(views["entities"])
    hits = p.search("CSTO")
    assert hits and hits[0].startswith("Collective Security Treaty Organization — CSTO")
    p.page.click("#hits li[data-id]")
    p.wait_idle()
    csto = p.js("unkgNetwork.getSelectedNodes()")
    assert len(csto) == 1 and csto[0].endswith("/CSTO")
    links = [e for e in p.data()["edges"] if csto[0] in (e["from"], e["to"])]
    drawn = [e for e in _seen(p)["edges"] if e in {x["id"] for x in links}]
    assert len(drawn) >= min(len(links), 10)  # its links are drawn, not one of twenty
    assert p.page.text_content("#panel h2") == "Collective Security Treaty Organization"
    panel = p.panel()
    assert "Organization" in panel and "identifier" in panel and "CSTO" in panel
    assert re.search(r"\d+ of \d+ documents?", panel)
    while p.page.is_visible("#panel button.more"):
        p.page.click("#panel button.more")
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


def test_a_link_says_how_many_sentences_it_shows_of_how_many_boilerplate_last(views, open_view):
    from unkg.view.evidence import boilerplate

    p = open_view(views["entities"])
    data = p.data()
    e = max((e for e in data["edges"] if e["kind"] == "co-mention"), key=lambda e: e["value"])
    p.js("id => unkg.showEdge(id)", e["id"])
    assert f"5 of {e['value']} sentences" in p.panel()
    assert len(p.page.query_selector_all("#panel blockquote")) == 5
    p.page.click("#panel button.more")
    quotes = [q.text_content() for q in p.page.query_selector_all("#panel blockquote")]
    assert len(quotes) == len(e["evidence"]) > 5 and f"{len(quotes)} of {e['value']} sentences" in p.panel()
    flags = [boilerplate(q) for q in quotes]
    assert flags == sorted(flags)  # the formulas last
    assert not any(q.strip() == "The Security Council," for q in quotes[:5])


def test_edges_show_their_kind_and_evidence(views, open_view):
    p = open_view(views["focus"])
    # a neighbourhood opens on its centre, drawn as large as the largest node
    assert p.page.text_content("#panel h2") == "Collective Security Treaty Organization"
    data = p.data()
    csto = next(n for n in data["nodes"] if n["ident"] == "CSTO")
    assert csto["value"] == max(n["value"] for n in data["nodes"])
    for kind in {e["kind"] for e in data["edges"]}:
        e = max((e for e in data["edges"] if e["kind"] == kind), key=lambda e: e["value"])
        p.js("id => unkg.showEdge(id)", e["id"])
        assert kind in p.page.text_content("#panel .meta")
        while p.page.is_visible("#panel button.more"):
            p.page.click("#panel button.more")
        quotes = [q.text_content() for q in p.page.query_selector_all("#panel blockquote")]
        assert quotes and all(data["sentences"][s][1] in quotes for s in e["evidence"])
    # how a link is drawn follows from its kind, in the page: the records do not carry it
    drawn = p.js("unkgNetwork.body.data.edges.get()")  # the links shown
    records = {e["id"]: e for e in data["edges"]}
    assert drawn
    for d in drawn:
        e = records[d["id"]]
        co = e["kind"] == "co-mention"
        assert d["title"].startswith(f"{e['kind']} ({e['value']} ") and d["dashes"] is co and d["arrows"] == ("" if co else "to")


def _shown_links(p: Page) -> list[dict]:
    ids = set(_seen(p)["edges"])
    return [e for e in p.data()["edges"] if e["id"] in ids]


def test_document_filters_act_on_links_through_their_evidence(views, open_view):
    p = open_view(views["entities"])
    data = p.data()
    letters = {i for i, d in enumerate(data["docs"]) if d["kind"] == "letter"}
    before = _seen(p)
    p.page.click("#doc-filters summary")
    p.page.click("#doc-filters button[data-only=letter]")
    p.wait_idle()
    links = _shown_links(p)
    assert links and all(any(d in letters for d, _ in e["docs"]) for e in links)
    seen = _seen(p)
    assert seen["nodes"] != before["nodes"]
    assert len(seen["isolated"]) < 0.05 * len(seen["nodes"])
    assert seen["overlaps"] < 0.02 * max(seen["pairs"], 1)  # laid out and labelled again
    # the type filter: no State left, and no link to one
    p.page.uncheck("#legend input[data-group=State]")
    p.wait_idle()
    groups = {n["id"]: n["group"] for n in data["nodes"]}
    assert all(groups[i] != "State" for i in _seen(p)["nodes"])

    c = open_view(views["citations"])
    data = c.data()
    c.page.fill("#year-from", "2015")
    c.wait_idle()
    links = _shown_links(c)
    assert links and all(any((data["docs"][d]["year"] or 0) >= 2015 for d, _ in e["docs"]) for e in links)
    c.page.click("#reset")
    c.wait_idle()
    assert len(_seen(c)["nodes"]) > 0


def test_a_shared_address_reopens_the_same_view(views, open_view):
    p = open_view(views["entities"])
    p.page.uncheck("#legend input[data-group=Resolution]")
    p.wait_idle()
    p.page.select_option("#colour", "community")
    p.js("id => unkg.expand(id)", next(n["id"] for n in p.data()["nodes"] if n["ident"] == "CSTO"))
    p.wait_idle()
    p.page.wait_for_timeout(300)
    url = p.page.url
    assert "#view=" in url
    before = _seen(p)
    pos = p.js("ids => unkgNetwork.getPositions(ids)", before["nodes"])
    q = open_view(Path(views["entities"]), fragment=url.split("#", 1)[1])
    after = _seen(q)
    assert after["nodes"] == before["nodes"] and after["edges"] == before["edges"]
    again = q.js("ids => unkgNetwork.getPositions(ids)", before["nodes"])
    assert all(abs(pos[i]["x"] - again[i]["x"]) < 0.2 and abs(pos[i]["y"] - again[i]["y"]) < 0.2 for i in pos)
    assert abs(after["scale"] - before["scale"]) < 1e-3
    assert q.page.is_checked("#legend input[data-group=Resolution]") is False
    assert q.page.input_value("#colour") == "community"
    # coloured by community, as the legend says
    data = q.data()
    palette = {c["c"]: c["color"] for c in data["communities"]}
    drawn = q.js("ids => ids.map(i => unkgNetwork.body.nodes[i].options.color.background)", after["nodes"])
    community = {n["id"]: n["c"] for n in data["nodes"]}
    assert [palette.get(community[i], "#c8c8c8") for i in after["nodes"]] == drawn
    assert q.page.text_content("#community-legend").count("(") >= 3


def test_expand_ego_and_shortest_path(views, open_view):
    p = open_view(views["entities"])
    data = p.data()
    by_ident = {n["ident"]: n["id"] for n in data["nodes"]}
    csto = by_ident["CSTO"]
    assert csto not in _seen(p)["nodes"]
    # a double click on a node shows its neighbours
    groups = {n["id"]: n["group"] for n in data["nodes"]}
    peru = next(i for i in _seen(p)["nodes"] if groups[i] == "State")  # a State shown
    before = set(_seen(p)["nodes"])
    xy = p.js("id => unkgNetwork.canvasToDOM(unkgNetwork.getPosition(id))", peru)
    box = p.page.query_selector("#net").bounding_box()
    p.page.mouse.dblclick(box["x"] + xy["x"], box["y"] + xy["y"])
    p.wait_idle()
    after = set(_seen(p)["nodes"])
    neighbours = {e["to"] if e["from"] == peru else e["from"] for e in data["edges"] if peru in (e["from"], e["to"])}
    assert after - before and after - before <= neighbours
    # ego: the node and its neighbours only
    p.js("id => unkg.showNode(id)", csto)
    p.page.click("#panel #ego")
    p.wait_idle()
    ego = set(_seen(p)["nodes"])
    near = {e["to"] if e["from"] == csto else e["from"] for e in data["edges"] if csto in (e["from"], e["to"])}
    assert csto in ego and ego - {csto} <= near and len(ego) > 3
    p.page.click("#panel #ego")  # back
    p.wait_idle()
    # the shortest path between two entities chosen by name
    p.page.click("#path-form summary")
    p.page.fill("#path-from", "Collective Security Treaty Organization")
    p.page.fill("#path-to", "Peru")
    p.page.click("#find-path")
    p.wait_idle()
    path = p.js("unkg.state.path")
    assert path[0] == csto and path[-1] == by_ident["PER"] and len(path) >= 2
    seen = _seen(p)
    assert set(path) <= set(seen["nodes"]) and set(p.js("unkg.state.pathEdges")) <= set(seen["edges"])
    assert "Path:" in p.page.text_content("#panel h2") and "→" in p.page.text_content("#path-result")


def test_the_view_is_saved_as_a_png(views, open_view):
    p = open_view(views["themes"])
    with p.page.expect_download() as d:
        p.page.click("#png")
    path = d.value.path()
    head = Path(path).read_bytes()[:8]
    assert head == b"\x89PNG\r\n\x1a\n" and Path(path).stat().st_size > 10_000


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
    assert page.rendered()[0] == len(page.js("unkg.shown()")["nodes"]) > 0 and data["nodes"]
    assert page.js("document.querySelectorAll('img').length") == 0
    assert page.js("document.scripts.length") == 3
    page.page.wait_for_timeout(300)
    # Page.close (by the fixture) asserts: no dialog, no page error, no request outside the file


def test_a_bounded_view_says_what_it_holds_and_its_tools_work_on_it(kg, tmp_path, open_view):
    # a page holding 60 of the seeds' entities, as the archive's holds 1,500 of tens of thousands
    p = open_view(kg.view(out=tmp_path / "small.html", max_nodes=60))
    data = p.data()
    scope = p.page.text_content("#scope")
    assert scope == data["scope"]["text"] and scope.startswith(f"The page holds {len(data['nodes'])} of ")
    seen = _seen(p)
    assert seen["nodes"] and not seen["isolated"]
    # an entity the page does not hold: the search says where to find it
    assert p.search("Collective Security Treaty Organization") == []
    assert "unkg view --focus NAME" in p.page.text_content("#hits")
    # filters, expand and ego act on what it holds
    p.page.uncheck("#legend input[data-group=State]")
    p.wait_idle()
    groups = {n["id"]: n["group"] for n in data["nodes"]}
    assert _seen(p)["nodes"] and all(groups[i] != "State" for i in _seen(p)["nodes"])
    p.page.check("#legend input[data-group=State]")
    p.wait_idle()
    first = _seen(p)["nodes"][0]
    p.js("id => unkg.ego(id)", first)
    p.wait_idle()
    near = {e["to"] if e["from"] == first else e["from"] for e in data["edges"] if first in (e["from"], e["to"])}
    assert first in _seen(p)["nodes"] and set(_seen(p)["nodes"]) - {first} <= near
