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
    from unkg.ingest import discover, read_document

    files, _ = discover(paths)
    return [read_document(p).text for p in files]


def task_pipe(a: dict) -> dict:
    """The baseline: plain ``spacy.load(model)`` and ``nlp.pipe`` over the cleaned texts."""
    texts = _texts(a["paths"])
    t = time.perf_counter()
    import spacy

    nlp = spacy.load(a["model"])
    nlp.max_length = max(nlp.max_length, max(map(len, texts)) + 1)
    load = time.perf_counter() - t
    c0, t0 = _cpu(), time.perf_counter()
    words = 0
    for doc in nlp.pipe(texts):
        words += sum(1 for tok in doc if not tok.is_space)
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"wall": wall, "cpu": cpu, "load": load, "words": words, "documents": len(texts),
            "chars": sum(map(len, texts)), "pipes": nlp.pipe_names, "batch_size": nlp.batch_size,
            "maxrss_mb": _rss_mb()}


def task_build(a: dict) -> dict:
    """``unkg.build``; with ``warm`` the pipeline is loaded first (timed apart, as ``load``)."""
    load = 0.0
    t = time.perf_counter()
    import unkg

    imp = time.perf_counter() - t
    if a.get("warm"):
        t = time.perf_counter()
        from unkg.nlp import load_pipeline

        load_pipeline(a.get("model"))  # the call build.process makes (the same lru_cache key)
        load = time.perf_counter() - t
    rss: dict[str, float] = {}
    acc = _wrap_build(a.get("workers", 1), rss)
    c0, t0 = _cpu(), time.perf_counter()
    r = unkg.build(a["paths"], out=a["out"], model=a.get("model"), workers=a.get("workers", 1),
                   incremental=a.get("incremental", True))
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"wall": wall, "cpu": cpu, "load": load, "import": imp, "breakdown": acc, "rss_after": rss,
            "words": r.words, "documents": len(r.documents),
            "quads": r.quads, "processed": r.processed, "reused": r.reused, "errors": [str(e) for e in r.errors],
            "model": r.model, "maxrss_mb": _rss_mb(), "children_maxrss_mb": _rss_mb(resource.RUSAGE_CHILDREN),
            "spacy_imported": "spacy" in sys.modules}


def _wrap_build(workers: int, rss: dict) -> dict:
    """Timers around the steps of ``unkg.build`` (module attributes it looks up at call time)."""
    import importlib

    import unkg.export as ex
    import unkg.rdf as rdf
    import unkg.store as st

    try:  # the module that holds build() (unkg.build was renamed unkg.pipeline)
        b = importlib.import_module("unkg.pipeline")
    except ImportError:
        b = importlib.import_module("unkg.build")
    acc: dict[str, float] = {}
    if workers <= 1:  # with a pool, the function is pickled by name: leave it alone
        _wrap(b, "_process_safely", acc, "analysing documents (read, NLP, extract, RDF)", rss)
    _wrap(b, "pipeline_fingerprint", acc, "pipeline_fingerprint (hash of unkg's files)", rss)
    _wrap(b, "_sha256", acc, "SHA-256 of the inputs", rss)
    _wrap(b._Cache, "lookup", acc, "cache lookups", rss)
    _wrap(b._Cache, "link_from", acc, "cache: linking unchanged entries", rss)
    _wrap(b._Cache, "write", acc, "cache: writing new entries", rss)
    _wrap(rdf, "entities_graph_quads", acc, "entities graph (all documents' entities)", rss)
    _wrap(st, "write_concatenated", acc, "kg.ttl + kg.trig (whole files)", rss)
    _wrap(st, "load_store", acc, "Oxigraph: new store (bulk load)", rss)
    _wrap(st, "update_store", acc, "Oxigraph: store copy + update", rss)
    _wrap(ex, "facts_jsonl", acc, "facts.jsonl (whole export)", rss)
    _wrap(st, "write_manifest", acc, "manifest", rss)
    _wrap(st.BuildOutput, "commit", acc, "commit (renames)", rss)
    return acc


def task_stages(a: dict) -> dict:
    """Where one document's time goes, summed over the corpus: reading and cleaning, each
    component of the unkg pipeline, extraction, and the RDF of its named graph."""
    from unkg import rdf, store
    from unkg.extract import extract
    from unkg.ingest import discover, read_document
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
        store.turtle_body(triples)
        add("turtle_body", t)
    return {"stages": acc, "words": words, "documents": len(files), "pipes": nlp.pipe_names}


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


def task_loadstore(a: dict) -> dict:
    """Bulk-load an RDF file into a new on-disk Oxigraph store (as unkg's build does)."""
    import pyoxigraph as ox

    fmt = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[a["format"]]
    t = time.perf_counter()
    st = ox.Store(a["store"])
    st.bulk_load(path=a["data"], format=fmt)
    st.flush()
    st.optimize()
    wall = time.perf_counter() - t
    return {"wall": wall, "quads": len(st), "maxrss_mb": _rss_mb()}


def task_scale(a: dict) -> dict:
    sys.path.insert(0, str(Path(__file__).parent))
    import scaled

    t = time.perf_counter()
    if a["kind"] == "sparql":
        r = scaled.scaled_sparql_corpus(Path(a["trig"]), Path(a["out"]), a["documents"], a["max_quads"])
    else:
        r = scaled.scaled_view_corpus(Path(a["trig"]), Path(a["out"]), a["copies"])
    r["wall"] = time.perf_counter() - t
    return r


def main() -> None:
    task, args = sys.argv[1], json.loads(sys.argv[2])
    result = globals()[f"task_{task}"](args)
    sys.stdout.write("\n" + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
