#!/usr/bin/env python3
"""unkg's benchmarks on a real archive, each figure against a baseline measured in the same run.

    make bench                                    # the real corpus: ../shared/scale/docs + ../shared/silver/docs
    .venv/bin/python bench/run.py --quick         # minutes: 60 documents of it, short long-documents
    .venv/bin/python bench/run.py --sample 8      # every 8th document of the real corpus (same sections)
    .venv/bin/python bench/run.py --only longdoc,disk   # some sections (merged into the last results)

Sections (BENCHMARKS.md says what each measures and its goal):

spacy        plain spaCy over the same cleaned texts: batch sizes and processes, the best kept
build        unkg build --workers 1 and --workers 2, cold, against the best plain spaCy
dask         unkg build --scheduler (a LocalCluster of two worker processes) against --workers 2;
             its outputs compared byte for byte with those of the local build
incremental  rebuild with nothing changed / one document changed, against the full build
longdoc      one document of 100k, 500k and 2M characters: time per character, peak RSS
disk         graph/ per MB of input text, quads per word, quads by kind (facts stated twice)
queries      every named query, each in a fresh process (cold), on the built graph
bulkload     kg.nq.gz (unkg build --dump) into a new store with Oxigraph's bulk loader
view         the default network view of the built graph (Python render, size)
cli          `unkg query documents` as a whole process, against `python -c pass`

Every measurement that loads spaCy, builds or queries runs in a child process (bench/tasks.py),
so each starts cold and its peak RSS is its own. A full or sampled run writes
bench/results.json (results-sample.json) and BENCHMARKS.md, which says which it was; --quick
writes bench/results-quick.json only.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.util
import json
import os
import platform
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
SHARED = ROOT.parent / "shared"
CORPUS = [SHARED / "scale" / "docs", SHARED / "silver" / "docs"]
PY = sys.executable
UNKG = Path(PY).parent / "unkg"
SECTIONS = ["spacy", "build", "dask", "incremental", "longdoc", "disk", "queries", "bulkload", "view", "cli"]

#: Parameters of the named queries (others: the first example their @param line gives).
PARAMS = {"entity": "CSTO", "state": "RUS", "a": "CSTO", "b": "United Nations", "document": "S/RES/2231 (2015)",
          "org": "AU"}

FULL = dict(sample=1, limit=None, search_docs=120, search=((1, 64), (1, 256), (2, 16), (2, 64), (2, 256)),
            longdoc=(100_000, 500_000, 2_000_000), cli_repeat=5)
QUICK = dict(sample=1, limit=60, search_docs=30, search=((1, 64), (2, 16), (2, 64)),
             longdoc=(50_000, 150_000, 300_000), cli_repeat=3)

GOALS = {
    "build": ("unkg build --workers 2 vs best plain spaCy (time)", "<= 1.2x"),
    "workers": ("build --workers 2 vs --workers 1 (speed-up)", "report"),
    "dask": ("Dask, 2 local workers vs --workers 2 (time); outputs", "byte-identical"),
    "linear": ("CPU time per character, longest vs shortest document", "<= 1.5x"),
    "memory": ("peak RSS of any build process", "< 1.5 GB"),
    "disk": ("graph/ size vs input text", "< 15x"),
    "queries": ("every named query, cold (whole process)", "< 2 s"),
    "incremental_one": ("rebuild, one document changed, vs full build", "<= 5%"),
    "view5k": ("5,000-node view: Python (after the queries); page interactive", "< 5 s; < 3 s"),
}
#: The layout of d2e90de alone on the same 5,000-node graph (CPU seconds, measured once on
#: 2026-12-02, 30.9 s wall): ForceAtlas2 on the nodes of the default links, then overlap removal.
VIEW5K_BEFORE = 32.7


# ------------------------------------------------------------------------------------ helpers

def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def cpu_pressure() -> str | None:
    p = Path("/proc/pressure/cpu")
    return p.read_text().splitlines()[0] if p.exists() else None


def child(task: str, args: dict, timeout: float | None = None) -> dict:
    """Run bench/tasks.py TASK in a fresh interpreter; its result is the last line of stdout."""
    cmd = [PY, str(BENCH / "tasks.py"), task, json.dumps(args)]
    before = loadavg()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"bench task {task} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["loadavg"] = {"before": before, "after": loadavg()}
    return r


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def du(path: Path) -> int:
    """Bytes of the files under ``path`` (apparent sizes; hard links counted once)."""
    if path.is_file():
        return path.stat().st_size
    seen, total = set(), 0
    for f in path.rglob("*"):
        if f.is_file():
            st = f.stat()
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def corpus_files(sample: int, limit: int | None) -> list[Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from unkg.inputs import discover

    files, _ = discover(CORPUS)
    files = files[::sample]
    if limit:  # spread over the corpus, not the first files of one folder
        step = max(1, len(files) // limit)
        files = files[::step][:limit]
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
    if x < 1:
        return f"{x * 1000:.0f} ms"
    if x < 600:
        return f"{x:.1f} s"
    return f"{x / 60:.1f} min"


def fmt_mb(b: float) -> str:
    return f"{b / 1e6:,.1f} MB"


# ------------------------------------------------------------------------------------ the run

class Run:
    def __init__(self, opts: argparse.Namespace):
        self.opts = opts
        self.cfg = dict(QUICK if opts.quick else FULL)
        if opts.sample:
            self.cfg["sample"] = opts.sample
        if opts.limit:
            self.cfg["limit"] = opts.limit
        self.tmp = Path(tempfile.mkdtemp(prefix="unkg-bench-"))
        self.sections: dict[str, dict] = {}
        self.files = corpus_files(self.cfg["sample"], self.cfg["limit"])
        self.corpus = self.tmp / "corpus"  # a copy: the incremental section changes a file
        self.corpus.mkdir()
        for f in self.files:
            shutil.copyfile(f, self.corpus / f.name)
        self.model = baseline_model()
        self.graphs: dict[str, Path] = {}
        self.builds: dict[str, dict] = {}

    def build(self, key: str, **args) -> dict:
        if key not in self.builds:
            out = self.tmp / f"graph-{key}"
            log(f"build {key}: {len(self.files)} documents")
            self.builds[key] = child("build", {"paths": [str(self.corpus)], "out": str(out), "incremental": False,
                                               **args})
            self.graphs[key] = out
            if self.builds[key]["errors"]:
                log(f"  errors: {self.builds[key]['errors'][:5]}")
            log(f"  {fmt_s(self.builds[key]['wall'])}")
        return self.builds[key]

    # -- spacy -----------------------------------------------------------------------------
    def spacy(self) -> dict:
        """Batch sizes and processes on a subsample; the best of each process count on all."""
        sub = self.tmp / "search"
        sub.mkdir(exist_ok=True)
        n = min(self.cfg["search_docs"], max(10, len(self.files) // 3))
        step = max(1, len(self.files) // n)
        for f in self.files[::step][:n]:
            shutil.copyfile(f, sub / f.name)
        search = []
        for n_process, batch in self.cfg["search"]:
            log(f"spaCy search: n_process={n_process} batch_size={batch}")
            r = child("pipe", {"paths": [str(sub)], "model": self.model, "n_process": n_process, "batch_size": batch})
            search.append(r)
            log(f"  {r['words'] / r['wall']:,.0f} words/s")
        best = {}
        for n in sorted({n for n, _ in self.cfg["search"]}):
            top = max((r for r in search if r["n_process"] == n), key=lambda r: r["words"] / r["wall"])
            log(f"spaCy on the corpus: n_process={n} batch_size={top['batch_size']}")
            best[str(n)] = child("pipe", {"paths": [str(self.corpus)], "model": self.model, "n_process": n,
                                          "batch_size": top["batch_size"]})
            log(f"  {fmt_s(best[str(n)]['wall'])}")
        return {"search": search, "search_documents": len(list(sub.iterdir())), "best": best}

    # -- build -----------------------------------------------------------------------------
    def build_section(self) -> dict:
        w1 = self.build("w1", workers=1)
        w2 = self.build("w2", workers=2)
        out = {"w1": w1, "w2": w2, "speedup": w1["wall"] / w2["wall"]}
        sp = self.sections.get("spacy", {}).get("best", {})
        if "2" in sp:
            out["vs_spacy2"] = w2["wall"] / sp["2"]["wall"]
        if "1" in sp:
            out["vs_spacy1"] = w1["wall"] / sp["1"]["wall"]
        return out

    # -- dask ------------------------------------------------------------------------------
    def dask(self) -> dict:
        self.build("w2", workers=2)
        out = self.tmp / "graph-dask"
        log("build on a LocalCluster of 2 worker processes")
        r = child("build", {"paths": [str(self.corpus)], "out": str(out), "incremental": False, "dask_workers": 2})
        log(f"  {fmt_s(r['wall'])}")
        same = child("compare", {"a": str(self.graphs["w2"]), "b": str(out)})
        shutil.rmtree(out, ignore_errors=True)
        return {"dask": r, "vs_w2": r["wall"] / self.builds["w2"]["wall"], "identical": same}

    # -- incremental -----------------------------------------------------------------------
    def incremental(self) -> dict:
        self.build("w1", workers=1)
        out = self.tmp / "graph-inc"
        shutil.copytree(self.graphs["w1"], out)
        log("rebuild, nothing changed")
        noop = child("build", {"paths": [str(self.corpus)], "out": str(out)})
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
        shutil.rmtree(out, ignore_errors=True)
        full = self.builds["w1"]["wall"]
        return {"noop": noop, "one": one, "changed": name, "full": full,
                "noop_pct": 100 * noop["wall"] / full, "one_pct": 100 * one["wall"] / full}

    # -- longdoc ---------------------------------------------------------------------------
    def longdoc(self) -> dict:
        runs = []
        for chars in self.cfg["longdoc"]:
            log(f"one document of {chars:,} characters")
            runs.append(child("longdoc", {"chars": chars, "folder": str(CORPUS[0]), "out": str(self.tmp)}))
            log(f"  {runs[-1]['us_per_char']:.1f} us/char, peak {runs[-1]['maxrss_mb']:,.0f} MB")
        per = [r["us_per_char"] for r in runs]
        cpu = [r["cpu_us_per_char"] for r in runs]
        return {"runs": runs, "ratio": per[-1] / per[0], "max_over_min": max(per) / min(per),
                "cpu_ratio": cpu[-1] / cpu[0], "cpu_max_over_min": max(cpu) / min(cpu)}

    # -- disk ------------------------------------------------------------------------------
    def disk(self) -> dict:
        self.build("w1", workers=1)
        g = self.graphs["w1"]
        text = sum(f.stat().st_size for f in self.corpus.iterdir())
        parts = {p.name: du(p) for p in sorted(g.iterdir()) if not p.name.startswith(".")}
        total = sum(parts.values())
        kinds = child("quadkinds", {"graph": str(g)})
        words = self.builds["w1"]["words"]
        return {"input_bytes": text, "parts": parts, "total": total, "ratio": total / text,
                "per_mb": {k: v / (text / 1e6) for k, v in parts.items()}, "quads": self.builds["w1"]["quads"],
                "words": words, "quads_per_word": self.builds["w1"]["quads"] / words, "kinds": kinds}

    # -- queries ---------------------------------------------------------------------------
    def named_queries(self) -> list[dict]:
        import re

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
            out.append({"name": q.name, "params": params, "text": q.text})
        return out

    def queries(self) -> dict:
        self.build("w1", workers=1)
        g = self.graphs["w1"]
        res = {}
        for q in self.named_queries():
            cmd = [str(UNKG), "query", q["name"], "--graph", str(g), "--format", "tsv"]
            for k, v in q["params"].items():
                cmd += ["--param", f"{k}={v}"]
            t = time.perf_counter()
            p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
            wall = time.perf_counter() - t
            inner = child("oxquery", {"store": str(g / "store"), "text": q["text"], "params": q["params"], "repeat": 0})
            res[q["name"]] = {"process": wall, "query_first": inner["first"], "rows": inner["rows"],
                              "ok": p.returncode == 0, "params": q["params"]}
            log(f"  {q['name']}: {fmt_s(wall)} (query {fmt_s(inner['first'])}, {inner['rows']} rows)")
        slowest = max(res.items(), key=lambda kv: kv[1]["process"])
        return {"queries": res, "slowest": slowest[0], "max_process": slowest[1]["process"]}

    # -- bulkload --------------------------------------------------------------------------
    def bulkload(self) -> dict:
        self.build("w1", workers=1)
        r = child("bulkload", {"graph": str(self.graphs["w1"]), "tmp": str(self.tmp)})
        log(f"  dump {fmt_s(r['dump_wall'])}, oxigraph load {fmt_s(r['load_wall'])} ({r['quads']:,} quads)")
        return r

    # -- view ------------------------------------------------------------------------------
    def view(self) -> dict:
        self.build("w1", workers=1)
        out = self.tmp / "network.html"
        try:
            r = child("render", {"graph": str(self.graphs["w1"]), "out": str(out)}, timeout=1800)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            return {"error": str(exc)[-500:]}
        log(f"  {r['nodes']} nodes, {fmt_s(r['wall'])}, {fmt_mb(r['bytes'])}")
        return {"render": r, "distinct_entities": self.builds["w1"].get("distinct_entities"), "5k": self.view5k()}

    def view5k(self) -> dict:
        """The issue-15 goal on a synthetic 5,000-node network: the Python side after the
        queries, and the time until the page is interactive in headless Chromium."""
        out = self.tmp / "view-5k.html"
        r = child("view5k", {"out": str(out), "nodes": 5000}, timeout=600)
        try:
            from browser import measure

            b = measure({"5k": out}, repeat=3)["pages"]["5k"]
            r["ready_ms"], r["browser_errors"] = b["ready_ms"], b["errors"]
        except Exception as exc:  # noqa: BLE001 - no Chromium: the Python figure stands alone
            r["browser_error"] = str(exc)[-300:]
        log(f"  5,000-node view: {fmt_s(r['wall'])} of Python ({fmt_s(r['cpu'])} CPU), interactive after "
            f"{r.get('ready_ms', 0):.0f} ms")
        return r

    # -- cli -------------------------------------------------------------------------------
    def cli(self) -> dict:
        self.build("w1", workers=1)
        cmd = [str(UNKG), "query", "documents", "--graph", str(self.graphs["w1"])]

        def wall(c):
            t = time.perf_counter()
            subprocess.run(c, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            return time.perf_counter() - t

        wall(cmd)
        times = [wall(cmd) for _ in range(self.cfg["cli_repeat"])]
        base = [wall([PY, "-c", "pass"]) for _ in range(self.cfg["cli_repeat"])]
        return {"times": times, "median": median(times), "baseline": median(base)}

    # -- all -------------------------------------------------------------------------------
    def run(self, only: list[str]) -> dict:
        started = time.time()
        texts = sum(f.stat().st_size for f in self.files)
        meta = {"mode": "quick" if self.opts.quick else (f"sample 1/{self.cfg['sample']}" if self.cfg["sample"] > 1
                                                         else "full"),
                "started": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                "load_before": loadavg(), "pressure_before": cpu_pressure(),
                "corpus": {"documents": len(self.files), "bytes": texts, "from": [str(c.relative_to(ROOT.parent))
                                                                                  for c in CORPUS]},
                "config": {k: v for k, v in self.cfg.items()}}
        for name in only:
            log(f"== {name}")
            t = time.perf_counter()
            before = loadavg()
            try:
                res = (self.build_section if name == "build" else getattr(self, name))()
            except Exception as exc:  # noqa: BLE001 - one section failing does not stop the others
                traceback.print_exc()
                res = {"error": f"{type(exc).__name__}: {exc}"}
            res["elapsed_s"] = time.perf_counter() - t
            res["load"] = {"before": before, "after": loadavg()}
            self.sections[name] = res
        meta["builds"] = {k: {kk: v for kk, v in b.items() if kk != "errors"} for k, b in self.builds.items()}
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
    model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                  if ln.startswith("model name")), "")
    import importlib.metadata as md

    def ver(p):
        try:
            return md.version(p)
        except md.PackageNotFoundError:
            return None

    git = {}
    try:
        git["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                       text=True).stdout.strip()
        st = subprocess.run(["git", "status", "--porcelain", "--", "src", "queries", "bench"], cwd=ROOT,
                            capture_output=True, text=True).stdout
        git["dirty"] = sorted({ln[3:] for ln in st.splitlines()})
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": model, "mem_total_kb": mem.get("MemTotal"),
            "kernel": platform.release(),
            "versions": {"python": platform.python_version(), "spacy": ver("spacy"), "pyoxigraph": ver("pyoxigraph"),
                         "distributed": ver("distributed"), "unkg": ver("unkg"),
                         "model": f"{baseline_model()} {ver(baseline_model()) or ''}".strip()},
            "git": git}


# ------------------------------------------------------------------------------------ goals

def peak_mb(b: dict) -> float:
    return max(b.get("maxrss_mb", 0), b.get("children_maxrss_mb", 0), b.get("workers_maxrss_mb", 0))


def goals(sec: dict, meta: dict) -> list[dict]:
    out = []

    def add(key, measured, baseline, ratio, met, note=""):
        name, goal = GOALS[key]
        out.append({"key": key, "name": name, "measured": measured, "baseline": baseline, "ratio": ratio,
                    "goal": goal, "met": met, "note": note})

    b, s = sec.get("build", {}), sec.get("spacy", {}).get("best", {})
    if "vs_spacy2" in b:
        add("build", fmt_s(b["w2"]["wall"]), f"{fmt_s(s['2']['wall'])} (n_process=2, batch_size "
            f"{s['2']['batch_size']})", f"{b['vs_spacy2']:.2f}x", b["vs_spacy2"] <= 1.2,
            f"--workers 1 vs n_process=1: {b.get('vs_spacy1', 0):.2f}x")
    if "speedup" in b:
        add("workers", fmt_s(b["w2"]["wall"]), f"{fmt_s(b['w1']['wall'])} (workers=1)", f"{b['speedup']:.2f}x", True)
    d = sec.get("dask", {})
    if "vs_w2" in d:
        add("dask", fmt_s(d["dask"]["wall"]), f"{fmt_s(b.get('w2', {}).get('wall'))} (--workers 2)",
            f"{d['vs_w2']:.2f}x", d["identical"]["identical"], "outputs " + (
                "byte-identical" if d["identical"]["identical"] else "DIFFER: " + ", ".join(d["identical"]["differ"])))
    ld = sec.get("longdoc", {})
    if "ratio" in ld:
        r = ld["runs"]
        add("linear", f"{r[-1]['cpu_us_per_char']:.1f} µs CPU/char at {r[-1]['chars']:,}",
            f"{r[0]['cpu_us_per_char']:.1f} µs CPU/char at {r[0]['chars']:,}", f"{ld['cpu_ratio']:.2f}x",
            ld["cpu_max_over_min"] <= 1.5, f"max/min over the sizes: CPU {ld['cpu_max_over_min']:.2f}x, wall "
            f"{ld['max_over_min']:.2f}x; peak RSS {max(x['maxrss_mb'] for x in r):,.0f} MB")
    builds = meta.get("builds", {})
    if builds:
        worst = max(builds.items(), key=lambda kv: peak_mb(kv[1]))
        add("memory", f"{peak_mb(worst[1]):,.0f} MB ({worst[0]})",
            ", ".join(f"{k}: {peak_mb(v):,.0f} MB" for k, v in builds.items()), "", peak_mb(worst[1]) < 1536)
    dk = sec.get("disk", {})
    if "ratio" in dk:
        add("disk", fmt_mb(dk["total"]), f"{fmt_mb(dk['input_bytes'])} of text", f"{dk['ratio']:.1f}x",
            dk["ratio"] < 15, f"store {dk['parts'].get('store', 0) / dk['input_bytes']:.1f}x, "
            f"{dk['quads_per_word']:.2f} quads/word")
    q = sec.get("queries", {})
    if "max_process" in q:
        add("queries", f"slowest {q['slowest']} {fmt_s(q['max_process'])}", "", "", q["max_process"] < 2)
    i = sec.get("incremental", {})
    if "one_pct" in i:
        add("incremental_one", fmt_s(i["one"]["wall"]), f"{fmt_s(i['full'])} (full build)", f"{i['one_pct']:.1f}%",
            i["one_pct"] <= 5, f"nothing changed: {fmt_s(i['noop']['wall'])} ({i['noop_pct']:.1f}%)")
    v = sec.get("view", {}).get("5k", {})
    if "wall" in v:
        # CPU time: on a loaded machine the wall time measures the neighbours as well
        ready = v.get("ready_ms")
        add("view5k", f"{fmt_s(v['cpu'])} CPU; {ready / 1000:.1f} s" if ready else f"{fmt_s(v['cpu'])} CPU",
            f"{VIEW5K_BEFORE:.0f} s (the layout before issue 15, same graph)", f"{VIEW5K_BEFORE / v['cpu']:.0f}x faster",
            v["cpu"] < 5 and (ready is None or ready < 3000),
            f"{v['nodes']:,} nodes, {v['edges']:,} links; wall {fmt_s(v['wall'])}")
    return out


def print_goals(results: dict) -> None:
    for n, g in enumerate(results["goals"], 1):
        print(f"{n}. {g['name']}: {g['measured']} vs {g['baseline']} = {g['ratio']} (goal {g['goal']}: "
              f"{'yes' if g['met'] else 'NO'}) {g['note']}")
    for name, sec in results["sections"].items():
        if "error" in sec:
            print(f"{name}: {sec['error']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="60 documents and short long-documents (minutes)")
    ap.add_argument("--sample", type=int, default=0, help="every Nth document of the real corpus")
    ap.add_argument("--limit", type=int, default=0, help="at most N documents (spread over the corpus)")
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
    log(f"temporary folder {r.tmp}; {len(r.files)} documents")
    try:
        results = r.run(only)
    finally:
        if not opts.keep:
            shutil.rmtree(r.tmp, ignore_errors=True)
    results["meta"]["machine"] = machine()
    name = "results-quick.json" if opts.quick else ("results-sample.json" if opts.sample > 1 else "results.json")
    path = BENCH / name
    if set(only) != set(SECTIONS) and path.exists():  # a partial run: merge into the last results
        old = json.loads(path.read_text())
        if old.get("meta", {}).get("mode") == results["meta"]["mode"]:
            old["sections"].update(results["sections"])
            old["meta"].setdefault("builds", {}).update(results["meta"].get("builds", {}))
            old.setdefault("partial_runs", []).append({"sections": only, "meta": results["meta"]})
            results = old
    results["goals"] = goals(results["sections"], results["meta"])
    path.write_text(json.dumps(results, indent=1, default=str) + "\n")
    log(f"wrote {path.relative_to(ROOT)}")
    print_goals(results)
    if not opts.quick:
        import report

        report.write(results, ROOT / "BENCHMARKS.md")  # a sampled run says so at its top
        log("wrote the report")


if __name__ == "__main__":
    main()
