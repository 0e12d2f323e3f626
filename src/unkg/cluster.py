"""cluster: document analysis on the workers of a Dask cluster (``unkg build --scheduler``).

The client (the machine running ``unkg build``) reads each file and sends its bytes to the
cluster, so the workers need no access to the input folders; each worker loads the pipeline
once (a worker plugin loads it as the worker joins, ``nlp.load_pipeline`` keeps it) and
returns the document's result, which streams back to the client that writes the store and
the cache, exactly as a local build does. A bounded number of documents is in flight at a
time, so neither the client nor the scheduler holds the corpus.

The workers must run the same unkg, spaCy and model as the client: their pipeline
fingerprint is checked first, so that a cluster build gives byte for byte the outputs of a
local one. Needs the ``cluster`` extra (``pip install 'unkg[cluster]'``).

    dask scheduler                                   # on one machine
    dask worker tcp://HOST:8786 --nthreads 1         # on each worker machine (one per core)
    unkg build corpus/ --scheduler tcp://HOST:8786
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from typing import Iterator

from .errors import ClusterError, Errors, InputError
from .settings import MAX_INPUT_BYTES

#: How long to try to reach the scheduler before saying it is not there.
CONNECT_TIMEOUT_S = 30

#: Documents in flight per worker thread: enough to keep the workers busy while results
#: travel back, few enough that the client holds little.
IN_FLIGHT_PER_THREAD = 2

# One document at a time per worker process: spaCy pipelines are not safe to share between
# threads, and a worker started with several threads would otherwise run them at once.
_LOCK = threading.Lock()


def analyse(name: str, path: str, data: bytes, model: str | None):
    """On a worker: the result of one document sent as bytes (``pipeline.process_safely``),
    with the client's path in it instead of the worker's temporary copy."""
    from .pipeline import process_safely

    with _LOCK:
        folder = Path(tempfile.mkdtemp(prefix="unkg-doc-"))
        tmp = folder / name
        try:
            tmp.write_bytes(data)
            result = process_safely((tmp, model))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if isinstance(result, InputError):
        err = InputError(path, result.reason.replace(str(tmp), path))
        err.detail = getattr(result, "detail", None)
        return err
    result.path = path
    result.warnings = [w.replace(str(tmp), path) for w in result.warnings]
    return result


def worker_fingerprint(model: str | None) -> str:
    from .pipeline import pipeline_fingerprint

    return pipeline_fingerprint(model)


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the cluster extra is not installed; run_on_cluster says so
    WorkerPlugin = object


class PipelineLoader(WorkerPlugin):
    """Loads the pipeline once on each worker as it starts (or joins later)."""

    name = "unkg-pipeline"

    def __init__(self, model: str | None):
        self.model = model

    def setup(self, worker) -> None:
        from .nlp import load_pipeline

        load_pipeline(self.model)


def _connect(scheduler: str):
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(Errors.no_dask) from None
    try:
        return Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(Errors.no_scheduler.format(scheduler=scheduler, reason=exc)) from None


def _check_workers(client, model: str | None, scheduler: str) -> int:
    """The number of worker threads; refuses workers that would build another graph."""
    from .pipeline import pipeline_fingerprint

    threads = sum(client.nthreads().values())
    if not threads:
        raise ClusterError(Errors.no_workers.format(scheduler=scheduler))
    mine = pipeline_fingerprint(model)
    theirs = client.run(worker_fingerprint, model)
    other = sorted(w for w, fp in theirs.items() if fp != mine)
    if other:
        raise ClusterError(Errors.other_pipeline.format(workers=", ".join(other), scheduler=scheduler))
    return threads


def run_on_cluster(jobs: list[Path], model: str | None, scheduler: str) -> Iterator[tuple[int, object]]:
    """(index in ``jobs``, DocResult or InputError) for every job, as the workers finish them."""
    from distributed import as_completed

    from .pipeline import process_safely

    client = _connect(scheduler)
    try:
        threads = _check_workers(client, model, scheduler)
        client.register_plugin(PipelineLoader(model), name=PipelineLoader.name)
        pending = iter(enumerate(jobs))
        index: dict[str, int] = {}
        running = as_completed(loop=client.loop)

        def submit_next() -> Iterator[tuple[int, object]]:
            """Send the next readable document; a file that cannot be sent is processed here,
            which reports it as a local build would."""
            for i, p in pending:
                try:
                    if p.stat().st_size > MAX_INPUT_BYTES:
                        raise OSError("too large to send")
                    data = p.read_bytes()
                except OSError:
                    yield i, process_safely((p, model))
                    continue
                fut = client.submit(analyse, p.name, str(p), data, model, pure=False, key=f"unkg-{i}-{p.name}")
                index[fut.key] = i
                running.add(fut)
                return

        for _ in range(max(2, threads * IN_FLIGHT_PER_THREAD)):
            yield from submit_next()
        for fut in running:
            i = index.pop(fut.key)
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a worker died on it (KilledWorker) or similar
                result = InputError(str(jobs[i]), Errors.cluster_failed.format(kind=type(exc).__name__, detail=exc))
            fut.release()
            yield i, result
            yield from submit_next()
    finally:
        client.close()
