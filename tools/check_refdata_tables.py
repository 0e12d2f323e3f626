"""Self-check of the reference tables built by tools/build_*_table.py and find_recent_resolutions.py.

Run from the repository root: python tools/check_refdata_tables.py [--rebuild]

Prints row counts, the 2019 and 2020 members (against the cover pages of the January 2020
meeting records in seeds/), years that fail the 15-member check, votes the tables could not
read, and the resolutions found after the record with their evidence. With --rebuild it first
runs every builder twice and checks that the outputs are byte-identical.
Exits non-zero when a check fails.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from build_membership_table import file_rows, year_check
from refdata_common import DATA, StateNames, fold, read_tsv, refdata_dir

BUILDERS = ["build_meetings_table.py", "build_resolutions_table.py", "build_vetoes_table.py",
            "build_membership_table.py", "build_presidency_table.py", "find_recent_resolutions.py"]
TABLES = ["resolutions.tsv", "meetings.tsv", "vetoes.tsv", "membership.tsv", "presidency.tsv",
          "resolutions_recent.tsv"]
SEEDS = Path("seeds")


def digest() -> dict[str, str]:
    return {t: hashlib.sha256((DATA / t).read_bytes()).hexdigest() for t in TABLES}


def rebuild() -> bool:
    runs = []
    for _ in range(2):
        for b in BUILDERS:
            subprocess.run([sys.executable, str(Path("tools") / b)], check=True, capture_output=True)
        runs.append(digest())
    same = runs[0] == runs[1]
    print("rebuild twice:", "byte-identical" if same else
          "DIFFERENT: " + ", ".join(t for t in TABLES if runs[0][t] != runs[1][t]))
    return same


def cover_members(path: Path, states: StateNames) -> tuple[set[str], str]:
    """Members listed on a meeting record's cover page, and the President's State."""
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("Agenda")]
    president = re.search(r"President:\s*\n(?:.*\n){0,4}?\s*\(([^)\n]+)\)", head).group(1)
    block = head[head.index("Members:"):]
    names = {re.sub(r"[\s.]+$", "", line).strip() for line in block.splitlines()[1:]}
    members = {states.iso3(n) for n in names if n and states.iso3(n)}
    return members | {states.iso3(president)}, states.iso3(president)


def listed(text: str, states: StateNames) -> set[str]:
    """States in an English list: "Estonia, the Niger, Saint Vincent and the Grenadines, Tunisia and
    Viet Nam" (longest known name first, so "Saint Vincent and the Grenadines" stays whole)."""
    rest = fold(text)
    forms = sorted(states.index, key=len, reverse=True)
    out, pos = set(), 0
    while True:
        pos += re.match(r"(?:[\s,;]|and\b|the\b)*", rest[pos:]).end()
        if pos >= len(rest):
            return out
        form = next((f for f in forms if rest.startswith(f, pos)
                     and (pos + len(f) == len(rest) or not rest[pos + len(f)].isalnum())), None)
        if form is None:
            raise SystemExit(f"check: cannot read a State at {rest[pos:]!r}")
        out.add(states.index[form])
        pos += len(form)


def main() -> None:
    ok = True
    if "--rebuild" in sys.argv:
        ok &= rebuild()
    states = StateNames()
    tables = {t: read_tsv(DATA / t) for t in TABLES}
    print("rows:", ", ".join(f"{t} {len(rows)}" for t, rows in tables.items()))

    # membership
    mem: dict[int, list[dict[str, str]]] = {}
    for r in tables["membership.tsv"]:
        mem.setdefault(int(r["year"]), []).append(r)
    for year in (2019, 2020):
        print(f"members {year}:", " ".join(sorted(r["iso3"] for r in mem[year])))
    bad = [f"{y}: {sum(r['seat'] == 'permanent' for r in rs)}+{sum(r['seat'] == 'elected' for r in rs)}"
           for y, rs in sorted(mem.items()) if (sum(r["seat"] == "permanent" for r in rs), len(rs)) != (5, 15)]
    print("years failing 5 permanent + 10 elected:", ", ".join(bad) or "none")
    raw = year_check(file_rows(refdata_dir([])))
    print("  with the fmadore file's terms alone (no extension, no curated rows):", "; ".join(raw) or "all pass")
    print("  curated rows:", ", ".join(f"{r['year']} {r['iso3']}" for r in tables["membership.tsv"]
                                      if r["source"] == "curated"))

    cover, president = cover_members(SEEDS / "S-PV-8699.txt", states)
    m2020 = {r["iso3"] for r in mem[2020]}
    same = cover == m2020
    ok &= same
    print(f"2020 vs S/PV.8699 cover page ({len(cover)} States, President {president}):",
          "same" if same else f"DIFFER: table only {sorted(m2020 - cover)}, cover only {sorted(cover - m2020)}")
    pv = " ".join((SEEDS / "S-PV-8698.txt").read_text(encoding="utf-8").split())
    new = listed(re.search(r"welcome the new members: (.+?)\. We look forward", pv).group(1), states)
    out = listed(re.search(r"outgoing members — (.+?) — for their", pv).group(1), states)
    m2019 = {r["iso3"] for r in mem[2019]}
    derived2019 = (cover - new) | out
    same = derived2019 == m2019
    ok &= same
    print(f"2019 vs S/PV.8698 (2020 cover minus new members {sorted(new)}, plus outgoing {sorted(out)}):",
          "same" if same else f"DIFFER: table only {sorted(m2019 - derived2019)}, record only {sorted(derived2019 - m2019)}")
    print("  Peru in 2019:", "PER" in m2019, "(July 2019 presidency letter, seeds/000_ed5db1d5ad99901b.txt)")

    # presidency
    pres = {r["month"]: r["iso3"] for r in tables["presidency.tsv"]}
    for month, iso3 in [("2019-07", "PER"), ("2019-09", "RUS"), ("2019-12", "USA"), ("2020-01", "VNM")]:
        good = pres.get(month) == iso3
        ok &= good
        print(f"presidency {month}: {pres.get(month)} (documents: {iso3})", "ok" if good else "WRONG")
    for year in (2019, 2020):
        print(f"  {year}:", " ".join(pres.get(f"{year}-{m:02d}", "-") for m in range(1, 13)))

    # votes
    no_vote = [f"{r['symbol']} ({r['vote_note']})" for r in tables["resolutions.tsv"] if not r["vote"]]
    print(f"resolutions without a vote ({len(no_vote)}):", "; ".join(no_vote))
    kinds: dict[str, int] = {}
    for r in tables["resolutions.tsv"]:
        k = r["vote"] if not r["vote"][:1].isdigit() else "counts"
        kinds[k or "(empty)"] = kinds.get(k or "(empty)", 0) + 1
    print("  vote forms:", ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    for r in tables["resolutions.tsv"]:
        if r["vote"][:1].isdigit() and r["vote"] != f"{r['in_favour']}-{r['against']}-{r['abstentions']}":
            ok = False
            print("  vote and counts differ:", r["symbol"])

    # recent resolutions
    rec = tables["resolutions_recent.tsv"]
    print(f"resolutions after the record ({len(rec)}):")
    print("  " + ", ".join(f"{r['number']} ({r['year']}) {r['documents']}{'*' if r['own_text'] else ''}" for r in rec))
    print("  (documents citing it; * = the resolution's own text is among them)")
    years = [int(r["year"]) for r in rec]
    ordered = years == sorted(years)
    ok &= ordered
    print("  years non-decreasing in the number:", ordered)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
