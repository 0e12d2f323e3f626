"""Measurements that bench/run.py runs in child processes, one per call, so that each starts
from a fresh interpreter (no warm caches, its own peak RSS):

    python bench/tasks.py TASK JSON-ARGUMENTS

The result is printed as one JSON object on the last line of standard output.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _texts(paths: list[str]) -> list[str]:
    from unkg.ingest import read_document
    from unkg.inputs import discover

    files, _ = discover(paths)
    return [read_document(p).text for p in files]


def task_pipe(a: dict) -> dict:
    """The baseline: plain ``spacy.load(model)`` and ``nlp.pipe`` over the cleaned texts, with
    ``n_process`` processes and ``batch_size`` texts a batch."""
    texts = _texts(a["paths"])
    t = time.perf_counter()
    import spacy

    nlp = spacy.load(a["model"])
    nlp.max_length = max(nlp.max_length, max(map(len, texts)) + 1)
    load = time.perf_counter() - t
    c0, t0 = _cpu(), time.perf_counter()
    words = 0
    for doc in nlp.pipe(texts, n_process=a.get("n_process", 1), batch_size=a.get("batch_size", 256)):
        words += sum(1 for tok in doc if not tok.is_space)
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"wall": wall, "cpu": cpu, "load": load, "words": words, "documents": len(texts),
            "chars": sum(map(len, texts)), "pipes": nlp.pipe_names, "batch_size": a.get("batch_size", 256),
            "n_process": a.get("n_process", 1), "maxrss_mb": _rss_mb(), "children_maxrss_mb": _rss_mb(resource.RUSAGE_CHILDREN)}


def _worker_rss() -> float:
    import resource as r

    return r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024


def task_build(a: dict) -> dict:
    """``unkg.build``, cold (the pipeline loads inside the build, in each worker process);
    with ``dask_workers``, on a LocalCluster of that many worker processes started first."""
    t = time.perf_counter()
    import unkg

    imp = time.perf_counter() - t
    cluster, scheduler, cluster_start = None, None, 0.0
    if a.get("dask_workers"):
        import logging

        from distributed import LocalCluster

        logging.getLogger("distributed").setLevel(logging.ERROR)

        t = time.perf_counter()
        cluster = LocalCluster(n_workers=a["dask_workers"], threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        scheduler, cluster_start = cluster.scheduler_address, time.perf_counter() - t
    rss: dict[str, float] = {}
    acc = _wrap_build(a.get("workers", 1), rss)
    c0, t0 = _cpu(), time.perf_counter()
    r = unkg.build(a["paths"], out=a["out"], model=a.get("model"), workers=a.get("workers", 1),
                   incremental=a.get("incremental", True), scheduler=scheduler, dump=a.get("dump", False))
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    workers_rss = 0.0
    if cluster is not None:
        from distributed import Client

        with Client(scheduler, set_as_default=False) as c:
            workers_rss = max(c.run(_worker_rss).values())
        cluster.close()
    return {"wall": wall, "cpu": cpu, "import": imp, "breakdown": acc, "rss_after": rss,
            "words": r.words, "documents": len(r.documents), "distinct_entities": r.distinct_entities,
            "quads": r.quads, "processed": r.processed, "reused": r.reused, "errors": [str(e) for e in r.errors],
            "model": r.model, "maxrss_mb": _rss_mb(), "children_maxrss_mb": _rss_mb(resource.RUSAGE_CHILDREN),
            "workers_maxrss_mb": workers_rss, "cluster_start": cluster_start, "workers": a.get("workers", 1),
            "dask_workers": a.get("dask_workers", 0), "spacy_imported": "spacy" in sys.modules}


def _wrap_build(workers: int, rss: dict) -> dict:
    """Timers around the steps of ``unkg.build`` (module attributes it looks up at call time)."""
    import importlib

    import unkg.export as ex
    import unkg.rdf as rdf
    import unkg.store as st

    b = importlib.import_module("unkg.pipeline")
    acc: dict[str, float] = {}
    if workers <= 1:  # with a pool, the function is pickled by name: leave it alone
        _wrap(b, "_process_safely", acc, "analysing documents (read, NLP, extract, RDF)", rss)
    _wrap(b, "pipeline_fingerprint", acc, "pipeline_fingerprint (hash of unkg's files)", rss)
    _wrap(b, "_sha256", acc, "SHA-256 of the inputs", rss)
    _wrap(b._Cache, "lookup", acc, "cache lookups", rss)
    _wrap(b._Cache, "link_from", acc, "cache: linking unchanged entries", rss)
    _wrap(b._Cache, "write", acc, "cache: writing new entries", rss)
    _wrap(rdf, "entities_graph_quads", acc, "entities graph (all documents' entities)", rss)
    _wrap(st.GraphWriter, "put", acc, "store: writing document graphs", rss)
    _wrap(st.GraphWriter, "finish", acc, "store: the staged bulk load, flush", rss)
    _wrap(ex, "write_facts", acc, "facts.jsonl (one document at a time)", rss)
    _wrap(st, "write_dump", acc, "kg.nq.gz", rss)
    _wrap(st, "write_manifest", acc, "manifest", rss)
    _wrap(st.BuildOutput, "commit", acc, "commit (renames)", rss)
    return acc


def task_compare(a: dict) -> dict:
    """Whether two built graphs give the same bytes: facts.jsonl, the manifest (paths aside: the
    same inputs), the graph in N-Quads."""
    import hashlib

    from unkg import store

    def outputs(g: Path) -> dict[str, str]:
        st = store.open_read_only(g)
        h = hashlib.sha256()
        for chunk in store.iter_nquads(st):
            h.update(chunk)
        return {"facts.jsonl": hashlib.sha256((g / "facts.jsonl").read_bytes()).hexdigest(),
                "manifest.json": hashlib.sha256((g / "manifest.json").read_bytes()).hexdigest(),
                "graph.nq": h.hexdigest()}

    x, y = outputs(Path(a["a"])), outputs(Path(a["b"]))
    differ = sorted(k for k in x if x[k] != y[k])
    return {"identical": not differ, "differ": differ, "sha256": x}


def task_quadkinds(a: dict) -> dict:
    """Quads by the kind of their subject (document, paragraph, sentence, mention, assertion,
    entity) and predicate; and the facts stated twice, with what dropping each would save: a
    sentence's document beside its paragraph's, a document's entities (unkg:mentions) beside its
    mentions'."""
    import re
    from collections import Counter

    from unkg import store

    st = store.open_read_only(Path(a["graph"]))
    kinds, preds = Counter(), Counter()
    part = re.compile(r"/(paragraph|sentence|fact|act|mandate|speech|presidency)/\d+$")
    for q in st:
        s = q.subject.value
        m = part.search(s)
        kind = (m.group(1) if m else "mention" if "#char=" in s
                else "document" if "/id/source/" in s else "entity/scheme")
        kinds[kind] += 1
        preds[f"{kind} {q.predicate.value.rsplit('/', 1)[-1].rsplit('#', 1)[-1]}"] += 1

    def count(where: str) -> int:
        return int(next(iter(store.select(st, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows))[0].value)

    twice = {
        "sentence's document beside its paragraph's": count("?s a unkg:Sentence ; unkg:inDocument ?d ; unkg:inParagraph/unkg:inDocument ?d"),
        "document's entities (unkg:mentions) beside its mentions": count("?d a unkg:SourceDocument ; unkg:mentions ?e"),
    }
    return {"total": sum(kinds.values()), "kinds": dict(kinds.most_common()), "predicates": dict(preds.most_common(40)),
            "stated_twice": twice}


def task_bulkload(a: dict) -> dict:
    """kg.nq.gz written from a built store (``store.write_dump``, as ``unkg build --dump``), then
    loaded into a new store with Oxigraph's bulk loader (``oxigraph load``)."""
    import shutil
    import subprocess

    from unkg import endpoint, store

    st = store.open_read_only(Path(a["graph"]))
    dump = Path(a["tmp"]) / "kg.nq.gz"
    t = time.perf_counter()
    store.write_dump(st, dump)
    dump_wall = time.perf_counter() - t
    quads = len(st)
    del st
    target = Path(a["tmp"]) / "bulk-store"
    shutil.rmtree(target, ignore_errors=True)
    t = time.perf_counter()
    p = subprocess.run([endpoint.oxigraph_binary(), "load", "--location", str(target), "--file", str(dump)],
                       capture_output=True, text=True)
    load_wall = time.perf_counter() - t
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    import pyoxigraph as ox

    loaded = len(ox.Store.read_only(str(target)))
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    shutil.rmtree(target, ignore_errors=True)
    out = {"dump_wall": dump_wall, "dump_bytes": dump.stat().st_size, "load_wall": load_wall, "quads": quads,
           "loaded": loaded, "quads_per_s": quads / load_wall, "store_bytes": size,
           "loader_maxrss_mb": _rss_mb(resource.RUSAGE_CHILDREN)}
    dump.unlink()
    return out


def task_stages(a: dict) -> dict:
    """Where one document's time goes, summed over the corpus: reading and cleaning, each
    component of the unkg pipeline, extraction, and the RDF of its named graph."""
    from unkg import rdf, store
    from unkg.extract import extract
    from unkg.ingest import read_document
    from unkg.inputs import discover
    from unkg.nlp import load_pipeline

    nlp = load_pipeline(a.get("model"))
    files, _ = discover(a["paths"])
    acc: dict[str, float] = {}

    def add(k: str, t0: float) -> float:
        now = time.perf_counter()
        acc[k] = acc.get(k, 0.0) + now - t0
        return now

    words = 0
    for p in files:
        t = time.perf_counter()
        d = read_document(p)
        t = add("read_document (ingest)", t)
        doc = nlp.make_doc(d.text)
        t = add("tokenizer", t)
        for name, proc in nlp.pipeline:
            doc = proc(doc)
            t = add(name, t)
        words += sum(1 for tok in doc if not tok.is_space)
        x = extract(doc, d)
        t = add("extract", t)
        triples = store.sorted_triples(rdf.document_quads(x))
        t = add("rdf (document_quads, sorted_triples)", t)
        store.ntriples(triples)
        add("N-Triples", t)
    return {"stages": acc, "words": words, "documents": len(files), "pipes": nlp.pipe_names}


def long_text(chars: int, folder: str) -> str:
    """A text of about ``chars`` characters: real documents of ``folder`` (in file-name order)
    one after another, cut at a line break."""
    from unkg.ingest import read_document

    parts, total = [], 0
    for f in sorted(Path(folder).iterdir()):
        t = read_document(f).raw
        parts.append(t)
        total += len(t) + 2
        if total >= chars:
            break
    text = "\n\n".join(parts)[:chars]
    return text[: text.rfind("\n") + 1]


def task_longdoc(a: dict) -> dict:
    """One document of ``chars`` characters built as ``unkg.build`` builds it (``pipeline.process``),
    each stage timed: read, the NLP (``pipeline.analyse_text``), extract, RDF. Peak RSS of the
    process (the pipeline loaded first, its RSS noted apart)."""
    import os

    os.environ["UNKG_MAX_TEXT_MB"] = str(max(3.0, a["chars"] / 1e6 + 1))
    from unkg import pipeline, rdf, store
    from unkg.extract import extract
    from unkg.ingest import read_document
    from unkg.nlp import load_pipeline

    nlp = load_pipeline(a.get("model"))
    rss_model = _rss_mb()
    path = Path(a["out"]) / f"long-{a['chars']}.txt"
    path.write_text(long_text(a["chars"], a["folder"]), encoding="utf-8")
    acc: dict[str, float] = {}
    c0, t0 = _cpu(), time.perf_counter()
    d = read_document(path)
    t1 = time.perf_counter()
    doc = pipeline.analyse_text(nlp, d.text)
    t2 = time.perf_counter()
    x = extract(doc, d)
    t3 = time.perf_counter()
    triples = store.sorted_triples(rdf.document_quads(x))
    body = store.ntriples(triples)
    t4, cpu = time.perf_counter(), _cpu() - c0
    acc.update({"read": t1 - t0, "nlp": t2 - t1, "extract": t3 - t2, "rdf": t4 - t3})
    path.unlink()
    return {"chars": len(d.text), "words": sum(1 for t in doc if not t.is_space), "stages": acc, "total": t4 - t0,
            "us_per_char": 1e6 * (t4 - t0) / len(d.text), "cpu": cpu, "cpu_us_per_char": 1e6 * cpu / len(d.text), "quads": len(triples), "body_bytes": len(body),
            "maxrss_mb": _rss_mb(), "rss_model_mb": rss_model, "pieces": len(pipeline.pieces(d.text))
            if len(d.text) > pipeline.CHUNK_ABOVE_CHARS else 1}


def _wrap(module, name: str, acc: dict, label: str, rss: dict | None = None) -> None:
    """Time every call of ``module.name`` into ``acc[label]``; with ``rss``, also note the
    process's peak RSS so far (MB) after the call, to see which step raises it."""
    f = getattr(module, name, None)
    if f is None:
        return

    def timed(*args, **kwargs):
        t = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            acc[label] = acc.get(label, 0.0) + time.perf_counter() - t
            if rss is not None:
                rss[label] = _rss_mb()

    setattr(module, name, timed)


def task_render(a: dict) -> dict:
    """``unkg.view.render`` on a store; with a coarse breakdown of where its time goes."""
    t = time.perf_counter()
    import networkx as nx
    import pyoxigraph as ox

    from unkg import view
    from unkg.view import layout, page

    imp = time.perf_counter() - t
    acc: dict[str, float] = {}
    _wrap(page, "to_networkx", acc, "to_networkx (SPARQL + networkx)")
    _wrap(page, "run", acc, "other SPARQL queries")
    _wrap(page, "layout", acc, "layout (all)")
    _wrap(nx, "forceatlas2_layout", acc, "  forceatlas2_layout")
    _wrap(layout, "_spread", acc, "  _spread (overlap removal)")
    _wrap(page, "_safe_json", acc, "JSON of the data")
    out = Path(a["out"])
    if a.get("graph"):  # a built graph folder: the Python API, as a user calls it
        import unkg

        kg = unkg.open(a["graph"])
        st = kg.store
        t0 = time.perf_counter()
        kg.view(out=out)
    else:  # a bare store (the scaled graphs have no graph folder)
        st = ox.Store.read_only(a["store"])
        t0 = time.perf_counter()
        view.render(st, out)
    wall = time.perf_counter() - t0
    html = out.read_text(encoding="utf-8")
    from unkg.network import to_networkx

    g = to_networkx(st)
    return {"wall": wall, "import": imp, "bytes": out.stat().st_size, "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(), "breakdown": acc, "quads": len(st), "maxrss_mb": _rss_mb(),
            "large": '"large":true' in html}


def view_records(n: int, seed: int = 3) -> tuple[list[dict], list[dict], list[dict]]:
    """Page records of a synthetic entity network of ``n`` nodes (a seeded power-law cluster
    graph, about 3 links a node, 400 documents) shaped as ``view.page`` makes them."""
    import random

    import networkx as nx

    rnd = random.Random(seed)
    g = nx.powerlaw_cluster_graph(n, 3, 0.2, seed=seed)
    docs = [{"file": f"d{i:03}.txt", "symbol": None, "kind": rnd.choice(["letter", "resolution", "report"]),
             "date": f"{2010 + i % 15}-01-01", "year": 2010 + i % 15, "title": None} for i in range(400)]
    nodes = [{"id": f"n{i:05}", "label": f"Entity {i}", "group": "Organization", "color": "#f28e2b", "shape": "dot",
              "value": round(1 + (g.degree(i) ** 0.5), 3), "title": f"Entity {i}", "full": f"Entity {i}",
              "ident": f"E{i}", "docs": 1 + g.degree(i) % 40, "ids": [["identifier", f"E{i}"]], "aliases": [],
              "src": None, "mentions": [[i % 400, None]], "years": [2010 + i % 15], "search": f"e{i} entity {i}"}
             for i in g]
    edges = [{"id": f"e{k}", "from": f"n{a:05}", "to": f"n{b:05}", "kind": "co-mention", "value": w, "title": "co-mention",
              "arrows": "", "dashes": True, "color": {"color": "#8c9bab"},
              "docs": sorted({(a * 7 + b + j) % 400: 1 for j in range(min(w, 4))}.items()), "evidence": []}
             for k, (a, b, w) in enumerate((a, b, rnd.randint(1, 30)) for a, b in sorted(g.edges))]
    for e in edges:
        e["docs"] = [list(d) for d in e["docs"]]
    return nodes, edges, docs


def task_view5k(a: dict) -> dict:
    """The Python side of a view after its queries (ranking, hubs, communities, layout, the
    page's JSON and HTML) on ``view_records(n)``; the issue's goal: 5,000 nodes in < 5 s."""
    from types import SimpleNamespace

    from unkg.view import page

    nodes, edges, docs = view_records(a.get("nodes", 5000))
    out = Path(a["out"])
    c0, t0 = time.process_time(), time.perf_counter()
    hubs = page.assemble(nodes, edges, len(docs), "entities")
    t1 = time.perf_counter()
    page.write_page(out, "5,000 nodes", "entities", nodes, edges, hubs, SimpleNamespace(docs=docs, sentences=[]),
                    "Years of the documents")
    t2 = time.perf_counter()
    return {"wall": t2 - t0, "cpu": time.process_time() - c0, "assemble": t1 - t0, "write": t2 - t1, "nodes": len(nodes), "edges": len(edges),
            "bytes": out.stat().st_size, "maxrss_mb": _rss_mb()}


def task_oxquery(a: dict) -> dict:
    """One query on a read-only Oxigraph store through ``unkg.query.run`` (as ``kg.query``):
    a first run, then more while they fit in the time budget."""
    import pyoxigraph as ox

    from unkg.query import run

    st = ox.Store.read_only(a["store"])
    t = time.perf_counter()
    r = run(st, a["text"], a["params"])
    first = time.perf_counter() - t
    times = []
    budget = time.perf_counter() + a.get("budget", 3.0)
    while first < 1.0 and len(times) < a.get("repeat", 5) and time.perf_counter() < budget:
        t = time.perf_counter()
        run(st, a["text"], a["params"])
        times.append(time.perf_counter() - t)
    return {"first": first, "times": times or [first], "rows": len(r.rows)}


def main() -> None:
    task, args = sys.argv[1], json.loads(sys.argv[2])
    result = globals()[f"task_{task}"](args)
    sys.stdout.write("\n" + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
