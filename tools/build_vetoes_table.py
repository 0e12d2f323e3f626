"""Derive src/unkg/data/vetoes.tsv from ../shared/refdata/unsc_vetoes_1946-2022_dhl_table.csv.

Run from the repository root: python tools/build_vetoes_table.py [REFDATA_DIR]

One row per vetoed draft as the Library's Veto List gives it (213 rows; a few are identical
rows for separate vetoes at one meeting, told apart by `list_row`). `vetoed_by` is the vetoing
permanent members as ISO 3166-1 alpha-3, ` | ` separated, read from strings such as
"China Russian Federation" or "France, USSR" by matching the longest known name first. The
Soviet Union's vetoes get RUS (the Russian Federation continues the USSR's seat; states.tsv has
no row for the USSR); `as_named` keeps the names as the list writes them ("USSR"), aligned
with `vetoed_by` (both in ISO order). Sorted by date, then list row.
"""

from __future__ import annotations

import re

from refdata_common import (DATA, PERMANENT, REFDATA_COMMIT_DHL, StateNames, clean, fold, join_multi, read_csv,
                            read_tsv, refdata_dir, write_tsv)

SOURCE_FILE = "unsc_vetoes_1946-2022_dhl_table.csv"
HEADER = ["date", "date_end", "date_raw", "draft", "record", "documents", "agenda_item", "vetoed_by", "as_named",
          "list_row", "source"]

#: Names of the Soviet Union, whose seat the Russian Federation continues.
SOVIET = ("USSR", "U.S.S.R.", "Union of Soviet Socialist Republics", "Soviet Union")
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}


def permanent_names(states: StateNames) -> list[tuple[str, str]]:
    """(folded name, iso3) for every written form of a permanent member, longest first."""
    forms = {}
    for iso3 in PERMANENT:
        r = states.rows[iso3]
        for form in [r["name"], *[a.strip() for a in r["aliases"].split(" | ") if a.strip()]]:
            forms[fold(form)] = iso3
    for form in SOVIET:
        forms[fold(form)] = "RUS"
    return sorted(forms.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def read_vetoers(text: str, names: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """"China Russian Federation" -> (["CHN", "RUS"], ["China", "Russian Federation"])."""
    rest, original = fold(text), clean(text)
    isos, written = [], []
    pos = 0
    while True:
        m = re.match(r"[\s,;&]*(?:and\s+)?", rest[pos:])
        pos += m.end()
        if pos >= len(rest):
            break
        for form, iso3 in names:
            end = pos + len(form)
            if rest.startswith(form, pos) and (end == len(rest) or not rest[end].isalnum()):
                isos.append(iso3)
                written.append(original[pos:end])  # fold() keeps lengths for these ASCII names
                pos = end
                break
        else:
            raise SystemExit(f"vetoes: cannot read the vetoing States in {text!r} (at {rest[pos:]!r})")
    return isos, written


def parse_dates(raw: str) -> tuple[str, str]:
    """"14-15 December 2001" -> ("2001-12-14", "2001-12-15"); "30 January 86" -> 1986."""
    m = re.fullmatch(r"(\d{1,2})(?:\s*-\s*(\d{1,2}))?\s+([A-Za-z]+)\s+(\d{2}|\d{4})", clean(raw))
    if not m or m.group(3).lower() not in MONTHS:
        raise SystemExit(f"vetoes: cannot read date {raw!r}")
    year = int(m.group(4))
    year = year + 1900 if year < 100 else year  # the list runs 1946-2022; "86" is 1986
    month = MONTHS[m.group(3).lower()]
    first = f"{year}-{month:02d}-{int(m.group(1)):02d}"
    last = f"{year}-{month:02d}-{int(m.group(2)):02d}" if m.group(2) else ""
    return first, last


def build(refdata) -> list[list[str]]:
    names = permanent_names(StateNames())
    out = []
    for i, r in enumerate(read_csv(refdata / SOURCE_FILE), start=1):
        first, last = parse_dates(r["date_raw"])
        if r["date"].strip() and r["date"].strip() != first:
            raise SystemExit(f"vetoes: row {i}: date {r['date']!r} but date_raw {r['date_raw']!r}")
        isos, written = read_vetoers(r["vetoed_by"], names)
        pairs = sorted(zip(isos, written))  # ISO order, as_named kept aligned
        isos, written = [p[0] for p in pairs], [p[1] for p in pairs]
        record = clean(r["record"])
        documents = ""
        if not record.startswith("S/PV."):  # 2020 VTC sessions: the letters that record the vote
            documents, record = join_multi(v.strip() for v in record.split(";") if v.strip()), ""
        out.append([first, last, clean(r["date_raw"]), clean(r["draft"]), record, documents,
                    clean(r["agenda_item"]), join_multi(isos), join_multi(written), str(i),
                    f"dhl-veto-list@{REFDATA_COMMIT_DHL[:12]}"])
    out.sort(key=lambda row: (row[0], int(row[9])))
    return out


def main() -> None:
    refdata = refdata_dir()
    rows = build(refdata)
    path = DATA / "vetoes.tsv"
    write_tsv(path, HEADER, rows)
    print(f"{path}: {len(rows)} vetoed drafts")
    meetings = {r["record"]: r for r in read_tsv(DATA / "meetings.tsv") if r["record"]}
    for row in rows:
        m = meetings.get(row[4])
        if row[4] and m is None:
            print(f"  {row[3]}: record {row[4]} not in meetings.tsv")
        elif m and m["date"] not in (row[0], row[1]):
            print(f"  {row[3]}: dated {row[2]} here, {m['date']} in meetings.tsv ({row[4]})")


if __name__ == "__main__":
    main()
