"""BENCHMARKS.md from bench/results.json (called by bench/run.py after a full or sampled run).

The figures and the method are generated; the analysis (why a goal is missed, what to do) is
kept by hand in bench/notes.md and included as it is.

    .venv/bin/python bench/report.py [results.json] [BENCHMARKS.md]   # regenerate
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from run import fmt_mb, fmt_s, peak_mb

BENCH = Path(__file__).resolve().parent


def _row(*cells) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def _table(head: list[str], rows: list[list]) -> list[str]:
    return [_row(*head), _row(*["---"] * len(head)), *(_row(*r) for r in rows)]


def _la(r: dict) -> str:
    la = r.get("loadavg")
    return f"{la['before'][0]:.2f} / {la['after'][0]:.2f}" if la else "-"


def _wps(r: dict) -> str:
    return f"{r['words'] / r['wall']:,.0f}"


def _machine(meta: dict) -> list[str]:
    m = meta["machine"]
    v, git = m["versions"], m.get("git", {})
    dirty = (" + uncommitted changes in " + ", ".join(git["dirty"])) if git.get("dirty") else ""
    return _table(["", ""], [
        ["CPU", f"{m['cores']} cores, {m['cpu']}"], ["memory", f"{m['mem_total_kb'] / 1024 / 1024:.1f} GiB"],
        ["Python", v["python"]], ["spaCy", f"{v['spacy']}, model {v['model']}"], ["pyoxigraph", v["pyoxigraph"]],
        ["distributed", v.get("distributed")], ["unkg", f"{v['unkg']}, git {git.get('commit', '?')}{dirty}"],
        ["load average (1, 5, 15 min)", f"before {meta['load_before']}, after {meta['load_after']}"],
        ["CPU pressure", f"before `{meta['pressure_before']}`, after `{meta['pressure_after']}`"]])


def _summary(goals: list[dict]) -> list[str]:
    return _table(["#", "benchmark", "measured", "baseline", "ratio", "goal", "met", "note"],
                  [[n, g["name"], g["measured"], g["baseline"], g["ratio"], g["goal"],
                    "**yes**" if g["met"] else "**NO**", g["note"]] for n, g in enumerate(goals, 1)])


def _builds(sec: dict, meta: dict) -> list[str]:
    L = []
    sp, b, d = sec.get("spacy", {}), sec.get("build", {}), sec.get("dask", {})
    if "search" in sp:
        L += ["### Plain spaCy: the configurations tried", "",
              f"On {sp['search_documents']} documents of the corpus, spread over it; `nlp.pipe(texts, n_process=N, "
              "batch_size=B)` of the same model over the same cleaned texts (`read_document(p).text`).", ""]
        L += _table(["n_process", "batch_size", "wall", "CPU (all processes)", "words/s", "peak RSS (parent / children)"],
                    [[r["n_process"], r["batch_size"], fmt_s(r["wall"]), fmt_s(r["cpu"]), _wps(r),
                      f"{r['maxrss_mb']:,.0f} / {r['children_maxrss_mb']:,.0f} MB"] for r in sp["search"]])
        L.append("")
    rows = []
    for key, label in (("1", "plain spaCy, n_process=1"), ("2", "plain spaCy, n_process=2")):
        r = sp.get("best", {}).get(key)
        if r:
            rows.append([f"{label} (batch_size {r['batch_size']})", fmt_s(r["wall"]), fmt_s(r["cpu"]), _wps(r),
                         f"{peak_mb(r):,.0f} MB", _la(r)])
    for key, label in (("w1", "`unkg build --workers 1`"), ("w2", "`unkg build --workers 2`")):
        r = b.get(key)
        if r:
            rows.append([label, fmt_s(r["wall"]), fmt_s(r["cpu"]), _wps(r), f"{peak_mb(r):,.0f} MB", _la(r)])
    if "dask" in d:
        r = d["dask"]
        rows.append([f"`unkg build --scheduler` (LocalCluster, 2 worker processes; started in {fmt_s(r['cluster_start'])})",
                     fmt_s(r["wall"]), fmt_s(r["cpu"]) + " (client only)", _wps(r), f"{peak_mb(r):,.0f} MB", _la(r)])
    if rows:
        L += ["### The corpus through plain spaCy and through unkg build", "",
              "Builds are cold, into a new folder (`incremental=False`): the pipeline loads inside the build (in each "
              "worker). Peak RSS is that of the largest process (parent, pool worker or Dask worker).", ""]
        L += _table(["", "wall", "CPU", "words/s", "peak RSS", "load before / after"], rows)
        L.append("")
    if "identical" in d:
        same = d["identical"]
        L += [f"Outputs of the Dask build against those of `--workers 2` (facts.jsonl, manifest.json, the graph as "
              f"N-Quads): **{'byte-identical' if same['identical'] else 'different: ' + ', '.join(same['differ'])}**.", ""]
    if "w1" in b and b["w1"].get("breakdown"):
        L += ["Where a `--workers 1` build's time goes (timers around the functions it calls):", ""]
        L += _table(["step", "time"], [[k, fmt_s(v)] for k, v in b["w1"]["breakdown"].items()])
        L.append("")
    return L


def _longdoc(ld: dict) -> list[str]:
    rows = [[f"{r['chars']:,}", r["pieces"], fmt_s(r["total"]), f"{r['us_per_char']:.1f}",
             f"{r.get('cpu_us_per_char', 0):.1f}",
             f"{r['stages']['nlp']:.1f} / {r['stages']['extract']:.2f} / {r['stages']['rdf']:.2f} s",
             f"{r['maxrss_mb']:,.0f} MB"] for r in ld["runs"]]
    return ["Real documents of `scale/docs` one after another in one file, built as `unkg build` builds a document "
            "(`pipeline.process`: read, NLP through `pipeline.analyse_text`, extract, RDF); a fresh process each.", "",
            *_table(["characters", "pieces through the model", "wall", "µs per character (wall)", "µs CPU per character",
                     "NLP / extract / RDF (wall)", "peak RSS"], rows),
            "", f"CPU time per character, longest against shortest: **{ld.get('cpu_ratio', 0):.2f}x** (max/min over the "
            f"sizes {ld.get('cpu_max_over_min', 0):.2f}x); wall time {ld['ratio']:.2f}x (max/min {ld['max_over_min']:.2f}x; "
            "wall time depends on the other work of the machine).", ""]


def _disk(dk: dict) -> list[str]:
    rows = [[name, fmt_mb(size), f"{size / dk['input_bytes']:.2f}x"] for name, size in dk["parts"].items()]
    rows.append(["**graph/**", f"**{fmt_mb(dk['total'])}**", f"**{dk['ratio']:.1f}x**"])
    k = dk["kinds"]
    kinds = [[kind, f"{n:,}", f"{100 * n / k['total']:.1f}%"] for kind, n in k["kinds"].items()]
    twice = [[what, f"{n:,}", f"{100 * n / k['total']:.1f}%"] for what, n in k["stated_twice"].items()]
    return [f"Input: {fmt_mb(dk['input_bytes'])} of text; {dk['words']:,} words; {dk['quads']:,} quads "
            f"({dk['quads_per_word']:.2f} per word).", "",
            *_table(["in graph/", "size", "per byte of input text"], rows), "",
            "Quads by the kind of their subject:", "", *_table(["kind", "quads", "share"], kinds), "",
            "Facts stated twice or the same for every mention (what dropping them would save):", "",
            *_table(["", "quads", "share"], twice), ""]


def _queries(q: dict) -> list[str]:
    rows = [[f"`{name}`", fmt_s(r["process"]), fmt_s(r["query_first"]), r["rows"], "" if r["ok"] else "failed"]
            for name, r in sorted(q["queries"].items(), key=lambda kv: -kv[1]["process"])]
    return ["Each query as `unkg query NAME --format tsv` in a fresh process (cold: its own store handle and "
            "caches), and its first run inside a fresh process (`unkg.query.run`):", "",
            *_table(["query", "whole process", "query (first run)", "rows", ""], rows), ""]


def _partial_runs(results: dict) -> list[str]:
    """The sections measured again later (`--only`): each on its own date and load, with its own
    baselines, so that a reader does not compare them with the other sections' figures."""
    out = []
    for run in results.get("partial_runs", []):
        m = run["meta"]
        load = " / ".join(f"{x:.2f}" for x in m.get("load_before", []))
        out.append(f"- Sections {', '.join(run['sections'])} measured again on {m['started']} "
                   f"({m['duration_s'] / 60:.0f} minutes; load average before: {load}), with their own baselines.")
    return out + [""] if out else []


def write(results: dict, path: Path) -> None:
    meta, sec = results["meta"], results["sections"]
    c = meta["corpus"]
    L = ["# Benchmarks", "",
         f"Generated by `make bench` (`bench/run.py`, mode **{meta['mode']}**) on {meta['started']} "
         f"({meta['duration_s'] / 60:.0f} minutes): {c['documents']:,} documents, {fmt_mb(c['bytes'])} of text from "
         f"{', '.join(c['from'])}. Every ratio compares two figures measured in the same run; every build, query and "
         "render runs in a fresh child process (`bench/tasks.py`). Raw figures: `bench/results*.json`.", "",
         *_partial_runs(results),
         "## Machine", "", *_machine(meta), "", "## Summary", "", *_summary(results["goals"]), ""]
    L += ["## 1. Builds against plain spaCy; workers; Dask", "", *_builds(sec, meta)]
    if "longdoc" in sec and "runs" in sec["longdoc"]:
        L += ["## 2. Time per character of one long document", "", *_longdoc(sec["longdoc"])]
    if "disk" in sec and "parts" in sec["disk"]:
        L += ["## 3. Disk", "", *_disk(sec["disk"])]
    if "queries" in sec and "queries" in sec["queries"]:
        L += ["## 4. Named queries, cold", "", *_queries(sec["queries"])]
    i = sec.get("incremental", {})
    if "noop" in i:
        L += ["## 5. Incremental rebuilds", "", *_table(["", "wall", "share of the full build", "analysed / reused"], [
            ["full build (workers=1)", fmt_s(i["full"]), "100%", ""],
            ["nothing changed", fmt_s(i["noop"]["wall"]), f"{i['noop_pct']:.1f}%",
             f"{i['noop']['processed']} / {i['noop']['reused']}"],
            [f"one document changed ({i['changed']})", fmt_s(i["one"]["wall"]), f"{i['one_pct']:.1f}%",
             f"{i['one']['processed']} / {i['one']['reused']}"]]), ""]
    bl = sec.get("bulkload", {})
    if "load_wall" in bl:
        L += ["## 6. The graph into a server's bulk loader", "", *_table(["", ""], [
            ["`kg.nq.gz` (`unkg build --dump`)", f"{fmt_mb(bl['dump_bytes'])}, written in {fmt_s(bl['dump_wall'])}"],
            ["`oxigraph load --location NEW --file kg.nq.gz`", f"{fmt_s(bl['load_wall'])}: {bl['quads_per_s']:,.0f} quads/s, "
             f"{bl['loaded']:,} quads, store {fmt_mb(bl['store_bytes'])}, loader peak RSS {bl['loader_maxrss_mb']:,.0f} MB"]]),
              ""]
    v = sec.get("view", {})
    if "render" in v:
        r = v["render"]
        L += ["## 7. The network view", "",
              f"`kg.view()` (the view code's default selection) on the built graph ({v.get('distinct_entities') or '?'} "
              f"distinct entities): {r['nodes']:,} nodes, {fmt_mb(r['bytes'])}, {fmt_s(r['wall'])} in Python. "
              "`unkg build` always writes it; a page holds at most `settings.VIEW_MAX_NODES` nodes, the most linked.", ""]
    cl = sec.get("cli", {})
    if "median" in cl:
        L += ["## 8. `unkg query` start-up", "", f"`unkg query documents`: {fmt_s(cl['median'])} (median of "
              f"{len(cl['times'])}); `python -c pass`: {fmt_s(cl['baseline'])}.", ""]
    notes = BENCH / "notes.md"
    if notes.exists():
        L += [notes.read_text(encoding="utf-8").rstrip(), ""]
    path.write_text("\n".join(L), encoding="utf-8")


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else BENCH / "results.json"
    write(json.loads(src.read_text()), Path(sys.argv[2]) if len(sys.argv) > 2 else BENCH.parent / "BENCHMARKS.md")
