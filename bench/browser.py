"""Time to first full render of a network view in headless Chromium (Playwright, sync API).

"Rendered" is the first vis-network ``afterDrawing`` at or after the page declares itself ready
(``window.unkgReady = true``, also ``body[data-ready=true]``; the template sets it when the
layout is done and the view has been fitted). Both are stamped in the page with
``performance.now()``, i.e. milliseconds since the navigation started, by an init script that
hooks ``window.unkgNetwork`` and ``window.unkgReady`` as the template assigns them.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}

_HOOK = """
(() => {
  const b = window.__bench = { draws: [], readyAt: null, netAt: null };
  let net, ready;
  Object.defineProperty(window, "unkgNetwork", { configurable: true,
    get() { return net; },
    set(v) { net = v; b.netAt = performance.now();
             v.on("afterDrawing", () => b.draws.push(performance.now())); } });
  Object.defineProperty(window, "unkgReady", { configurable: true,
    get() { return ready; },
    set(v) { ready = v; if (v && b.readyAt === null) b.readyAt = performance.now(); } });
})();
"""


def measure(pages: dict[str, Path], repeat: int = 3, timeout_s: float = 300.0) -> dict:
    """For each named page: median and all runs of ready/rendered times (ms), page errors."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        version = browser.version
        for name, path in pages.items():
            runs, errors = [], []
            for _ in range(repeat):
                ctx = browser.new_context(viewport=VIEWPORT, offline=True)
                ctx.add_init_script(_HOOK)
                page = ctx.new_page()
                page.on("pageerror", lambda e: errors.append(str(e)))
                t = time.perf_counter()
                page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
                page.wait_for_function("() => window.__bench && window.__bench.readyAt !== null",
                                       timeout=timeout_s * 1000, polling=50)
                fallback = False
                try:
                    page.wait_for_function("() => window.__bench.draws.some(t => t >= window.__bench.readyAt)",
                                           timeout=5000, polling=20)
                except Exception:  # noqa: BLE001 - no draw after ready: the ready draw is the render
                    fallback = True
                wall = time.perf_counter() - t
                b = page.evaluate("""() => ({ readyAt: window.__bench.readyAt, netAt: window.__bench.netAt,
                    draws: window.__bench.draws, domContentLoaded: performance.timing.domContentLoadedEventEnd
                      - performance.timing.navigationStart,
                    status: (document.getElementById("status") || {}).textContent || "",
                    canvases: document.querySelectorAll("canvas").length })""")
                after = [d for d in b["draws"] if d >= b["readyAt"]]
                rendered = after[0] if after else b["readyAt"]
                runs.append({"ready_ms": b["readyAt"], "rendered_ms": rendered, "network_created_ms": b["netAt"],
                             "dom_content_loaded_ms": b["domContentLoaded"], "first_draw_ms": (b["draws"] or [None])[0],
                             "draws": len(b["draws"]), "wall_s": wall, "status": b["status"],
                             "no_draw_after_ready": fallback})
                ctx.close()
            out[name] = {"runs": runs, "rendered_ms": statistics.median(r["rendered_ms"] for r in runs),
                         "ready_ms": statistics.median(r["ready_ms"] for r in runs), "errors": sorted(set(errors)),
                         "status": runs[-1]["status"]}
        browser.close()
    return {"chromium": version, "pages": out}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure({Path(a).name: Path(a) for a in sys.argv[1:]}, repeat=1), indent=1))
