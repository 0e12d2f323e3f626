"""The notebooks of notebooks/ run top to bottom in a fresh Jupyter kernel, as an analyst runs them.

They open the session's build of seeds/ (the ``seeds_graph`` fixture, passed as ``$UNKG_GRAPH``),
so that the suite builds the seeds once; notebook 4 builds the ten gold documents itself.
Alone: ``python -m pytest tests/test_notebooks.py`` (about four minutes on two cores). The
executed copies are written to pytest's temporary folder, to look at when a test fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbclient  # the test extra installs them (through nbmake): missing is a failure, not a skip
import nbformat
import pytest

from .conftest import GOLD, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 900  # seconds, per cell: a cold build of seeds/ takes one or two minutes
IFRAME = "<iframe srcdoc="

# What a reader sees when a notebook has worked: texts somewhere in its outputs, and at least
# so many plots and inline network views.
EXPECTED = {
    "01-build-and-query": {"texts": ["en_core_web_sm", "S/RES/1373 (2001)", "Collective Security Treaty Organization",
                                     "presidency", "UNODC"], "images": 2},
    "02-network-analysis": {"texts": ["PageRank", "modularity", "entities are named with both themes",
                                      "longest chain: S/RES/"], "images": 5},
    "03-views": {"texts": ["Russian Federation", "United States of America", "partners in common"], "views": 6},
    "04-evaluation": ({"texts": ["ALL ENTITIES", "ALL RELATIONS", "gold names"], "images": 2} if GOLD.is_file()
                      else {"texts": ["No gold file"]}),
    "05-debates": {"texts": ["S/PRST/2020/1", "Pham Binh Minh then Dang", "Elders", "S-PRST-2020-1.txt",
                             "African members of the Security Council"], "images": 1, "views": 1},
    "06-council-acts": {"texts": ["decision", "Secretary-General", "S/RES/1373 (2001)", "15 members", "the record"],
                        "images": 1},
}

# Appended to the copy that runs: the kernel must be this virtualenv's Python, not another one
# that happens to be on PATH.
PROBE = "import sys; print('kernel prefix:', sys.prefix)"


def execute(path: Path, save_as: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name} failed:\n{str(exc)[-4000:]}", pytrace=False)
    finally:
        nbformat.write(nb, save_as)
    return nb


def outputs(nb) -> tuple[str, int, int]:
    """All the text a reader sees, the number of plots, the number of inline views."""
    texts, images, views = [], 0, 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                texts.append(out.text)
            data = out.get("data", {})
            images += "image/png" in data
            html = data.get("text/html", "")
            views += html.startswith(IFRAME)
            texts += [data.get("text/plain", ""), data.get("text/markdown", ""), "" if html.startswith(IFRAME) else html]
    return "\n".join(texts), images, views


def test_notebooks_are_there_and_stored_without_outputs():
    assert [p.stem for p in NOTEBOOKS] == sorted(EXPECTED)
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec.name == "python3", path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs before committing"


@pytest.mark.model
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, seeds_graph, tmp_path, monkeypatch):
    monkeypatch.setenv("UNKG_GRAPH", str(seeds_graph))  # inherited by the kernel
    monkeypatch.delenv("UNKG_GOLD", raising=False)
    nb = execute(path, tmp_path / path.name)

    text, images, views = outputs(nb)
    assert f"kernel prefix: {sys.prefix}" in text
    expected = EXPECTED[path.stem]
    missing = [t for t in expected["texts"] if t not in text]
    assert not missing, f"{path.name}: no {missing} in the outputs (executed copy: {tmp_path / path.name})"
    assert images >= expected.get("images", 0), f"{path.name}: {images} plots"
    assert views >= expected.get("views", 0), f"{path.name}: {views} inline views"
    assert "Traceback" not in text


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.stem == "04-evaluation"], ids=["04-evaluation"])
def test_evaluation_notebook_without_gold_says_so_and_skips(path, tmp_path, monkeypatch):
    monkeypatch.setenv("UNKG_GOLD", str(tmp_path / "absent.jsonl"))
    nb = execute(path, tmp_path / path.name)

    text, images, _ = outputs(nb)
    assert "No gold file at" in text and "absent.jsonl" in text
    assert images == 0
