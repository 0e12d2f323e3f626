"""The README's pictures of the network views, taken in headless Chromium (Playwright) as the
browser tests open them: the default view, a search, a path, the theme view and a debate view.

    python tools/screenshots.py [--graph graph] [--out docs]

The graph is built first (``make demo`` builds graph/ from seeds/). Views are written into a
temporary folder; only the PNG files land in --out.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}


def _open(browser, path: Path):
    ctx = browser.new_context(viewport=VIEWPORT, offline=True)
    page = ctx.new_page()
    page.goto(path.resolve().as_uri())
    _idle(page)
    return ctx, page


def _idle(page) -> None:
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
    page.wait_for_selector("body[data-busy=false]", state="attached", timeout=120_000)
    page.wait_for_timeout(300)


def shots(graph: Path, out: Path, chromium: str = CHROMIUM) -> list[Path]:
    import unkg
    from playwright.sync_api import sync_playwright

    kg = unkg.open(graph)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        views = {"entities": kg.view(out=Path(tmp) / "network.html"),
                 "themes": kg.view("themes", out=Path(tmp) / "themes.html"),
                 "debate": kg.view("debate", out=Path(tmp) / "debate.html")}
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)

        def take(name: str, view: str, act=None) -> None:
            ctx, page = _open(browser, views[view])
            if act:
                act(page)
                _idle(page)
            path = out / f"{name}.png"
            page.screenshot(path=str(path))
            written.append(path)
            ctx.close()

        def search(page) -> None:
            page.fill("#search", "CSTO")
            page.click("#hits li[data-id]")

        def path(page) -> None:
            page.click("#path-form summary")
            page.fill("#path-from", "Collective Security Treaty Organization")
            page.fill("#path-to", "Mali")
            page.click("#find-path")

        def communities(page) -> None:
            page.select_option("#colour", "community")

        take("network", "entities")
        take("network-search", "entities", search)
        take("network-path", "entities", path)
        take("network-themes", "themes", communities)
        take("network-debate", "debate")
        browser.close()
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", type=Path, default=Path("graph"))
    ap.add_argument("--out", type=Path, default=Path("docs"))
    ap.add_argument("--chromium", default=CHROMIUM)
    a = ap.parse_args()
    for path in shots(a.graph, a.out, a.chromium):
        print(path)


if __name__ == "__main__":
    main()
