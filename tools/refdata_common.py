"""Helpers shared by the tools/build_*_table.py scripts (not part of the unkg package).

Run the scripts from the repository root; each takes the refdata folder as an optional first
argument (default ../shared/refdata) and writes one TSV under src/unkg/data/.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

DATA = Path("src/unkg/data")
REFDATA_COMMIT_DHL = "80fede2ed7fb17b2f976999fa4dc7a73462789f1"  # intreleng-research/unsc-dataset
REFDATA_COMMIT_FMADORE = "752ef667de072517a7e2b0148941448e2330edda"  # fmadore/genocide-at-the-security-council

#: The permanent members as ISO 3166-1 alpha-3 (the Russian Federation continues the USSR's seat).
PERMANENT = ("CHN", "FRA", "GBR", "RUS", "USA")


def refdata_dir(argv: list[str] | None = None) -> Path:
    argv = sys.argv if argv is None else argv
    return Path(argv[1] if len(argv) > 1 else "../shared/refdata")


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a name, single-spaced."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.casefold().split())


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_csv(path: Path, comments: bool = False) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not (comments and line.startswith("#"))]
    return list(csv.DictReader(lines))


def split_multi(value: str) -> list[str]:
    return [v.strip() for v in value.split(" | ") if v.strip()] if value else []


def join_multi(values) -> str:
    return " | ".join(values)


def clean(text: str) -> str:
    """One line, single-spaced, no tabs (values go into a TSV cell)."""
    return " ".join((text or "").replace("\t", " ").split())


def write_tsv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else clean(str(v)) for v in row])


class StateNames:
    """Maps written State names to ISO alpha-3 through states.tsv (name and aliases), folded."""

    def __init__(self, data: Path = DATA):
        self.rows = {r["iso3"]: r for r in read_tsv(data / "states.tsv")}
        self.index: dict[str, str] = {}
        for iso3, r in sorted(self.rows.items()):
            for form in [r["name"], *split_multi(r["aliases"])]:
                key = fold(form)
                if key in self.index and self.index[key] != iso3:
                    raise SystemExit(f"states.tsv: {form!r} names both {self.index[key]} and {iso3}")
                self.index[key] = iso3

    def iso3(self, name: str) -> str | None:
        return self.index.get(fold(name))

    def name(self, iso3: str) -> str:
        return self.rows[iso3]["name"]


_RECORD = re.compile(r"S/PV\.(\d+)")
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}


def parse_record(raw: str) -> dict[str, str] | None:
    """Split a Library meeting-symbol cell into its parts.

    "S/PV.4049 (Resumption 3) + Corr.1" -> meeting S/PV.4049, part "Resumption 3",
    record "S/PV.4049 (Resumption 3)", corrigenda "Corr.1"; "(closed)" / "; closed" /
    "(privada)" -> closed "yes"; "(meeting held in Nairobi)" -> note. None when the cell holds
    no S/PV symbol ("--", "", or a misplaced value).
    """
    text = clean(raw)
    m = _RECORD.match(text)
    if not m:
        return None
    meeting = m.group(0)
    rest = text[m.end():]
    parts = []
    for pm in re.finditer(r"\(?\s*(Resumption|Part)\s*([0-9IVX]*)\s*\)", text):
        kind, num = pm.group(1), pm.group(2)
        if kind == "Resumption" and num in _ROMAN:
            num = _ROMAN[num]  # "(ResumptionI)" is a typing variant of "(Resumption 1)"
        parts.append(f"{kind} {num}".strip())
    others = _RECORD.findall(text)
    if any(f"S/PV.{n}" != meeting for n in others):
        raise ValueError(f"two meetings in one cell: {raw!r}")
    closed = "yes" if re.search(r"\bclosed\b|\bprivada\b", rest, re.I) else ""
    corr = re.findall(r"Corr\.\s*\d+", rest)
    note = ""
    nm = re.search(r"\(meeting held in ([^)]+)\)", rest)
    if nm:
        note = f"meeting held in {nm.group(1)}"
    record = f"{meeting} ({parts[0]})" if len(parts) == 1 else meeting
    return {
        "meeting": meeting,
        "number": m.group(1),
        "part": join_multi(parts),
        "record": record,
        "closed": closed,
        "corrigenda": join_multi(c.replace(" ", "") for c in corr),
        "note": note,
    }
