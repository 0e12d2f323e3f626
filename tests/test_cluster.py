"""A build on a real Dask cluster (a scheduler and two worker processes on loopback) gives byte
for byte the outputs of the local build, fresh and incremental; each worker loads the pipeline
once; a cluster that cannot build the same graph is refused with a message."""

from __future__ import annotations

import shutil

import pytest

import unkg
from tests.conftest import SEEDS, graph_outputs
from unkg.errors import ClusterError

distributed = pytest.importorskip("distributed", reason="the cluster extra (pip install 'unkg[cluster]')")

pytestmark = pytest.mark.model


def _pipelines_loaded() -> int:
    from unkg.nlp import load_pipeline

    return load_pipeline.cache_info().currsize


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as c:
        yield c


def test_a_dask_build_gives_the_outputs_of_the_local_build(cluster, workdir, tmp_path):
    shutil.copy(SEEDS / "S-PRST-2015-4.txt", workdir)
    shutil.copy(SEEDS / "S-RES-2195-2014.txt", workdir)
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert unkg.build([workdir], local).ok
    r = unkg.build([workdir], remote, scheduler=cluster.scheduler_address)
    assert r.ok and (r.processed, r.reused) == (4, 0)
    assert graph_outputs(remote) == graph_outputs(local)

    # incremental, on the cluster too: one document changed, one deleted
    letter = next(workdir.glob("003_*.txt"))
    letter.write_text(letter.read_text(encoding="utf-8") + "\n\nThe delegation of Mongolia supports this.\n",
                      encoding="utf-8")
    (workdir / "S-PRST-2015-4.txt").unlink()
    r = unkg.build([workdir], remote, scheduler=cluster.scheduler_address)
    assert r.ok and (r.processed, r.reused, r.removed) == (1, 2, ["S-PRST-2015-4.txt"])
    assert unkg.build([workdir], local).ok
    assert graph_outputs(remote) == graph_outputs(local)

    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        assert set(client.run(_pipelines_loaded).values()) == {1}  # each worker loaded it once


def test_bad_files_are_reported_as_in_a_local_build(cluster, workdir, tmp_path):
    (workdir / "empty.txt").write_text("   \n")
    r = unkg.build([workdir], tmp_path / "g", scheduler=cluster.scheduler_address)
    assert [str(e) for e in r.errors] == [f"{workdir / 'empty.txt'}: empty document (no text)"]
    assert r.processed == 2


def test_a_scheduler_that_is_not_there_is_one_clear_error(workdir, tmp_path, monkeypatch):
    from unkg import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    with pytest.raises(ClusterError, match="cannot connect to the Dask scheduler"):
        unkg.build([workdir], tmp_path / "g", scheduler="tcp://127.0.0.1:9")


def test_workers_running_another_pipeline_are_refused(cluster, workdir, tmp_path, monkeypatch):
    import importlib

    pipeline = importlib.import_module("unkg.pipeline")
    monkeypatch.setattr(pipeline, "pipeline_fingerprint", lambda model=None: "not-the-workers")
    with pytest.raises(ClusterError, match="run another unkg"):
        pipeline.build([workdir], tmp_path / "g", scheduler=cluster.scheduler_address)
