"""The outputs of a small fixture corpus, pinned: the same inputs give byte-identical outputs,
and a change of the code that changes them shows here.

The fixture is seven documents of seeds/ (letters, a presidential statement, a meeting record,
resolutions in clean and in PDF-text style). When an output changes on purpose, rewrite the
pinned files and read their diff before committing:

    UNKG_UPDATE_PINNED=1 .venv/bin/python -m pytest tests/test_pinned.py
"""

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

import unkg

ROOT = Path(__file__).resolve().parents[1]
PINNED = ROOT / "tests" / "fixtures" / "pinned"
DOCS = ["000_ed5db1d5ad99901b.txt", "003_1fb2cdfbb095d01d.txt", "S-2004-567.txt", "S-PRST-2020-1.txt",
        "S-PV-8701.txt", "S-RES-2195-2014.txt", "S-RES-1373-2001.txt"]

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("pinned-in")
    for name in DOCS:
        shutil.copy(ROOT / "seeds" / name, src / name)
    out = tmp_path_factory.mktemp("pinned-out")
    report = unkg.build([src], out)
    assert report.ok, report.errors
    return out


def _outputs(out: Path) -> dict[str, bytes]:
    kg = unkg.open(out)
    return {"facts.jsonl": kg.facts_jsonl().encode("utf-8"), "graph.trig": kg.serialize("trig")}


def test_outputs_are_as_pinned(built):
    outputs = _outputs(built)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()}
    if os.environ.get("UNKG_UPDATE_PINNED"):
        PINNED.mkdir(parents=True, exist_ok=True)
        (PINNED / "facts.jsonl").write_bytes(outputs["facts.jsonl"])
        (PINNED / "sha256.json").write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    pinned = json.loads((PINNED / "sha256.json").read_text(encoding="utf-8"))
    assert outputs["facts.jsonl"].decode("utf-8").splitlines() == (PINNED / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    assert digests == pinned


def test_a_second_build_is_byte_identical(built, tmp_path):
    again = tmp_path / "again"
    unkg.build([ROOT / "seeds" / n for n in DOCS], again)
    assert _outputs(again) == _outputs(built)
