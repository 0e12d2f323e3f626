"""Derive src/unkg/data/membership.tsv: Security Council members by year, 1991-2024.

Run from the repository root: python tools/build_membership_table.py [REFDATA_DIR]

Source: ../shared/refdata/fmadore_council_membership_1991-2024.csv (one row per term), expanded
into one row per (year, State). Names are mapped to ISO 3166-1 alpha-3 through states.tsv
(name and aliases, case-, accent- and apostrophe-folded: "Cote D'ivoire" -> CIV).

The file bounds the permanent seats by its corpus period (1992-2023) and says the seats are
continuous, so they are extended to 1991 and 2024. The USSR held its seat until
24 December 1991 and the Russian Federation after; the 1991 row is RUS with as_named saying so.

CURATED rows (source "curated") fill what the file lacks and correct one term; they come from
general knowledge of the Council's composition, not from ../shared/refdata, and are listed below
with the reason. Drop rows whose source is "curated" to get the file's content alone.

Checks printed: every year has 15 members, 5 permanent and 10 elected, with the file alone and
with the curated rows.
"""

from __future__ import annotations

from refdata_common import DATA, PERMANENT, REFDATA_COMMIT_FMADORE, StateNames, clean, read_csv, refdata_dir, write_tsv

SOURCE_FILE = "fmadore_council_membership_1991-2024.csv"
FIRST, LAST = 1991, 2024
HEADER = ["year", "iso3", "seat", "term_start", "term_end", "as_named", "source", "note"]
SOURCE = f"fmadore-council-membership@{REFDATA_COMMIT_FMADORE[:12]}"

#: (as_named, iso3, term_start, term_end, note). General knowledge, not in ../shared/refdata.
CURATED_TERMS = [
    ("Côte d'Ivoire", "CIV", 1990, 1991, "the file gives Côte d'Ivoire 1991-1992; its term was 1990-1991"),
    ("Cuba", "CUB", 1990, 1991, "1990-1991 term, before the file's first year"),
    ("Romania", "ROU", 1990, 1991, "1990-1991 term, before the file's first year"),
    ("Yemen", "YEM", 1990, 1991, "1990-1991 term, before the file's first year"),
    ("Zaire", "COD", 1990, 1991, "1990-1991 term, before the file's first year; Zaire is now the DRC"),
    ("India", "IND", 1991, 1992, "missing from the file, which has Côte d'Ivoire in this term"),
    ("Algeria", "DZA", 2024, 2025, "2024-2025 term, after the file's last term"),
    ("Guyana", "GUY", 2024, 2025, "2024-2025 term, after the file's last term"),
    ("Republic of Korea", "KOR", 2024, 2025, "2024-2025 term, after the file's last term"),
    ("Sierra Leone", "SLE", 2024, 2025, "2024-2025 term, after the file's last term"),
    ("Slovenia", "SVN", 2024, 2025, "2024-2025 term, after the file's last term"),
]
#: Terms of the file replaced by CURATED_TERMS: (iso3, term_start, term_end).
CURATED_REMOVED = [("CIV", 1991, 1992)]


def build(refdata) -> tuple[list[list[str]], list[str]]:
    states = StateNames()
    rows: dict[tuple[int, str], list[str]] = {}
    problems = []
    for r in read_csv(refdata / SOURCE_FILE, comments=True):
        name = clean(r["country_org"])
        iso3 = states.iso3(name)
        if iso3 is None:
            raise SystemExit(f"membership: no ISO code for {name!r}; add an alias to states.tsv")
        start, end, seat = int(r["start_year"]), int(r["end_year"]), r["seat"].strip()
        note = clean(r.get("note", ""))
        if seat == "permanent":
            if iso3 not in PERMANENT:
                raise SystemExit(f"membership: {name} listed as permanent")
            start, end = FIRST, LAST  # the file: "the seat itself is continuous"
            term = ("", "")
        else:
            if (iso3, start, end) in CURATED_REMOVED:
                continue
            term = (str(start), str(end))
        for year in range(max(start, FIRST), min(end, LAST) + 1):
            as_named, row_note, source = name, note, SOURCE
            if seat == "permanent":
                row_note = ""  # the file's note is about its corpus bounds, which the table drops
                if not (int(r["start_year"]) <= year <= int(r["end_year"])):
                    source = SOURCE + " (seat extended)"
            if iso3 == "RUS" and year == 1991:
                as_named = "USSR (Russian Federation from 24 December 1991)"
                row_note = "the Russian Federation continues the USSR's seat"
            if (year, iso3) in rows:
                problems.append(f"{year} {iso3}: two terms")
            rows[(year, iso3)] = [str(year), iso3, seat, *term, as_named, source, row_note]
    for name, iso3, start, end, note in CURATED_TERMS:
        if states.iso3(name) not in (iso3, None) and name != "Zaire":
            raise SystemExit(f"membership: curated {name} is not {iso3}")
        for year in range(max(start, FIRST), min(end, LAST) + 1):
            if (year, iso3) in rows:
                problems.append(f"{year} {iso3}: curated row duplicates the file")
            rows[(year, iso3)] = [str(year), iso3, "elected", str(start), str(end), name, "curated", note]
    out = [rows[k] for k in sorted(rows)]
    return out, problems


def year_check(rows: list[list[str]]) -> list[str]:
    """Years without exactly 5 permanent and 10 elected members (rows: year, iso3, seat, ...)."""
    bad = []
    for year in range(FIRST, LAST + 1):
        members = [r for r in rows if r[0] == str(year)]
        perm = sum(1 for r in members if r[2] == "permanent")
        elected = sum(1 for r in members if r[2] == "elected")
        if (perm, elected) != (5, 10):
            bad.append(f"{year}: {perm} permanent + {elected} elected")
    return bad


def file_rows(refdata) -> list[list[str]]:
    """The file's terms expanded as they stand: no extension, no curated rows."""
    out = []
    for r in read_csv(refdata / SOURCE_FILE, comments=True):
        for year in range(int(r["start_year"]), int(r["end_year"]) + 1):
            out.append([str(year), clean(r["country_org"]), r["seat"].strip()])
    return out


def main() -> None:
    refdata = refdata_dir()
    rows, problems = build(refdata)
    path = DATA / "membership.tsv"
    write_tsv(path, HEADER, rows)
    curated = sum(1 for r in rows if r[6] == "curated")
    print(f"{path}: {len(rows)} rows ({curated} curated)")
    for p in problems:
        print("  problem:", p)
    print("  15-member check, the file's terms alone:", "; ".join(year_check(file_rows(refdata))) or "all years pass")
    print("  15-member check, with curated rows:", "; ".join(year_check(rows)) or "all years pass")


if __name__ == "__main__":
    main()
