"""Property: whatever sequence of additions, changes, deletions and renames of input files
happened since, an incremental build gives byte for byte the outputs of a clean build of the
same files (facts.jsonl, the manifest, the graph in N-Quads).

Kept fast: tiny documents and the rules-only pipeline (``UNKG_MODEL`` pointing to no model:
the blank pipeline with unkg's rule components)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unkg
from tests.conftest import graph_outputs

NAMES = ["a.txt", "a b.txt", "a-b.txt", "c.md", "d_1.txt"]
TEXTS = [
    "Letter dated 2 March 2020 from the Permanent Representative of Peru\n\nPeru supports resolution 1373 (2001).\n",
    "The Security Council,\n\nRecalling resolution 2195 (2014),\n\n1. Calls upon Chile and the African Union (AU).\n",
    "Nothing here but a short note about the weather.\n",
    "# Note\n\nThe Counter-Terrorism Committee met Mali, Niger and the AU on trafficking in persons.\n",
]

op = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(NAMES), st.integers(0, len(TEXTS) - 1)),
    st.tuples(st.just("delete"), st.sampled_from(NAMES), st.just(0)),
    st.tuples(st.just("rename"), st.sampled_from(NAMES), st.integers(0, len(NAMES) - 1)),
)


@pytest.fixture(scope="module")
def rules_only():
    """The blank pipeline for this module, the trained one back for the tests after it."""
    from unkg import nlp, pipeline

    mp = pytest.MonkeyPatch()
    mp.setenv("UNKG_MODEL", str(Path(tempfile.gettempdir()) / "no-such-unkg-model"))
    nlp.load_pipeline.cache_clear()
    pipeline.pipeline_fingerprint.cache_clear()
    yield
    mp.undo()
    nlp.load_pipeline.cache_clear()
    pipeline.pipeline_fingerprint.cache_clear()


def _apply(folder: Path, action: str, name: str, arg: int) -> None:
    path = folder / name
    if action == "write":
        path.write_text(TEXTS[arg], encoding="utf-8")
    elif action == "delete" and path.exists() and len(list(folder.iterdir())) > 1:
        path.unlink()  # never the last file: an empty folder is an error, and the graph is kept
    elif action == "rename" and path.exists() and NAMES[arg] != name:
        path.replace(folder / NAMES[arg])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(op, min_size=1, max_size=5))
def test_an_incremental_build_equals_a_clean_build(rules_only, ops):
    root = Path(tempfile.mkdtemp(prefix="unkg-prop-"))
    try:
        src, out, clean = root / "in", root / "out", root / "clean"
        src.mkdir()
        (src / "a.txt").write_text(TEXTS[0], encoding="utf-8")
        assert unkg.build([src], out).ok
        for action, name, arg in ops:
            _apply(src, action, name, arg)
            assert unkg.build([src], out).ok
            shutil.rmtree(clean, ignore_errors=True)
            assert unkg.build([src], clean, incremental=False).ok
            assert graph_outputs(out) == graph_outputs(clean), (action, name, arg)
    finally:
        shutil.rmtree(root, ignore_errors=True)
