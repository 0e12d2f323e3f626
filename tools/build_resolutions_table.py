"""Derive src/unkg/data/resolutions.tsv from ../shared/refdata (Dag Hammarskjöld Library tables).

Run from the repository root: python tools/build_resolutions_table.py [REFDATA_DIR]
Keeps number, symbol, adoption date, meeting symbol and agenda topic as the Library gives them;
adds the normalised meeting record and the vote. Sorted by number.

`vote` is "F-A-Ab" ("13-0-2": in favour, against, abstentions) when the table gives counts,
"unanimous" when it says only "adopted unanimously" (no counts: the three count columns stay
empty), "without vote" (adopted without a vote), "consensus" (adopted by consensus), or empty
when the table gives no vote. Whatever else the vote cell says goes into `vote_note`.
Prints every vote cell it could not read.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_meetings_table import build as build_meetings
from refdata_common import DATA, clean, parse_record, read_csv, refdata_dir, split_multi, write_tsv

SOURCE_FILE = "unsc_resolutions_1946-2022_from_dhl_tables.csv"
MEETINGS_FILE = "unsc_meetings_1946-2022_dhl_tables.csv"
HEADER = ["number", "symbol", "date", "meeting", "topic", "record", "vote", "in_favour", "against", "abstentions",
          "vote_note", "vote_raw"]

COUNTS = re.compile(r"^(\d+)-(\d+)-(\d+)\b(.*)$")
WORDS = {
    "adopted unanimously": "unanimous",
    "without vote": "without vote",
    "without a vote": "without vote",
    "adopted by consensus": "consensus",
}
# Text the Library's cell carries after the counts that is not about the vote: the next cell's
# kind of document ("Draft resolution", "Communiqué", "--") run into this one.
TRAILING_CELL = re.compile(r"^(?:;\s*)+(?:Draft resolution|Communiqué|--)$", re.I)


def parse_vote(raw: str) -> tuple[str, str, str, str, str] | None:
    """(vote, in_favour, against, abstentions, note) or None when the cell is not a vote."""
    text = clean(raw)
    m = COUNTS.match(text)
    if m:
        f, a, ab, rest = m.group(1), m.group(2), m.group(3), m.group(4).strip()
        note = ""
        if rest == "+":
            note = "'+' in the Library's cell joins this vote to the next outcome of the meeting"
        elif rest.startswith("(") and rest.endswith(")") and "(" not in rest[1:]:
            note = rest[1:-1]  # "(1 absent)"
        elif rest.startswith(";") and TRAILING_CELL.match(rest):
            note = ""
        elif rest.startswith(";"):
            note = rest.lstrip("; ").strip("()")  # "(France did not participate in the voting.)"
        elif rest:
            return None
        return f"{f}-{a}-{ab}", f, a, ab, note
    word = WORDS.get(text.lower())
    if word:
        note = "the table gives no counts" if word == "unanimous" else ""
        return word, "", "", "", note
    return None


def shared_votes(refdata: Path) -> dict[str, tuple[str, str]]:
    """Votes written once for two resolutions in a meeting's outcome cell:
    "S/RES/2082 (2012) and ; S/RES/2083 (2012) ; 15-0-0" gives 2082 the vote of 2083."""
    out = {}
    for r in read_csv(refdata / MEETINGS_FILE):
        cell = clean(r["outcome_raw"])
        for m in re.finditer(r"(S/RES/\d+ \(\d{4}\)) and ; (S/RES/\d+ \(\d{4}\)) ; (\d+-\d+-\d+)", cell):
            out[m.group(1)] = (m.group(3), m.group(2))
    return out


def records_by_resolution(refdata: Path) -> dict[str, list[str]]:
    """The meeting records (as in meetings.tsv) whose outcome lists each resolution."""
    rows, _ = build_meetings(refdata)
    out: dict[str, list[str]] = {}
    for row in rows:
        record, resolutions = row[0], row[8]
        for sym in split_multi(resolutions):
            out.setdefault(sym, []).append(record)
    return out


def main() -> None:
    refdata = refdata_dir()
    shared = shared_votes(refdata)
    by_meeting = records_by_resolution(refdata)
    filled, disagree = [], []
    rows, unparsed = [], []
    for r in read_csv(refdata / SOURCE_FILE):
        topic = " ".join(r["topic"].replace(" ; ; ", "; ").split())
        rec = parse_record(r["meeting_symbol"])
        raw = clean(r["vote_raw"])
        vote = parse_vote(raw)
        if vote is None and r["symbol"] in shared:
            counts, other = shared[r["symbol"]]
            f, a, ab = counts.split("-")
            vote = (counts, f, a, ab, f"the meeting's outcome cell gives one vote for this resolution and {other}")
        if vote is None:
            unparsed.append(f"{r['symbol']}: {raw!r}")
            vote = ("", "", "", "", "the table gives no vote" if not raw else f"vote cell not understood: {raw}")
        record = rec["record"] if rec else ""
        listed = by_meeting.get(r["symbol"], [])
        if not record and not r["meeting_symbol"].strip() and len(listed) == 1 and listed[0]:
            record = listed[0]  # 1948: the Library's row has no symbol cell; meetings.tsv has the meeting
            filled.append(f"{r['symbol']} -> {record}")
        elif record and listed and record not in listed:
            disagree.append(f"{r['symbol']}: {record} here, {listed} in meetings.tsv")
        rows.append((int(r["resolution_number"]), r["symbol"], r["date"], r["meeting_symbol"], topic,
                     record, *vote, raw))
    rows.sort()
    out = DATA / "resolutions.tsv"
    write_tsv(out, HEADER, [list(row) for row in rows])
    print(f"{out}: {len(rows)} resolutions")
    for u in unparsed:
        print("  no vote:", u)
    for f in filled:
        print("  record from meetings.tsv:", f)
    for d in disagree:
        print("  record disagrees:", d)


if __name__ == "__main__":
    main()
