"""Derive src/unkg/data/presidency.tsv: the Council presidency by month, 2004-2021, where it can be
anchored on and checked against the documents.

Run from the repository root, after build_membership_table.py:
    python tools/build_presidency_table.py [DOCS_DIR ...]
(default: ../shared/corpus/docs ../shared/silver/docs ../shared/scale/docs seeds ../shared/seeds)

No file in ../shared/refdata gives the presidency. Rule 18 of the provisional rules of procedure:
the presidency is held in turn by the members in the English alphabetical order of their names,
each for one calendar month; the turn carries over the new year into the next year's membership
(December's President's name, then the next name in the new list). This script applies the rule
to membership.tsv and checks it against every anchor it finds in the documents:

- cover pages of meeting records ("President: Mr. Dang ... (Viet Nam)", with the meeting date);
- statements in the text that a State holds the presidency in a month (STATEMENTS below: each
  quote must be found in its file, or the build stops);
- letters "from the President of the Security Council" with a date and "(Signed) NAME /
  President of the Security Council": the signatory's State is looked up in the documents
  ("Ms. Pierce (United Kingdom)"); where the documents do not give it, SIGNATORIES below gives it
  from general knowledge, and the evidence column says so.

The table covers whole years from the first anchor's year to the last anchor's year; it stops
where the rule cannot be carried further back without an anchor (December 2003 could be Bulgaria
or Cameroon) and leaves out 2022-2024, which no document checks. Any anchor that disagrees
stops the build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from refdata_common import DATA, StateNames, fold, read_tsv, write_tsv

DEFAULT_DIRS = ["../shared/corpus/docs", "../shared/silver/docs", "../shared/scale/docs", "seeds", "../shared/seeds"]
HEADER = ["month", "iso3", "name", "source", "evidence"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]

#: (month, iso3, file, quote): the text says who holds the presidency that month.
STATEMENTS = [
    ("2019-07", "PER", "000_ed5db1d5ad99901b.txt",
     "in my capacity as President of the Security Council for the month of July 2019"),
    ("2019-09", "RUS", "003_1fb2cdfbb095d01d.txt",
     "on 25 September 2019, during its presidency of the Security Council, the Russian Federation"),
    ("2019-12", "USA", "S-PV-8698.txt", "thank the United States for its presidency in December"),
    ("2020-01", "VNM", "S-PV-8698.txt",
     "congratulate Viet Nam on assuming the presidency of the Council for the month of January"),
]
#: Signatories of letters from the President whose State no document in the folders gives.
#: General knowledge (each was then his or her State's Permanent Representative).
SIGNATORIES = {
    "Mihnea Ioan Motoc": "ROU",
    "Zalmay Khalilzad": "USA",
    "Marcello Spatafora": "ITA",
    "Vitaly Churkin": "RUS",
    "Li Baodong": "CHN",
    "Amr Abdellatif Aboulatta": "EGY",
    "Elbio Rosselli": "URY",
    "Sacha Sergio Llorentty Solíz": "BOL",
}
#: Names that sort differently from states.tsv's current name in a given year.
HISTORICAL_NAMES = {(1991, "COD"): "Zaire", (1991, "RUS"): "Union of Soviet Socialist Republics"}


def norm(text: str) -> str:
    return " ".join(text.replace("*", "").split())


class Rotation:
    def __init__(self, states: StateNames):
        self.states = states
        self.members: dict[int, list[str]] = {}
        for r in read_tsv(DATA / "membership.tsv"):
            self.members.setdefault(int(r["year"]), []).append(r["iso3"])

    def key(self, year: int, iso3: str) -> str:
        return fold(HISTORICAL_NAMES.get((year, iso3), self.states.name(iso3)))

    def order(self, year: int) -> list[str]:
        members = self.members[year]
        if len(members) != 15:
            raise SystemExit(f"presidency: {year} has {len(members)} members in membership.tsv")
        return sorted(members, key=lambda iso3: self.key(year, iso3))

    def year_from(self, year: int, month: int, iso3: str) -> list[str]:
        """The twelve Presidents of `year`, given that `iso3` presides in `month`."""
        order = self.order(year)
        if iso3 not in order:
            raise SystemExit(f"presidency: anchor {year}-{month:02d} {iso3} is not a member that year")
        start = (order.index(iso3) - (month - 1)) % 15
        return [order[(start + i) % 15] for i in range(12)]

    def next_january(self, year: int, december: str) -> str:
        """January's President of year+1: the first name after December's in the new list."""
        k = self.key(year, december)
        order = self.order(year + 1)
        after = [iso3 for iso3 in order if self.key(year + 1, iso3) > k]
        return after[0] if after else order[0]

    def previous_decembers(self, year: int, january: str) -> list[str]:
        """Every member of year-1 whose turn would lead to `january` in `year` (may be several)."""
        return [x for x in self.order(year - 1) if self.next_january(year - 1, x) == january]


def find_anchors(dirs: list[Path], states: StateNames) -> list[dict[str, str]]:
    anchors = []
    files = {p.name: p for d in dirs if d.is_dir() for p in sorted(d.glob("*.txt"))}
    texts = {name: p.read_text(encoding="utf-8", errors="replace") for name, p in sorted(files.items())}
    flat = {name: norm(t) for name, t in texts.items()}
    # cover pages of meeting records
    for name, text in texts.items():
        head = text[:3000]
        m = re.search(r"President:\s*\n(?:.*\n){0,4}?\s*\(([^)\n]+)\)\s*\n", head)
        d = re.search(r"\w+day, (\d{1,2}) (\w+) (\d{4})", head)
        if m and d and d.group(2).lower() in MONTHS and states.iso3(m.group(1)):
            month = f"{d.group(3)}-{MONTHS.index(d.group(2).lower()) + 1:02d}"
            anchors.append({"month": month, "iso3": states.iso3(m.group(1)), "file": name,
                            "how": f"cover page: President ({m.group(1)}), meeting of {d.group(1)} {d.group(2)} {d.group(3)}"})
    # statements
    for month, iso3, name, quote in STATEMENTS:
        if name not in flat or quote not in flat[name]:
            raise SystemExit(f"presidency: quote not found in {name}: {quote!r}")
        anchors.append({"month": month, "iso3": iso3, "file": name, "how": f"text: \u201c{quote}\u201d"})
    # letters signed by the President
    for name, text in flat.items():
        t = re.match(r"#*\s*Letter dated (\d{1,2}) (\w+) (\d{4}) from the President of the Security Council", text)
        s = re.search(r"\(Signed\) (.+?) President of the Security Council", text)
        if not (t and s) or t.group(2).lower() not in MONTHS:
            continue
        signer = s.group(1).strip()
        month = f"{t.group(3)}-{MONTHS.index(t.group(2).lower()) + 1:02d}"
        iso3, how = signatory_state(signer, flat, states)
        if iso3 is None:
            print(f"  unused: {name} signed by {signer}: State unknown")
            continue
        anchors.append({"month": month, "iso3": iso3, "file": name,
                        "how": f"letter from the President dated {t.group(1)} {t.group(2)} {t.group(3)}, signed {signer}; {how}"})
    return sorted(anchors, key=lambda a: (a["month"], a["file"]))


def signatory_state(signer: str, flat: dict[str, str], states: StateNames) -> tuple[str | None, str]:
    """The signatory's State as the documents give it beside the name, else from SIGNATORIES."""
    found: dict[str, str] = {}
    tokens = [signer] + [t for t in signer.split() if len(t) >= 4]
    for name, text in flat.items():
        for tok in tokens:
            if tok not in text:
                continue
            prefix = "" if tok == signer else r"(?:Mr|Ms|Mrs)\. "
            for m in re.finditer(prefix + re.escape(tok) + r"[\s.]*\(([^)]{3,60})\)", text):
                iso3 = states.iso3(m.group(1))
                if iso3:
                    quote = re.sub(r"(?:\s*\.){2,}\s*", " ... ", m.group(0))
                    found.setdefault(iso3, f"\u201c{quote}\u201d in {name}")
    if len(found) == 1:
        iso3, where = next(iter(found.items()))
        return iso3, f"State from the documents: {where}"
    if signer in SIGNATORIES:
        return SIGNATORIES[signer], "State from general knowledge, not from the documents"
    return None, ""


def main() -> None:
    dirs = [Path(d) for d in (sys.argv[1:] or DEFAULT_DIRS)]
    states = StateNames()
    rot = Rotation(states)
    anchors = find_anchors(dirs, states)
    if not anchors:
        raise SystemExit("presidency: no anchors found")
    first, last = anchors[0], anchors[-1]
    y0, y1 = int(first["month"][:4]), int(last["month"][:4])
    # forward from the first anchor
    derived: dict[str, str] = {}
    year_list = rot.year_from(y0, int(first["month"][5:]), first["iso3"])
    for year in range(y0, y1 + 1):
        if year > y0:
            year_list = rot.year_from(year, 1, rot.next_january(year - 1, year_list[-1]))
        for m, iso3 in enumerate(year_list, 1):
            derived[f"{year}-{m:02d}"] = iso3
    # the rule cannot be carried back past y0 without another anchor
    before = rot.previous_decembers(y0, derived[f"{y0}-01"]) if y0 - 1 in rot.members else []
    # check every anchor
    bad = [a for a in anchors if derived.get(a["month"]) != a["iso3"]]
    for a in bad:
        print(f"  DISAGREES: {a['month']} {a['iso3']} ({a['file']}: {a['how']}); rule gives {derived.get(a['month'])}")
    if bad:
        raise SystemExit("presidency: anchors disagree with the rule; table not written")
    # the part that needs only document anchors: back from the month the documents attest most often
    doc = [a for a in anchors if "general knowledge" not in a["how"]]
    counts: dict[str, int] = {}
    for a in doc:
        counts[a["month"]] = counts.get(a["month"], 0) + 1
    d0 = next(a for a in doc if a["month"] == min(counts, key=lambda m: (-counts[m], m)))
    doc_year = int(d0["month"][:4])
    chain = rot.year_from(doc_year, int(d0["month"][5:]), d0["iso3"])
    doc_start = doc_year
    while True:
        for m, iso3 in enumerate(chain, 1):
            if derived[f"{doc_start}-{m:02d}"] != iso3:
                raise SystemExit(f"presidency: {doc_start}-{m:02d}: the two derivations differ")
        if doc_start - 1 < y0:
            break
        decs = rot.previous_decembers(doc_start, chain[0])
        if len(decs) != 1:
            break
        doc_start -= 1
        chain = rot.year_from(doc_start, 12, decs[0])
    src_doc = (f"derived: alphabetical rotation (rule 18) anchored on {states.name(d0['iso3'])}, {d0['month']} "
               f"({', '.join(sorted({a['file'] for a in doc if a['month'] == d0['month']}))}); every anchor agrees")
    src_gk = (f"derived: alphabetical rotation (rule 18) anchored on {states.name(first['iso3'])}, {first['month']} "
              f"({first['file']}; the signatory's State is general knowledge); every anchor agrees")
    evidence: dict[str, list[str]] = {}
    for a in anchors:
        evidence.setdefault(a["month"], []).append(f"{a['file']}: {a['how']}")
    rows = []
    for month in sorted(derived):
        iso3 = derived[month]
        src = src_doc if int(month[:4]) >= doc_start else src_gk
        rows.append([month, iso3, states.name(iso3), src, " | ".join(evidence.get(month, []))])
    path = DATA / "presidency.tsv"
    write_tsv(path, HEADER, rows)
    print(f"{path}: {len(rows)} months, {y0}-01 to {y1}-12; {len(anchors)} anchors in {len(evidence)} months, all agree")
    print(f"  document anchors alone carry the rule back to {doc_start}-01; earlier rows rest on "
          f"{first['month']} {first['iso3']} ({first['file']})")
    print(f"  before {y0}: December {y0 - 1} could be any of {before or 'unknown'}; not derived")
    for a in anchors:
        print(f"  anchor {a['month']} {a['iso3']}: {a['file']}: {a['how']}")


if __name__ == "__main__":
    main()
