"""Determinism and atomicity of builds; the files a build writes."""

import os

import pytest

import importlib

import unkg
from tests.conftest import graph_outputs
from unkg.vocab import graph_iri

build_module = importlib.import_module("unkg.pipeline")


def test_two_builds_are_byte_identical(workdir, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    unkg.build([workdir], a)
    unkg.build([workdir], b)
    assert graph_outputs(a) == graph_outputs(b)


def test_a_build_writes_the_store_and_no_serializations(workdir, tmp_path):
    out = tmp_path / "g"
    (out).mkdir()
    (out / "kg.ttl").write_text("left by an older unkg")
    unkg.build([workdir], out)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "cache", "facts.jsonl", "manifest.json", "store"]
    assert [p.suffix for p in (out / "cache").iterdir()] == [".gz", ".gz"]  # one compressed file per document


def test_the_dump_is_the_graph_in_nquads_and_byte_identical(workdir, tmp_path):
    import gzip

    a, b = tmp_path / "a", tmp_path / "b"
    unkg.build([workdir], a, dump=True)
    unkg.build([workdir], b, dump=True)
    assert (a / "kg.nq.gz").read_bytes() == (b / "kg.nq.gz").read_bytes()
    assert gzip.decompress((a / "kg.nq.gz").read_bytes()) == graph_outputs(a)["graph.nq"]
    unkg.build([workdir], a)  # a build without --dump removes the stale dump
    assert not (a / "kg.nq.gz").exists()


def test_a_failed_build_leaves_the_previous_graph_intact(workdir, tmp_path, monkeypatch):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    before = graph_outputs(out)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("unkg.export.write_facts", boom)
    with pytest.raises(RuntimeError):  # a full rebuild
        build_module.build([workdir], out, incremental=False)
    assert graph_outputs(out) == before
    letter = next(workdir.glob("003_*.txt"))  # an incremental one, with a changed document
    letter.write_text(letter.read_text(encoding="utf-8") + "\nMongolia agrees.\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        build_module.build([workdir], out)
    assert graph_outputs(out) == before
    assert unkg.open(out).query("documents").rows
    assert not [p for p in os.listdir(out) if p.startswith(".build-")]


def test_named_graph_per_document(workdir, tmp_path):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    kg = unkg.open(out)
    graphs = {r[0] for r in kg.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").values()}
    assert graph_iri("000_ed5db1d5ad99901b.txt").value in graphs
    assert graph_iri("003_1fb2cdfbb095d01d.txt").value in graphs
    assert "https://w3id.org/unkg/graph/entities" in graphs


def test_turtle_export_parses_with_rdflib(workdir, tmp_path):
    import rdflib

    out = tmp_path / "g"
    unkg.build([workdir], out)
    g = rdflib.Graph().parse(data=unkg.open(out).serialize("turtle"), format="turtle")
    assert len(g) > 1000


def test_a_build_killed_midway_leaves_the_previous_graph_intact_and_queryable(workdir, tmp_path):
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import SEEDS

    out = tmp_path / "g"
    unkg.build([workdir], out)
    before = graph_outputs(out)
    for name in ("S-PRST-2015-4.txt", "S-RES-1373-2001.txt", "S-RES-2195-2014.txt"):
        shutil.copy(SEEDS / name, workdir)
    proc = subprocess.Popen([sys.executable, "-c", "import sys, unkg; unkg.build([sys.argv[1]], sys.argv[2], incremental=False)",
                             str(workdir), str(out)])
    # kill it once it is writing its outputs: documents are in the new store of the work folder
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if any(len(list((w / "cache").glob("*.gz"))) >= 3 for w in out.glob(".build-*")):
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert graph_outputs(out) == before
    assert len(unkg.open(out).query("documents").rows) == 2
    # the next build clears what the killed one left and completes
    report = unkg.build([workdir], out)
    assert report.ok and len(unkg.open(out).query("documents").rows) == 5
    assert not list(out.glob(".build-*"))
