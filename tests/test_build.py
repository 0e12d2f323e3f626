"""Incremental and parallel builds: whatever path a build takes, its outputs equal those of a
clean build of the same inputs."""

import importlib
import shutil

import pytest

import unkg
from tests.conftest import SEEDS, graph_outputs


def _same_as_clean_build(inputs, out, tmp_path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    unkg.build([inputs], clean, incremental=False)
    assert graph_outputs(out) == graph_outputs(clean)


def _docs(out) -> set[str]:
    return {r[0] for r in unkg.open(out).query("SELECT ?f WHERE { ?d a unkg:SourceDocument ; unkg:fileName ?f }").values()}


def test_rebuild_with_nothing_changed_analyses_nothing(workdir, tmp_path):
    out = tmp_path / "g"
    first = unkg.build([workdir], out)
    assert first.processed == 2
    before = graph_outputs(out)
    again = unkg.build([workdir], out)
    assert (again.processed, again.reused) == (0, 2)
    assert graph_outputs(out) == before


def test_add_change_and_delete_a_document(workdir, tmp_path):
    out = tmp_path / "g"
    unkg.build([workdir], out)

    # add
    shutil.copy(SEEDS / "S-PRST-2015-4.txt", workdir)
    r = unkg.build([workdir], out)
    assert (r.processed, r.reused) == (1, 2)
    assert "S-PRST-2015-4.txt" in _docs(out)
    _same_as_clean_build(workdir, out, tmp_path)

    # change: a State named only in the new text must appear, in that document's graph only
    letter = next(workdir.glob("003_*.txt"))
    letter.write_text(letter.read_text(encoding="utf-8") + "\n\nThe delegation of Mongolia supports this.\n", encoding="utf-8")
    r = unkg.build([workdir], out)
    assert (r.processed, r.reused) == (1, 2)
    rows = unkg.open(out).query("entity_documents", entity="MNG").records()
    assert {row["file"] for row in rows} == {letter.name}
    _same_as_clean_build(workdir, out, tmp_path)

    # delete
    (workdir / "S-PRST-2015-4.txt").unlink()
    r = unkg.build([workdir], out)
    assert r.removed == ["S-PRST-2015-4.txt"] and r.processed == 0
    assert "S-PRST-2015-4.txt" not in _docs(out)
    _same_as_clean_build(workdir, out, tmp_path)


def test_a_changed_pipeline_reanalyses_everything(workdir, tmp_path, monkeypatch):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    build_module = importlib.import_module("unkg.pipeline")
    monkeypatch.setattr(build_module, "pipeline_fingerprint", lambda model=None: "another-pipeline")
    r = build_module.build([workdir], out)
    assert (r.processed, r.reused) == (2, 0)


@pytest.mark.model
def test_two_workers_build_the_same_graph_as_one(workdir, tmp_path):
    shutil.copy(SEEDS / "S-PRST-2015-4.txt", workdir)
    one, two = tmp_path / "one", tmp_path / "two"
    unkg.build([workdir], one, workers=1)
    r = unkg.build([workdir], two, workers=2)
    assert r.ok and r.processed == 3
    assert graph_outputs(one) == graph_outputs(two)


def test_unkg_build_stays_the_api_function_after_a_build(workdir, tmp_path):
    # the stage module is unkg.pipeline; importing it must not shadow the function unkg.build
    unkg.build([workdir], tmp_path / "g")
    assert callable(unkg.build) and callable(unkg.open)


def _table_bytes(out) -> int:
    return sum(f.stat().st_size for f in (out / "store").glob("*.sst"))


def test_an_update_packs_again_a_store_that_compaction_has_grown(workdir, tmp_path):
    import pyoxigraph as ox

    out = tmp_path / "g"
    unkg.build([workdir], out)
    packed = _table_bytes(out)
    # RocksDB compacting the store (as a read-write open may, an update, `unkg query --update`)
    # rewrites the loader's compressed tables uncompressed
    st = ox.Store(str(out / "store"))
    quad = "GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> <urn:x:o> }"
    st.update(f"INSERT DATA {{ {quad} }}")
    st.update(f"DELETE DATA {{ {quad} }}")
    st.flush()
    st.optimize()
    del st
    assert _table_bytes(out) > 1.4 * packed
    letter = next(workdir.glob("003_*.txt"))
    letter.write_text(letter.read_text(encoding="utf-8") + "\n\nThe delegation of Mongolia supports this.\n", encoding="utf-8")
    r = unkg.build([workdir], out)
    assert (r.processed, r.reused) == (1, 1)
    assert _table_bytes(out) < 1.1 * packed  # packed again by the bulk loader
    _same_as_clean_build(workdir, out, tmp_path)
