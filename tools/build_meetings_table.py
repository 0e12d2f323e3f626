"""Derive src/unkg/data/meetings.tsv from ../shared/refdata/unsc_meetings_1946-2022_dhl_tables.csv.

Run from the repository root: python tools/build_meetings_table.py [REFDATA_DIR]

One row per meeting record (a resumed part, "S/PV.4049 (Resumption 1)", is a record of its own)
and one row per 2020-2021 videoconference (VTC) session, which has no S/PV record. Rules:
- a row with an empty symbol and date continues the row above it (the Library's table spans the
  meeting cell over several agenda items: 1948); its topic and outcome join that meeting's;
- rows that name the same record twice are merged (topics, outcomes and documents joined);
- VTC rows ("--") are kept, all of them: they are Council sessions with a date, a topic and
  usually an outcome; `record` and `meeting` are empty and `vtc` is "yes";
- rows whose cells are shifted (a topic in the symbol cell) are left out and reported.
Sorted by date, then meeting number, then record.
"""

from __future__ import annotations

import re

from refdata_common import DATA, REFDATA_COMMIT_DHL, clean, join_multi, parse_record, read_csv, refdata_dir, write_tsv

SOURCE_FILE = "unsc_meetings_1946-2022_dhl_tables.csv"
HEADER = ["record", "meeting", "part", "date", "closed", "vtc", "topic", "outcome", "resolutions",
          "presidential_statements", "documents", "press_release", "corrigenda", "note", "table_year", "source"]


def _multi(cell: str) -> list[str]:
    return [v.strip() for v in (cell or "").split(";") if v.strip() and v.strip() != "--"]


def _outcome(cell: str) -> str:
    text = clean(cell).replace(" ; ; ", "; ").replace(" ; ", "; ")
    return "" if text.strip(" ;") in ("", "--") else text.strip(" ;")


def _documents(cell: str) -> list[str]:
    # covid_table_documents: "S/2020/1311 | S/2020/1305" (letters of the VTC procedure), "-- | --"
    out = []
    for v in (cell or "").replace(" | ", ";").split(";"):
        v = v.strip()
        if v and v != "--":
            out.append(v)
    return out


_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _date(r: dict[str, str], notes: list[str]) -> str:
    """The ISO date, or the first day of date_raw ("14-15 October", "15 Sep.") in the table's year."""
    if r["date"].strip():
        return r["date"].strip()
    m = re.match(r"\s*(\d{1,2})\D+?(?:\d{1,2}\s+)?([A-Za-z]{3})", r["date_raw"])
    if not m or m.group(2).lower() not in _MONTHS:
        return ""
    if re.search(r"\d\s*[-/+]\s*\d", r["date_raw"]):
        _add(notes, [f"held over several days: {clean(r['date_raw'])}"])
    return f"{r['table_year'][:4]}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"


def _add(lst: list[str], values) -> None:
    for v in values:
        if v and v not in lst:
            lst.append(v)


def build(refdata) -> tuple[list[list[str]], list[str]]:
    rows = read_csv(refdata / SOURCE_FILE)
    merged: dict[str, dict] = {}
    vtc: list[dict] = []
    skipped: list[str] = []
    last = None  # the entry the previous row went into (same table)
    last_table = None
    for i, r in enumerate(rows, start=2):  # file line numbers (header is line 1)
        sym = clean(r["meeting_symbol"])
        if r["table_year"] != last_table:
            last, last_table = None, r["table_year"]
        rec = parse_record(sym)
        if sym == "" and not r["date"].strip():
            if last is None:
                skipped.append(f"line {i}: empty symbol with no meeting above it")
                continue
            entry = last
            _add(entry["notes"], ["continues the row above (agenda item without its own symbol cell)"])
        elif sym == "--":
            entry = {"record": "", "meeting": "", "part": "", "dates": [], "closed": "", "vtc": "yes", "topics": [],
                     "outcomes": [], "res": [], "prst": [], "docs": [], "press": [], "corr": [], "notes": [],
                     "tables": []}
            vtc.append(entry)
        elif rec is None:
            skipped.append(f"line {i}: cells shifted (symbol cell {sym[:60]!r}, outcome {clean(r['outcome_raw'])[:40]!r})")
            last = None
            continue
        else:
            key = rec["record"]
            entry = merged.get(key)
            if entry is None:
                entry = {"record": rec["record"], "meeting": rec["meeting"], "part": rec["part"], "dates": [],
                         "closed": rec["closed"], "vtc": "", "topics": [], "outcomes": [], "res": [], "prst": [],
                         "docs": [], "press": [], "corr": [], "notes": [], "tables": []}
                merged[key] = entry
            if rec["closed"]:
                entry["closed"] = "yes"
            _add(entry["corr"], rec["corrigenda"].split(" | "))
            _add(entry["notes"], [rec["note"]])
        _add(entry["dates"], [_date(r, entry["notes"])])
        _add(entry["topics"], [clean(r["topic"]).replace(" ; ; ", "; ")])
        _add(entry["outcomes"], [_outcome(r["outcome_raw"])])
        _add(entry["res"], _multi(r["resolutions"]))
        _add(entry["prst"], _multi(r["presidential_statements"]))
        _add(entry["docs"], _documents(r["covid_table_documents"]))
        press = clean(r["press_release"])
        if press and press.lower() not in ("none issued", "none"):
            _add(entry["press"], [press])
        _add(entry["tables"], [r["table_year"]])
        last = entry

    out = []
    for e in [*merged.values(), *vtc]:
        dates = sorted(d for d in e["dates"] if d)
        notes = list(e["notes"])
        if len(dates) > 1:
            notes.append("also dated " + ", ".join(dates[1:]))
        number = int(e["meeting"].split(".")[1]) if e["meeting"] else 0
        row = [e["record"], e["meeting"], e["part"], dates[0] if dates else "", e["closed"], e["vtc"],
               join_multi(e["topics"]), join_multi(e["outcomes"]), join_multi(e["res"]), join_multi(e["prst"]),
               join_multi(e["docs"]), join_multi(e["press"]), join_multi(e["corr"]), "; ".join(notes),
               join_multi(e["tables"]), f"dhl-meetings-tables@{REFDATA_COMMIT_DHL[:12]}"]
        out.append(((row[3], number, row[0], row[10], row[6]), row))
    out.sort(key=lambda x: x[0])
    return [row for _, row in out], skipped


def main() -> None:
    rows, skipped = build(refdata_dir())
    path = DATA / "meetings.tsv"
    write_tsv(path, HEADER, rows)
    vtc = sum(1 for r in rows if r[5] == "yes")
    print(f"{path}: {len(rows)} rows ({len(rows) - vtc} meeting records, {vtc} VTC sessions)")
    for s in skipped:
        print("  left out:", s)


if __name__ == "__main__":
    main()
