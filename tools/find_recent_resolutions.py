"""Find Security Council resolutions the Library's record (resolutions.tsv) does not have, from
full citations in text documents, and write src/unkg/data/resolutions_recent.tsv.

Run from the repository root:
    python tools/find_recent_resolutions.py [DIR ...]
(default: ../shared/corpus/docs ../shared/silver/docs ../shared/scale/docs seeds)

A full citation gives number and year: "resolution 2719 (2023)", "resolutions 2642 (2022) and
2653 (2022)", "S/RES/2719 (2023)". A file named S-RES-NNNN-YYYY.txt is the resolution itself and
is authoritative for its number and year. Documents are counted by file name (the same file in
two folders, as seeds/ and the corpus, counts once).

A (number, year) is kept when:
- the number is above the record's last (resolutions.tsv), or is one of the record's gaps;
- it is seen in 2 or more documents, or in 1 that is the resolution itself;
- the number is never seen with another year, or the year is the resolution's own (file name),
  or the majority of documents (at least 2, more than any other year) gives it: conflicts are
  reported;
- years do not decrease as numbers increase, against the record and against each other: a
  resolution above the record's last (2640, of 2022) cannot be older than 2022, and a gap in the
  record must fall between the years of its neighbours. A pair that breaks this is dropped and
  reported (an own-text pair is never dropped; the build stops instead).
Sorted by number.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from refdata_common import DATA, read_tsv, write_tsv

DEFAULT_DIRS = ["../shared/corpus/docs", "../shared/silver/docs", "../shared/scale/docs", "seeds"]
HEADER = ["number", "symbol", "year", "documents", "own_text", "kind", "source"]
OWN = re.compile(r"^S-RES-(\d+)-(\d{4})\.txt$")
CITE = re.compile(r"\b[Rr]esolutions?\s+((?:\d{1,4}\s*\(\d{4}\)(?:\s*(?:of\s+\d{1,2}\s+\w+\s+\d{4}))?"
                  r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*)?)+)")
ONE = re.compile(r"(\d{1,4})\s*\((\d{4})\)")
SYMBOL = re.compile(r"\bS/RES/(\d{1,4})\s*\((\d{4})\)")


def citations(text: str) -> set[tuple[int, int]]:
    found = set()
    for m in CITE.finditer(text):
        found.update((int(n), int(y)) for n, y in ONE.findall(m.group(1)))
    found.update((int(n), int(y)) for n, y in SYMBOL.findall(text))
    return {(n, y) for n, y in found if 1946 <= y <= 2100 and n > 0}


def main() -> None:
    dirs = [Path(d) for d in (sys.argv[1:] or DEFAULT_DIRS)]
    record = {int(r["number"]): int(r["symbol"].rsplit("(", 1)[1].rstrip(")")) for r in read_tsv(DATA / "resolutions.tsv")}
    last = max(record)
    gaps = sorted(set(range(1, last + 1)) - set(record))
    wanted = lambda n: n > last or n in gaps  # noqa: E731

    seen: dict[int, dict[int, set[str]]] = {}  # number -> year -> file names
    own: dict[int, tuple[int, str]] = {}
    own_disagree: list[str] = []
    own_checked: set[str] = set()
    nfiles = 0
    for d in dirs:
        for path in sorted(d.glob("*.txt")) if d.is_dir() else []:
            nfiles += 1
            m = OWN.match(path.name)
            if m and int(m.group(1)) in record and record[int(m.group(1))] != int(m.group(2)):
                own_disagree.append(f"{path.name}: the record has {m.group(1)} ({record[int(m.group(1))]})")
            if m:
                own_checked.add(path.name)
            if m and wanted(int(m.group(1))):
                n, y = int(m.group(1)), int(m.group(2))
                own[n] = (y, path.name)
                seen.setdefault(n, {}).setdefault(y, set()).add(path.name)
            text = path.read_text(encoding="utf-8", errors="replace")
            for n, y in citations(text):
                if wanted(n):
                    seen.setdefault(n, {}).setdefault(y, set()).add(path.name)

    report: list[str] = []
    chosen: dict[int, tuple[int, set[str]]] = {}
    for n in sorted(seen):
        years = seen[n]
        if n in own:
            y = own[n][0]
        else:
            ranked = sorted(years, key=lambda y: (-len(years[y]), y))
            y = ranked[0]
            if len(ranked) > 1 and len(years[y]) == len(years[ranked[1]]):
                report.append(f"{n}: conflict, no majority: " + ", ".join(f"{yy} in {sorted(years[yy])}" for yy in ranked))
                continue
        if len(years) > 1:
            others = ", ".join(f"{yy} in {sorted(f)}" for yy, f in sorted(years.items()) if yy != y)
            report.append(f"{n}: conflict: kept {y} ({'own text' if n in own else f'{len(years[y])} documents'}), not {others}")
        docs = years[y]
        if n not in own and len(docs) < 2:
            report.append(f"{n} ({y}): only 1 document ({', '.join(sorted(docs))}); not kept")
            continue
        chosen[n] = (y, docs)

    # years must not decrease with numbers: against the record, then among the chosen
    def bounds(n: int) -> tuple[int, int]:
        lower = max((y for k, y in record.items() if k < n), default=1946)
        upper = min((y for k, y in record.items() if k > n), default=9999)
        return lower, upper

    for n in sorted(chosen):
        y, docs = chosen[n]
        lo, hi = bounds(n)
        if not lo <= y <= hi:
            if n in own:
                raise SystemExit(f"{n} ({y}): own text, but the record puts it between {lo} and {hi}")
            report.append(f"{n} ({y}): outside {lo}-{hi} given by the record's neighbours; dropped")
            del chosen[n]
    while True:
        clashes: dict[int, int] = {}
        items = sorted(chosen.items())
        for i, (n1, (y1, _)) in enumerate(items):
            for n2, (y2, _) in items[i + 1:]:
                if y2 < y1:
                    clashes[n1] = clashes.get(n1, 0) + 1
                    clashes[n2] = clashes.get(n2, 0) + 1
        if not clashes:
            break
        worst = max(clashes, key=lambda n: (n not in own, clashes[n], -len(chosen[n][1]), n))
        if worst in own:
            raise SystemExit(f"own texts out of order: {sorted(clashes)}")
        report.append(f"{worst} ({chosen[worst][0]}): out of order with {clashes[worst]} other pairs; dropped")
        del chosen[worst]

    rows = []
    for n in sorted(chosen):
        y, docs = chosen[n]
        kind = "after the record" if n > last else "gap in the record"
        rows.append([str(n), f"S/RES/{n} ({y})", str(y), str(len(docs)), "yes" if n in own else "",
                     kind, "citations in: " + ", ".join(sorted(docs))])
    path = DATA / "resolutions_recent.tsv"
    write_tsv(path, HEADER, rows)
    after = sum(1 for r in rows if r[5] == "after the record")
    print(f"{path}: {len(rows)} resolutions ({after} after S/RES/{last}, {len(rows) - after} in the record's gaps); "
          f"{nfiles} files read")
    missing = [n for n in gaps if n not in chosen]
    print(f"  own-text files (S-RES-NNNN-YYYY.txt): {len(own_checked)}; year disagrees with the record: "
          f"{own_disagree or 'none'}")
    print(f"  record gaps ({len(gaps)}): {gaps}")
    print(f"  gaps not found with a year in the documents: {missing}")
    for line in report:
        print("  " + line)


if __name__ == "__main__":
    main()
