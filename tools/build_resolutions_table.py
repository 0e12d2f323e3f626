"""Derive src/unkg/data/resolutions.tsv from ../shared/refdata (Dag Hammarskjöld Library tables).

Run from the repository root: python tools/build_resolutions_table.py [REFDATA_DIR]
Keeps number, symbol, adoption date, meeting symbol and agenda topic; sorted by number.
"""

import csv
import sys
from pathlib import Path

src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/refdata") / "unsc_resolutions_1946-2022_from_dhl_tables.csv"
out = Path("src/unkg/data/resolutions.tsv")
rows = []
with src.open(encoding="utf-8") as f:
    for r in csv.DictReader(f):
        topic = " ".join(r["topic"].replace(" ; ; ", "; ").split())
        rows.append((int(r["resolution_number"]), r["symbol"], r["date"], r["meeting_symbol"], topic))
rows.sort()
with out.open("w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["number", "symbol", "date", "meeting", "topic"])
    for number, symbol, date, meeting, topic in rows:
        w.writerow([number, symbol, date, meeting, topic.replace("\t", " ")])
print(f"{out}: {len(rows)} resolutions")
