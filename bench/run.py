#!/usr/bin/env python3
"""unkg's benchmarks, each against a baseline measured in the same run.

    make bench                              # the full run (about 20 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick   # a few minutes: a small corpus, few repetitions
    .venv/bin/python bench/run.py --only sparql,cli   # some sections (merged into the results)

Sections (see BENCHMARKS.md for what each measures and its goal):

1. extraction   words/s of unkg.build (workers=1) against plain nlp.pipe of the same model
2. workers      unkg.build with workers=2 against workers=1
3. incremental  rebuild with nothing changed / one document changed, against the full build
4. sparql       the named queries on Oxigraph (unkg.query.run) against rdflib, on the seeds
                graph and on a graph scaled to ~5,000 documents
5. view         network.html: size, Python render time, time to first full render in Chromium
6. memory       peak RSS of building the corpus copied k times
7. cli          `unkg query documents` as a whole process, against `python -c pass`

Every measurement that loads spaCy, builds or queries runs in a child process
(bench/tasks.py), so each starts cold and its peak RSS is its own. A full run writes
bench/results.json and BENCHMARKS.md; --quick writes bench/results-quick.json only.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SEEDS = ROOT / "seeds"
PY = sys.executable
UNKG = Path(PY).parent / "unkg"
SECTIONS = ["extraction", "workers", "incremental", "sparql", "view", "memory", "cli"]

#: Parameters of the named queries (others: the first example their @param line gives).
PARAMS = {"entity": "CSTO", "state": "RUS", "a": "CSTO", "b": "United Nations"}

FULL = dict(corpus=None, memory_copies=(1, 4), sparql_docs=5000, sparql_max_quads=2_000_000,
            ox_cap=60.0, rdflib_cap=15.0, query_repeat=5, view_nodes=5000, browser_repeat=3, cli_repeat=5)
QUICK = dict(corpus=20, memory_copies=(1, 2), sparql_docs=1000, sparql_max_quads=300_000,
             ox_cap=10.0, rdflib_cap=5.0, query_repeat=2, view_nodes=1500, browser_repeat=1, cli_repeat=3)

GOALS = {
    "extraction": ("unkg.build words/s vs plain nlp.pipe", ">= 0.8x"),
    "workers": ("build --workers 2 vs --workers 1", ">= 1.6x"),
    "incremental_noop": ("rebuild, nothing changed, vs full build", "<= 5%"),
    "incremental_one": ("rebuild, one document changed, vs full build", "<= 5%"),
    "sparql_ratio": ("Oxigraph vs rdflib, scaled graph (every query)", ">= 10x"),
    "sparql_latency": ("every named query on the scaled graph (Oxigraph)", "< 1 s"),
    "view": ("view of ~5,000 nodes: first full render in Chromium", "< 5 s"),
    "memory": ("peak RSS of a build, corpus x1 .. xk", "< 2 GB"),
    "cli": ("`unkg query documents` whole process", "< 1 s"),
}


# ------------------------------------------------------------------------------------ helpers

def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def cpu_pressure() -> str | None:
    p = Path("/proc/pressure/cpu")
    if not p.exists():
        return None
    return p.read_text().splitlines()[0]


def child(task: str, args: dict, timeout: float | None = None) -> dict:
    """Run bench/tasks.py TASK in a fresh interpreter; its result is the last line of stdout."""
    cmd = [PY, str(BENCH / "tasks.py"), task, json.dumps(args)]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"bench task {task} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def copy_corpus(files: list[Path], dest: Path, prefix: str = "") -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copyfile(f, dest / f"{prefix}{f.name}")  # copyfile: not the seeds' read-only mode


def corpus_files(limit: int | None) -> list[Path]:
    """The seeds documents (as unkg discovers them); with ``limit``, the smallest ``limit``."""
    sys.path.insert(0, str(ROOT / "src"))
    from unkg.ingest import discover

    files, _ = discover([SEEDS])
    if limit:
        files = sorted(sorted(files, key=lambda f: (f.stat().st_size, f.name))[:limit])
    return files


def baseline_model() -> str:
    from unkg.settings import configured_models

    for name in configured_models():
        if Path(name).exists() or importlib.util.find_spec(name) is not None:
            return name
    raise SystemExit("no spaCy model installed (make install)")


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    if x < 0.01:
        return f"{x * 1000:.2f} ms"
    if x < 1:
        return f"{x * 1000:.0f} ms"
    return f"{x:.2f} s"


def fmt_ratio(r: float | None, bound: bool = False) -> str:
    if r is None:
        return "n/a"
    s = f"{r:.1f}x" if r < 100 else f"{r:,.0f}x"
    return (">= " + s) if bound else s


# ------------------------------------------------------------------------------------ the run

class Run:
    def __init__(self, opts: argparse.Namespace):
        self.opts = opts
        self.cfg = QUICK if opts.quick else FULL
        self.tmp = Path(tempfile.mkdtemp(prefix="unkg-bench-"))
        self.sections: dict[str, dict] = {}
        self.files = corpus_files(self.cfg["corpus"])
        self.corpus = self.tmp / "corpus"
        copy_corpus(self.files, self.corpus)
        self.model = baseline_model()
        self.graph: Path | None = None  # the corpus built with workers=1 (sections 1, 4, 5, 7)
        self.b1: dict | None = None
        self.w2: dict | None = None
        self.only: list[str] = []

    # -- the seeds graph, built once -------------------------------------------------------
    def build_w1(self) -> dict:
        if self.b1 is None:
            self.graph = self.tmp / "graph-w1"
            log(f"build, workers=1: {len(self.files)} documents")
            before = loadavg()
            self.b1 = child("build", {"paths": [str(self.corpus)], "out": str(self.graph), "workers": 1,
                                      "incremental": False, "warm": True})
            self.b1["loadavg"] = {"before": before, "after": loadavg()}
            if self.b1["errors"]:
                log(f"build errors: {self.b1['errors']}")
        return self.b1

    # -- 1 ---------------------------------------------------------------------------------
    def extraction(self) -> dict:
        log(f"nlp.pipe baseline ({self.model})")
        base = child("pipe", {"paths": [str(self.corpus)], "model": self.model})
        b1 = self.build_w1()
        if "workers" in self.only:  # right after workers=1, so that both see about the same load
            self.build_w2()
        log("stage breakdown")
        stages = child("stages", {"paths": [str(self.corpus)]})
        wps_build, wps_pipe = b1["words"] / b1["wall"], base["words"] / base["wall"]
        return {"pipe": base, "build": b1, "stages": stages, "model": self.model,
                "words_per_s": {"build": wps_build, "pipe": wps_pipe},
                "ratio": wps_build / wps_pipe,
                "cpu_ratio": (b1["words"] / b1["cpu"]) / (base["words"] / base["cpu"])}

    # -- 2 ---------------------------------------------------------------------------------
    def build_w2(self) -> dict:
        if self.w2 is None:
            log("build, workers=2")
            before = loadavg()
            self.w2 = child("build", {"paths": [str(self.corpus)], "out": str(self.tmp / "graph-w2"), "workers": 2,
                                      "incremental": False, "warm": False})
            self.w2["loadavg"] = {"before": before, "after": loadavg()}
            shutil.rmtree(self.tmp / "graph-w2", ignore_errors=True)
        return self.w2

    def workers(self) -> dict:
        b1 = self.build_w1()
        b2 = self.build_w2()
        w1 = b1["load"] + b1["wall"]  # cold: the pipeline load (in the same child) plus the build
        return {"w1": b1, "w2": b2, "w1_cold": w1, "speedup": w1 / b2["wall"], "cores": os.cpu_count()}

    # -- 3 ---------------------------------------------------------------------------------
    def incremental(self) -> dict:
        b1 = self.build_w1()
        out = self.tmp / "graph-inc"
        shutil.copytree(self.graph, out)
        full = b1["load"] + b1["wall"]
        log("rebuild, nothing changed")
        noop = child("build", {"paths": [str(self.corpus)], "out": str(out)})
        # one document changed: the median-sized one, a sentence appended
        sizes = sorted((f.stat().st_size, f.name) for f in self.corpus.iterdir())
        name = sizes[len(sizes) // 2][1]
        target = self.corpus / name
        original = target.read_bytes()
        try:
            with open(target, "ab") as f:
                f.write(b"\nThe Security Council reaffirms its support for the work of the Counter-Terrorism Committee.\n")
            log(f"rebuild, one document changed ({name})")
            one = child("build", {"paths": [str(self.corpus)], "out": str(out)})
        finally:
            target.write_bytes(original)
        return {"full": full, "full_build": b1, "noop": noop, "one": one, "changed": name,
                "noop_pct": 100 * noop["wall"] / full, "one_pct": 100 * one["wall"] / full}

    # -- 4 ---------------------------------------------------------------------------------
    def queries(self) -> list[dict]:
        from unkg.query import library

        out = []
        for q in library(ROOT / "queries"):
            params = {}
            for k in q.parameters:
                if k in PARAMS:
                    params[k] = PARAMS[k]
                else:
                    m = re.search(r"@param\s+" + k + r"\b.*?e\.g\.\s*(?:\"([^\"]*)\"|([^,\s]+))", q.text)
                    params[k] = (m.group(1) or m.group(2)) if m else "x"
            out.append({"name": q.name, "text": q.text, "params": params})
        return out

    def oxigraph(self, store: Path, queries: list[dict], skip: set[str]) -> dict:
        res = {}
        for q in queries:
            if q["name"] in skip:
                res[q["name"]] = {"skipped": True, "timeout": self.cfg["ox_cap"]}
                continue
            try:
                r = child("oxquery", {"store": str(store), "text": q["text"], "params": q["params"],
                                      "repeat": self.cfg["query_repeat"]}, timeout=self.cfg["ox_cap"] + 30)
                r["median"] = median(r["times"])
                if r["first"] > self.cfg["ox_cap"]:
                    r["timeout"] = self.cfg["ox_cap"]
            except subprocess.TimeoutExpired:
                r = {"timeout": self.cfg["ox_cap"]}
            except RuntimeError as exc:
                r = {"error": str(exc)[-500:]}
            res[q["name"]] = r
            log(f"  oxigraph {q['name']}: {fmt_s(r.get('median')) if 'median' in r else r}")
        return res

    def rdflib(self, data: Path, fmt: str, queries: list[dict], skip: set[str]) -> dict:
        from unkg.vocab import PREFIXES

        spec = self.tmp / "rdflib-spec.json"
        spec.write_text(json.dumps({"queries": [q for q in queries if q["name"] not in skip],
                                    "repeat": self.cfg["query_repeat"], "timeout": self.cfg["rdflib_cap"],
                                    "prefixes": PREFIXES}))
        p = subprocess.Popen([PY, str(BENCH / "rdflib_server.py"), str(data), fmt, str(spec)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        res: dict = {"queries": {}}
        for line in p.stdout:
            d = json.loads(line)
            if "load" in d:
                res.update(d)
                log(f"  rdflib loaded {d['triples']:,} triples in {d['load']:.1f} s")
                continue
            name = d.pop("name")
            if "times" in d:
                d["median"] = median(d["times"][1:] or d["times"])
                d["first"] = d["times"][0]
            res["queries"][name] = d
            log(f"  rdflib {name}: {fmt_s(d.get('median')) if 'median' in d else d}")
        err = p.stderr.read()
        if p.wait() != 0:
            raise RuntimeError(f"rdflib server failed:\n{err[-3000:]}")
        for name in skip:
            res["queries"][name] = {"skipped": True, "timeout": self.cfg["rdflib_cap"]}
        return res

    @staticmethod
    def compare(ox: dict, rl: dict) -> dict:
        """Per query: the ratio rdflib/Oxigraph (a lower bound when rdflib was stopped)."""
        rows = {}
        for name, o in ox.items():
            r = rl["queries"].get(name, {})
            t_ox = o.get("median")
            t_rl = r.get("median")
            row = {"oxigraph": t_ox, "rdflib": t_rl, "ox_rows": o.get("rows"), "rdflib_rows": r.get("rows"),
                   "ox_timeout": o.get("timeout"), "rdflib_timeout": r.get("timeout"),
                   "rdflib_error": r.get("error"), "ox_error": o.get("error"), "ratio": None, "bound": False}
            if t_ox and t_rl:
                row["ratio"] = t_rl / t_ox
            elif t_ox and r.get("timeout"):
                row["ratio"], row["bound"] = r["timeout"] / t_ox, True
            rows[name] = row
        return rows

    def sparql(self) -> dict:
        self.build_w1()
        queries = self.queries()
        import unkg.query

        out: dict = {"params": {q["name"]: q["params"] for q in queries if q["params"]},
                     "binding": "one-row VALUES blocks (`unkg.query.bind`)" if hasattr(unkg.query, "bind")
                     else "SPARQL substitutions"}
        store = self.graph / "store"
        log("SPARQL, seeds graph: Oxigraph")
        ox_seeds = self.oxigraph(store, queries, set())
        log("SPARQL, seeds graph: rdflib")
        rl_seeds = self.rdflib(self.graph / "kg.trig", "trig", queries, set())
        out["seeds"] = {"oxigraph": ox_seeds, "rdflib": {k: v for k, v in rl_seeds.items() if k != "queries"},
                        "queries": self.compare(ox_seeds, rl_seeds), "quads": self.b1["quads"],
                        "documents": self.b1["documents"]}
        # the scaled graph
        nq = self.tmp / "scaled.nq"
        log("scaled graph")
        scale = child("scale", {"kind": "sparql", "trig": str(self.graph / "kg.trig"), "out": str(nq),
                                "documents": self.cfg["sparql_docs"], "max_quads": self.cfg["sparql_max_quads"]})
        sstore = self.tmp / "scaled-store"
        load = child("loadstore", {"store": str(sstore), "data": str(nq), "format": "nq"})
        log(f"  {scale['documents']} documents, {load['quads']:,} quads, Oxigraph bulk load {load['wall']:.1f} s")
        # a query stopped on the seeds graph (a subgraph of the scaled one) is not run again
        ox_skip = {n for n, r in ox_seeds.items() if r.get("timeout")}
        rl_skip = {n for n, r in rl_seeds["queries"].items() if r.get("timeout")}
        log("SPARQL, scaled graph: Oxigraph")
        ox_scaled = self.oxigraph(sstore, queries, ox_skip)
        log("SPARQL, scaled graph: rdflib")
        rl_scaled = self.rdflib(nq, "nquads", queries, rl_skip)
        out["scaled"] = {"oxigraph": ox_scaled, "rdflib": {k: v for k, v in rl_scaled.items() if k != "queries"},
                         "queries": self.compare(ox_scaled, rl_scaled), "construction": scale, "load": load,
                         "quads": load["quads"], "documents": scale["documents"],
                         "skipped": {"oxigraph": sorted(ox_skip), "rdflib": sorted(rl_skip)}}
        for g in ("seeds", "scaled"):
            rows = out[g]["queries"]
            out[g]["summary"] = {
                "max_oxigraph": max((r["oxigraph"] or 0) for r in rows.values()),
                "over_1s": sorted(n for n, r in rows.items() if r["ox_timeout"] or (r["oxigraph"] or 0) >= 1.0),
                "min_ratio": min((r["ratio"] for r in rows.values() if r["ratio"]), default=None),
                "geomean_ratio": geomean([r["ratio"] for r in rows.values()]),
                # all queries with a ratio: summed rdflib time (stopped ones at their cap) over summed Oxigraph
                "total_ratio": (sum(r["ratio"] * r["oxigraph"] for r in rows.values() if r["ratio"])
                                / sum(r["oxigraph"] for r in rows.values() if r["ratio"]))
                if any(r["ratio"] for r in rows.values()) else None,
                "total_ratio_bound": any(r["bound"] for r in rows.values()),
                "unknown_ratio": sorted(n for n, r in rows.items() if r["ratio"] is None),
                "below_10x": sorted(n for n, r in rows.items() if r["ratio"] is not None and r["ratio"] < 10),
                "row_mismatch": sorted(n for n, r in rows.items() if r["ox_rows"] is not None
                                       and r["rdflib_rows"] is not None and r["ox_rows"] != r["rdflib_rows"]),
            }
        shutil.rmtree(sstore, ignore_errors=True)
        nq.unlink(missing_ok=True)
        return out

    # -- 5 ---------------------------------------------------------------------------------
    def view(self) -> dict:
        import browser

        self.build_w1()
        log("view: seeds")
        seeds_html = self.tmp / "network-seeds.html"
        seeds = child("render", {"graph": str(self.graph), "out": str(seeds_html)})
        # the ~5,000-node graph: copies of the whole graph with their own entities (not States, Themes)
        shared, total = self.entity_counts()
        copies = max(1, math.ceil((self.cfg["view_nodes"] - shared) / max(1, total - shared)))
        nq = self.tmp / "view.nq"
        log(f"view: {copies} copies of the graph ({total} entities, {shared} States and Themes shared)")
        scale = child("scale", {"kind": "view", "trig": str(self.graph / "kg.trig"), "out": str(nq), "copies": copies})
        vstore = self.tmp / "view-store"
        load = child("loadstore", {"store": str(vstore), "data": str(nq), "format": "nq"})
        big_html = self.tmp / "network-large.html"
        log(f"view: render {load['quads']:,} quads")
        big = child("render", {"store": str(vstore), "out": str(big_html)})
        log(f"  {big['nodes']} nodes, {big['wall']:.1f} s; Chromium")
        shutil.rmtree(vstore, ignore_errors=True)
        nq.unlink(missing_ok=True)
        out = {"seeds": seeds, "large": {**big, "copies": copies, "construction": scale, "load": load,
                                         "entities_per_copy": total - shared, "shared": shared}}
        if not Path(browser.CHROMIUM).exists():
            out["browser_error"] = f"no Chromium at {browser.CHROMIUM} (apt-get install -y chromium)"
            return out
        try:
            pages = browser.measure({"seeds": seeds_html, "large": big_html}, repeat=self.cfg["browser_repeat"])
        except Exception as exc:  # noqa: BLE001 - the Python-side figures still stand
            out["browser_error"] = f"{type(exc).__name__}: {exc}"
            return out
        out["seeds"]["browser"] = pages["pages"]["seeds"]
        out["large"]["browser"] = pages["pages"]["large"]
        out["chromium"] = pages["chromium"]
        return out

    def entity_counts(self) -> tuple[int, int]:
        import pyoxigraph as ox

        from unkg.network import to_networkx

        st = ox.Store.read_only(str(self.graph / "store"))
        g = to_networkx(st, comentions=False)
        shared = sum(1 for _, d in g.nodes(data=True) if d["type"] in ("State", "Theme"))
        n = g.number_of_nodes()
        del st
        return shared, n

    # -- 6 ---------------------------------------------------------------------------------
    def memory(self) -> dict:
        runs = {}
        for k in self.cfg["memory_copies"]:
            if k == 1 and self.b1 is not None:
                runs[1] = {**self.b1, "reused": "the workers=1 build of section 1"}
                continue
            d = self.tmp / f"corpus-x{k}"
            for i in range(k):
                copy_corpus(self.files, d, prefix=f"c{i}-" if k > 1 else "")
            log(f"memory: build x{k} ({k * len(self.files)} documents)")
            runs[k] = child("build", {"paths": [str(d)], "out": str(self.tmp / f"graph-x{k}"), "workers": 1,
                                      "incremental": False, "warm": True})
            shutil.rmtree(d, ignore_errors=True)
            shutil.rmtree(self.tmp / f"graph-x{k}", ignore_errors=True)
        peak = {k: r["maxrss_mb"] for k, r in runs.items()}
        return {"runs": {str(k): {kk: v for kk, v in r.items() if kk not in ("errors",)} for k, r in runs.items()},
                "peak_mb": {str(k): v for k, v in peak.items()}, "max_mb": max(peak.values()),
                "growth": peak[max(peak)] / peak[min(peak)]}

    # -- 7 ---------------------------------------------------------------------------------
    def cli(self) -> dict:
        self.build_w1()
        n = self.cfg["cli_repeat"]
        cmd = [str(UNKG), "query", "documents", "--graph", str(self.graph)]

        def wall(c):
            t = time.perf_counter()
            p = subprocess.run(c, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            dt = time.perf_counter() - t
            if p.returncode != 0:
                raise RuntimeError(f"{' '.join(c)}: {p.stderr.decode()[-1000:]}")
            return dt

        log("cli: unkg query documents")
        wall(cmd)  # warm the page cache once, as a user's second call would be
        times = [wall(cmd) for _ in range(n)]
        base = [wall([PY, "-c", "pass"]) for _ in range(n)]
        imp = self.importtime()
        return {"times": times, "median": median(times), "baseline_times": base, "baseline": median(base),
                "command": "unkg query documents --graph <seeds graph>", **imp}

    def importtime(self) -> dict:
        mods = self.tmp / "modules.json"
        code = ("import sys, json\n"
                f"sys.argv = ['unkg', 'query', 'documents', '--graph', {str(self.graph)!r}]\n"
                "from unkg.cli import main\n"
                "try:\n    main()\nexcept SystemExit:\n    pass\n"
                f"json.dump(sorted(sys.modules), open({str(mods)!r}, 'w'))\n")
        p = subprocess.run([PY, "-X", "importtime", "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        selfs: dict[str, int] = {}
        cumul: dict[str, int] = {}
        for line in p.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if not m:
                continue
            s, c, indent, name = int(m[1]), int(m[2]), len(m[3]), m[4]
            top = name.split(".")[0]
            selfs[top] = selfs.get(top, 0) + s
            if indent == 1:  # imported by the program itself (not by another module)
                cumul[name] = cumul.get(name, 0) + c
        loaded = json.loads(mods.read_text()) if mods.exists() else []
        heavy = ["spacy", "thinc", "rdflib", "rdflib.plugins.sparql", "pandas", "numpy", "scipy", "networkx",
                 "pyvis", "jinja2", "pyshacl", "torch", "sklearn", "pypdf", "bs4"]
        total = sum(selfs.values())
        top = sorted(selfs.items(), key=lambda kv: -kv[1])[:12]
        return {"import_total_ms": total / 1000, "imported": {h: h in loaded for h in heavy},
                "top_packages_ms": [[k, v / 1000] for k, v in top],
                "top_level_cumulative_ms": [[k, v / 1000] for k, v in sorted(cumul.items(), key=lambda kv: -kv[1])[:8]],
                "spacy_imported": "spacy" in loaded, "rdflib_sparql_imported": "rdflib.plugins.sparql" in loaded,
                "modules": len(loaded)}

    # -- all -------------------------------------------------------------------------------
    def run(self, only: list[str]) -> dict:
        self.only = only
        started = time.time()
        meta = {"mode": "quick" if self.opts.quick else "full", "started": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                "load_before": loadavg(), "pressure_before": cpu_pressure(), "corpus": {
                    "documents": len(self.files), "bytes": sum(f.stat().st_size for f in self.files),
                    "from": "seeds/" if not self.cfg["corpus"] else f"the {self.cfg['corpus']} smallest files of seeds/"},
                "config": self.cfg}
        for name in only:
            log(f"== {name}")
            t = time.perf_counter()
            before = loadavg()
            try:
                res = getattr(self, name if name != "sparql" else "sparql")()
            except Exception as exc:  # noqa: BLE001 - one section failing does not stop the others
                traceback.print_exc()
                res = {"error": f"{type(exc).__name__}: {exc}"}
            res["elapsed_s"] = time.perf_counter() - t
            res["load"] = {"before": before, "after": loadavg()}
            self.sections[name] = res
        meta["load_after"] = loadavg()
        meta["pressure_after"] = cpu_pressure()
        meta["duration_s"] = time.time() - started
        return {"meta": meta, "sections": self.sections}


# ------------------------------------------------------------------------------------ machine

def machine() -> dict:
    mem = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        k, v = line.split(":", 1)
        if k in ("MemTotal", "MemAvailable"):
            mem[k] = int(v.split()[0])
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    import importlib.metadata as md

    def ver(p):
        try:
            return md.version(p)
        except md.PackageNotFoundError:
            return None

    chromium = None
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    git = {}
    try:
        git["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                       text=True).stdout.strip()
        st = subprocess.run(["git", "status", "--porcelain", "--", "src", "queries"], cwd=ROOT, capture_output=True,
                            text=True).stdout
        git["dirty"] = sorted({ln[3:] for ln in st.splitlines()})
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": model, "mem_total_kb": mem.get("MemTotal"),
            "mem_available_kb": mem.get("MemAvailable"), "kernel": platform.release(),
            "versions": {"python": platform.python_version(), "spacy": ver("spacy"), "pyoxigraph": ver("pyoxigraph"),
                         "rdflib": ver("rdflib"), "networkx": ver("networkx"), "pyvis": ver("pyvis"),
                         "playwright": ver("playwright"), "unkg": ver("unkg"), "chromium": chromium,
                         "model": f"{baseline_model()} {ver(baseline_model()) or ''}".strip()},
            "git": git}


# ------------------------------------------------------------------------------------ goals

def goals(sec: dict) -> list[dict]:
    out = []

    def add(key, measured, baseline, ratio, met, note=""):
        name, goal = GOALS[key]
        out.append({"key": key, "name": name, "measured": measured, "baseline": baseline, "ratio": ratio,
                    "goal": goal, "met": met, "note": note})

    e = sec.get("extraction")
    if e and "ratio" in e:
        add("extraction", f"{e['words_per_s']['build']:,.0f} words/s", f"{e['words_per_s']['pipe']:,.0f} words/s (nlp.pipe)",
            f"{e['ratio']:.2f}x", e["ratio"] >= 0.8, f"CPU-time ratio {e['cpu_ratio']:.2f}x")
    w = sec.get("workers")
    if w and "speedup" in w:
        add("workers", fmt_s(w["w2"]["wall"]), f"{fmt_s(w['w1_cold'])} (workers=1)", f"{w['speedup']:.2f}x",
            w["speedup"] >= 1.6, f"{w['cores']} cores")
    i = sec.get("incremental")
    if i and "noop" in i:
        add("incremental_noop", fmt_s(i["noop"]["wall"]), f"{fmt_s(i['full'])} (full build)", f"{i['noop_pct']:.1f}%",
            i["noop_pct"] <= 5)
        add("incremental_one", fmt_s(i["one"]["wall"]), f"{fmt_s(i['full'])} (full build)", f"{i['one_pct']:.1f}%",
            i["one_pct"] <= 5, f"{i['one']['processed']} analysed, {i['one']['reused']} reused")
    s = sec.get("sparql")
    if s and "scaled" in s:
        sm = s["scaled"]["summary"]
        ok = not sm["unknown_ratio"] and not sm["below_10x"]
        note = []
        if sm["below_10x"]:
            note.append("below 10x: " + ", ".join(sm["below_10x"]))
        if sm["unknown_ratio"]:
            note.append("not measurable (both engines stopped or failed): " + ", ".join(sm["unknown_ratio"]))
        add("sparql_ratio", f"geomean {fmt_ratio(sm['geomean_ratio'])}, total "
            f"{fmt_ratio(sm.get('total_ratio'), sm.get('total_ratio_bound', False))}", f"{s['scaled']['quads']:,} quads, "
            f"{s['scaled']['documents']:,} documents", f"min {fmt_ratio(sm['min_ratio'])}", ok, "; ".join(note))
        add("sparql_latency", f"slowest {fmt_s(sm['max_oxigraph'])}" + (" (stopped)" if any(
            r["ox_timeout"] for r in s["scaled"]["queries"].values()) else ""), "", "", not sm["over_1s"],
            ("1 s or more: " + ", ".join(sm["over_1s"])) if sm["over_1s"] else "")
    v = sec.get("view")
    if v and "large" in v and "browser" not in v["large"]:
        add("view", "not measured", "", "", False, v.get("browser_error", ""))
    elif v and "large" in v:
        r = v["large"]["browser"]["rendered_ms"] / 1000
        add("view", f"{r:.2f} s ({v['large']['nodes']:,} nodes)",
            f"seeds: {v['seeds']['browser']['rendered_ms'] / 1000:.2f} s ({v['seeds']['nodes']} nodes)", "",
            r < 5, f"Python render {v['large']['wall']:.1f} s, {v['large']['bytes'] / 1e6:.1f} MB")
    m = sec.get("memory")
    if m and "peak_mb" in m:
        peaks = ", ".join(f"x{k}: {v:,.0f} MB" for k, v in m["peak_mb"].items())
        add("memory", peaks, "", f"x{max(map(int, m['peak_mb']))}/x1 = {m['growth']:.2f}", m["max_mb"] < 2048)
    c = sec.get("cli")
    if c and "median" in c:
        heavy = [k for k, v in c["imported"].items() if v and k in ("spacy", "rdflib.plugins.sparql")]
        add("cli", fmt_s(c["median"]), f"{fmt_s(c['baseline'])} (python -c pass)", "",
            c["median"] < 1 and not heavy, "spaCy, rdflib SPARQL " + ("imported: " + ", ".join(heavy) if heavy else "not imported"))
    return out


# ------------------------------------------------------------------------------------ output

def print_tables(results: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console() if sys.stdout.isatty() else Console(width=160)
    t = Table(title=f"unkg benchmarks ({results['meta']['mode']})", header_style="bold")
    for col in ("#", "benchmark", "measured", "baseline", "ratio", "goal", "met", "note"):
        t.add_column(col, overflow="fold")
    for n, g in enumerate(results["goals"], 1):
        t.add_row(str(n), g["name"], g["measured"], g["baseline"], g["ratio"], g["goal"],
                  "[green]yes[/]" if g["met"] else "[red]NO[/]", g["note"])
    con.print(t)
    s = results["sections"].get("sparql")
    if s and "scaled" in s:
        q = Table(title="SPARQL: median time per named query", header_style="bold")
        for col in ("query", "seeds Oxigraph", "seeds rdflib", "ratio", "scaled Oxigraph", "scaled rdflib", "ratio", "rows"):
            q.add_column(col)
        for name in s["seeds"]["queries"]:
            a, b = s["seeds"]["queries"][name], s["scaled"]["queries"].get(name, {})
            q.add_row(name, cell(a, "ox"), cell(a, "rl"), fmt_ratio(a["ratio"], a["bound"]),
                      cell(b, "ox"), cell(b, "rl"), fmt_ratio(b.get("ratio"), b.get("bound", False)),
                      f"{b.get('ox_rows', '-')}")
        con.print(q)
    for name, sec in results["sections"].items():
        if "error" in sec:
            con.print(f"[red]{name}: {sec['error']}[/]")


def cell(row: dict, engine: str, detailed: bool = False) -> str:
    """One engine's time for a query row; ``detailed`` (BENCHMARKS.md) says why there is none."""
    key, name = ("ox", "oxigraph") if engine == "ox" else ("rdflib", "rdflib")
    if row.get(f"{key}_error"):
        return "error: " + row[f"{key}_error"].split("\n")[0][:60] if detailed and key == "rdflib" else "error"
    if row.get(f"{key}_timeout"):
        return f"> {row[f'{key}_timeout']:.0f} s" + (" (stopped)" if detailed else "")
    return fmt_s(row.get(name))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a small corpus and few repetitions (a few minutes)")
    ap.add_argument("--only", default="", help=f"comma-separated sections of {','.join(SECTIONS)}")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    opts = ap.parse_args()
    only = [s for s in opts.only.split(",") if s] or SECTIONS
    bad = set(only) - set(SECTIONS)
    if bad:
        ap.error(f"unknown section(s): {', '.join(sorted(bad))}")
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(ROOT / "src"))
    os.chdir(ROOT)
    r = Run(opts)
    log(f"temporary folder {r.tmp}")
    try:
        results = r.run(only)
    finally:
        if not opts.keep:
            shutil.rmtree(r.tmp, ignore_errors=True)
    results["meta"]["machine"] = machine()
    path = BENCH / ("results-quick.json" if opts.quick else "results.json")
    if set(only) != set(SECTIONS) and path.exists():  # a partial run: merge into the last results
        old = json.loads(path.read_text())
        old["sections"].update(results["sections"])
        old.setdefault("partial_runs", []).append({"sections": only, "meta": results["meta"]})
        results = {**old, "meta": old["meta"]}
    results["goals"] = goals(results["sections"])
    path.write_text(json.dumps(results, indent=1, default=str) + "\n")
    log(f"wrote {path.relative_to(ROOT)}")
    print_tables(results)
    if not opts.quick:
        import report

        report.write(results, ROOT / "BENCHMARKS.md")
        log("wrote BENCHMARKS.md")


if __name__ == "__main__":
    main()
