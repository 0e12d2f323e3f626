"""rdflib side of the SPARQL benchmark, run as a child process of bench/run.py.

Loads a file into an in-memory ``rdflib.Dataset(default_union=True)`` once, then runs each
query in a forked copy of itself, so that a query that runs too long is killed at its timeout
without reloading the data for the next one. Prints one JSON object per line on stdout:
``{"load": ...}`` first, then one per query.

    python bench/rdflib_server.py DATA FORMAT SPEC.json
    SPEC: {"queries": [{"name", "text", "params"}], "repeat": N, "timeout": seconds, "prefixes": {...}}
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import sys
import time


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def _run_query(ds, q: dict, prefixes: dict, repeat: int, budget: float = 3.0) -> dict:
    """A first run; then, if it took under a second, more runs while they fit in ``budget``
    seconds (the same rule as the Oxigraph side, bench/tasks.py task_oxquery)."""
    from rdflib import Literal, Variable

    bindings = {Variable(k): Literal(v) for k, v in q["params"].items()}

    def once() -> tuple[float, int]:
        t = time.perf_counter()
        out = list(ds.query(q["text"], initNs=prefixes, initBindings=bindings))
        return time.perf_counter() - t, len(out)

    first, rows = once()
    times = [first]
    stop = time.perf_counter() + budget
    while first < 1.0 and len(times) <= repeat and time.perf_counter() < stop:
        times.append(once()[0])
    return {"times": times, "rows": rows}


def main() -> None:
    data, fmt, spec_path = sys.argv[1:4]
    spec = json.loads(open(spec_path, encoding="utf-8").read())
    import rdflib

    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data, format=fmt)
    load = time.perf_counter() - t
    triples = len(ds)  # the union graph: distinct triples
    _emit({"load": load, "triples": triples, "rdflib": rdflib.__version__,
           "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    timeout = float(spec["timeout"])
    for q in spec["queries"]:
        r, w = os.pipe()
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: run, report, exit without cleanup
            os.close(r)
            try:
                res = _run_query(ds, q, spec["prefixes"], int(spec["repeat"]))
            except Exception as exc:  # noqa: BLE001 - reported
                res = {"error": f"{type(exc).__name__}: {exc}"}
            os.write(w, json.dumps(res).encode())
            os.close(w)
            os._exit(0)
        os.close(w)
        chunks, timed_out = [], False
        while True:
            left = start + timeout - time.perf_counter()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([r], [], [], left)
            if ready:
                chunk = os.read(r, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(r)
        if timed_out:
            _emit({"name": q["name"], "timeout": timeout})
        else:
            _emit({"name": q["name"], **json.loads(b"".join(chunks) or b'{"error": "no result"}')})


if __name__ == "__main__":
    main()
