"""Integrity at the edges of a build (issue 16, "Files and store"): names that must not collide,
the facts of every document, a cache entry that cannot be used, two builds at once, outputs
inside inputs, files unkg cannot read, and `unkg serve` stopped by SIGTERM."""

from __future__ import annotations

import gzip
import importlib
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import unkg
from tests.conftest import PERU, graph_outputs
from unkg import store, vocab
from unkg.errors import BuildLocked

pipeline = importlib.import_module("unkg.pipeline")
UNKG = Path(sys.executable).with_name("unkg")

LETTER = "Letter dated 2 March 2020 from the Permanent Representative of Peru\n\nPeru supports resolution 1373 (2001).\n"
NOTE = "Nothing here but a short note about the weather.\n"


def _docs(out: Path) -> list[str]:
    return sorted(r[0] for r in unkg.open(out).query(
        "SELECT ?f WHERE { ?d a unkg:SourceDocument ; unkg:fileName ?f }").values())


def _clean_equal(inputs: Path, out: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    unkg.build([inputs], clean, incremental=False)
    assert graph_outputs(out) == graph_outputs(clean)


# -------------------------------------------------------------------------------- IRIs

def test_file_names_that_slug_alike_get_graphs_of_their_own():
    names = ["a b.txt", "a-b.txt", "a_b.txt", "a--b.txt", "a.b.txt", "ä b.txt", "themes", "entities", "Themes"]
    graphs = {vocab.graph_iri(n).value for n in names}
    assert len(graphs) == len(names)
    assert vocab.THEMES_GRAPH.value not in graphs and vocab.ENTITIES_GRAPH.value not in graphs
    assert len({vocab.source_iri(n).value for n in names}) == len(names)
    assert vocab.graph_iri("S-RES-2195-2014.txt").value.endswith("/graph/S-RES-2195-2014.txt")  # readable as before


def test_deleting_one_of_two_look_alike_files_removes_exactly_it(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a b.txt").write_text(LETTER, encoding="utf-8")
    (src / "a-b.txt").write_text(LETTER.replace("Peru", "Chile"), encoding="utf-8")
    out = tmp_path / "g"
    unkg.build([src], out)
    assert _docs(out) == ["a b.txt", "a-b.txt"]
    (src / "a b.txt").unlink()
    r = unkg.build([src], out)
    assert r.removed == ["a b.txt"]
    assert _docs(out) == ["a-b.txt"]
    _clean_equal(src, out, tmp_path)


def test_a_graph_of_the_old_iri_scheme_is_rebuilt_under_the_new_one(tmp_path, monkeypatch):
    """The migration: a build folder of an older unkg (graph IRIs from vocab.slug) has another
    pipeline fingerprint, so the next build re-analyses everything into a new store."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_b.txt").write_text(LETTER, encoding="utf-8")
    out = tmp_path / "g"
    with monkeypatch.context() as m:
        m.setattr(vocab, "file_segment", vocab.slug)
        m.setattr(pipeline, "pipeline_fingerprint", lambda model=None: "an-older-unkg")
        pipeline.build([src], out)
    assert vocab.GRAPH + "a-b.txt" in store.named_graphs(unkg.open(out).store)
    r = unkg.build([src], out)
    assert (r.processed, r.reused) == (1, 0)
    graphs = store.named_graphs(unkg.open(out).store)
    assert vocab.GRAPH + "a_b.txt" in graphs and vocab.GRAPH + "a-b.txt" not in graphs
    _clean_equal(src, out, tmp_path)


# -------------------------------------------------------------------------------- facts

def test_the_facts_export_has_a_line_for_a_document_without_entities(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty-note.txt").write_text(NOTE, encoding="utf-8")
    (src / "letter.txt").write_text(LETTER, encoding="utf-8")
    out = tmp_path / "g"
    unkg.build([src], out)
    lines = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["doc"] for d in lines] == ["empty-note.txt", "letter.txt"]
    assert lines[0] == {"doc": "empty-note.txt", "entities": [], "relations": []}
    assert [d["doc"] for d in unkg.open(out).facts()] == ["empty-note.txt", "letter.txt"]


# -------------------------------------------------------------------------------- the cache

@pytest.mark.parametrize("damage", ["no result", "not json", "not gzip", "truncated"])
def test_a_corrupt_or_foreign_cache_entry_is_analysed_again_with_a_warning(workdir, tmp_path, damage):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    before = graph_outputs(out)
    entry = pipeline._Cache(out / "cache", "").path(PERU.name)
    if damage == "no result":
        entry.write_bytes(gzip.compress(json.dumps({"fingerprint": pipeline.pipeline_fingerprint()}).encode() + b"\n"))
    elif damage == "not json":
        entry.write_bytes(gzip.compress(b"{not json\n"))
    elif damage == "not gzip":
        entry.write_bytes(b"plain bytes")
    else:
        entry.write_bytes(entry.read_bytes()[:40])
    r = unkg.build([workdir], out)
    assert r.ok and (r.processed, r.reused) == (1, 1)
    assert [w for w in r.warnings if "cache entry" in w and PERU.name in w and "analysing the file again" in w]
    assert graph_outputs(out) == before


# -------------------------------------------------------------------------------- two builds

def test_a_second_build_into_the_same_folder_fails_clearly_and_leaves_the_first_alone(workdir, tmp_path):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    first = store.BuildOutput.begin(out)  # a build in progress
    try:
        (first.work / "marker").write_text("the first build's work")
        with pytest.raises(BuildLocked, match="another build is writing into this folder"):
            unkg.build([workdir], out, incremental=False)
        p = subprocess.run([str(UNKG), "build", str(workdir), "--out", str(out), "--full", "--no-view"],
                           capture_output=True, text=True)
        assert p.returncode == 1
        assert p.stderr.strip().splitlines()[-1].startswith(f"unkg: error: {out}: another build is writing")
        assert (first.work / "marker").exists()
    finally:
        first.abort()
    assert unkg.build([workdir], out, incremental=False).ok  # the lock is released


# -------------------------------------------------------------------------------- inputs

def test_an_output_folder_inside_the_input_folder_is_never_read_as_input(workdir, tmp_path):
    out = workdir / "graph"
    p = subprocess.run([str(UNKG), "build", str(workdir), "--out", str(out)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert (out / "network.html").exists()
    shutil.copytree(out, workdir / "old-graph")  # another build's folder, copied in
    r = unkg.build([workdir], out)
    assert r.ok and sorted(r.documents) == sorted(f.name for f in workdir.glob("*.txt"))
    assert (r.processed, r.reused) == (0, 2)
    assert not [w for w in r.warnings if "unsupported" in w]


def test_unsupported_files_are_named_in_one_warning_line(workdir, tmp_path):
    for name in ("minutes.docx", "letter.rtf", "scan.odt"):
        (workdir / name).write_bytes(b"PK\x03\x04 not a text")
    (workdir / ".hidden.docx").write_bytes(b"x")
    r = unkg.build([workdir], tmp_path / "g")
    lines = [w for w in r.warnings if "unsupported" in w]
    assert len(lines) == 1
    assert "3 files" in lines[0] and ".docx, .odt, .rtf" in lines[0]
    assert all(n in lines[0] for n in ("minutes.docx", "letter.rtf", "scan.odt")) and ".hidden" not in lines[0]
    p = subprocess.run([str(UNKG), "build", str(workdir), "--out", str(tmp_path / "g"), "--no-view"],
                       capture_output=True, text=True)
    assert p.returncode == 0
    assert len([ln for ln in p.stderr.splitlines() if ln.startswith("unkg: warning: skipped 3 files")]) == 1


# -------------------------------------------------------------------------------- serve

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_to_unkg_serve_stops_its_oxigraph_server(workdir, tmp_path):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    port = _free_port()
    proc = subprocess.Popen([str(UNKG), "serve", "--graph", str(out), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while not _listening(port):
            assert proc.poll() is None and time.time() < deadline, "the server did not start"
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        deadline = time.time() + 10
        while _listening(port) and time.time() < deadline:
            time.sleep(0.05)
        assert not _listening(port), "the Oxigraph server outlived unkg serve"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_query_update_on_a_missing_folder_fails_and_creates_nothing(tmp_path):
    p = subprocess.run([str(UNKG), "query", "--update", "--graph", str(tmp_path / "none"),
                        "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], capture_output=True, text=True)
    assert p.returncode == 1 and "no built graph" in p.stderr
    assert not (tmp_path / "none").exists()


# -------------------------------------------------------------------------------- the view

def test_build_always_writes_a_bounded_view(workdir, tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from unkg import settings
    from unkg.cli import app

    monkeypatch.setattr(settings, "VIEW_MAX_NODES", 5)  # a graph far larger than what a page holds
    out = tmp_path / "g"
    r = CliRunner().invoke(app, ["build", str(workdir), "--out", str(out)])
    assert r.exit_code == 0, r.output
    html = (out / "network.html").read_text(encoding="utf-8")
    start = html.index(">", html.index('id="graph-data"')) + 1
    data = json.loads(html[start: html.index("</script>", start)])
    assert 2 <= len(data["nodes"]) <= 5 and "The page holds" in data["scope"]["text"]
    (out / "network.html").unlink()
    r = CliRunner().invoke(app, ["build", str(workdir), "--out", str(out), "--no-view"])
    assert r.exit_code == 0 and not (out / "network.html").exists()
