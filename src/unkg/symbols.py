"""UN document symbols and resolution citations, parsed from plain text.

Pure functions over strings (no spaCy), so they are cheap to test exhaustively:

- ``find_citations(text, resolution_years)`` finds Council resolutions ("resolutions 1373
  (2001), 2195 (2014) and 2462 (2019)" names three), General Assembly resolutions
  ("General Assembly resolution 60/288", "resolution 2625 (XXV)") and document symbols
  (S/PRST/2018/9, S/2018/1177, A/RES/60/288, S/PV.8699, SC/6816).
- ``normalise_symbol`` and ``resolution_id`` write ids the way the facts format wants them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Mapping

from .registry import DOCUMENT, RESOLUTION


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    type: str  # RESOLUTION or DOCUMENT
    id: str


def resolution_id(number: int, year: int) -> str:
    return f"S/RES/{number} ({year})"


# The organs whose symbols we accept as the first segment. A bare "S/" prefix is the Council;
# "SC/" its press releases. Keeping the list closed avoids reading "km/h" or "and/or" as symbols.
_BODIES = r"(?:S|A|E|ST|SC|GA|CRC|CEDAW|CCPR|CAT|CERD|DP|TD|UNEP|HRC|PBC)"
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)*"
_SYMBOL_RE = re.compile(
    rf"(?<![\w/.-])(?:{_BODIES}/{_SEGMENT}(?:/{_SEGMENT})*|PRST/\d{{4}}/\d+)"
    r"(?:\s?\((?:\d{4}|[IVXLC]+)\))?"
)
_ROMAN = re.compile(r"^[IVXLC]+$")

# "resolution(s)" and what may stand before it to say whose resolution it is.
_RES_WORD = re.compile(r"\b[Rr]esolutions?\b")
_ITEM = re.compile(r"\s*(?:(\d{1,3}/\d{1,4})|(\d{1,4})(?:\s?\((\d{4}|[IVXLC]+)\))?)(?![\w/])")
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|as well as\s+|&\s*)")
# a missing comma between two items with years: "2106 (2013) 2122 (2013)"
_BARE_SEPARATOR = re.compile(r"(?<=\))\s+(?=\d{1,4}\s?\(\d{4}\))")
_DATE_TAIL = re.compile(r"\s+of\s+\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December)\s+\d{4}")
_GA_BEFORE = re.compile(r"(General Assembly|Assembly|Human Rights Council|Economic and Social Council)(?:'s)?\s*(?:[a-z]+\s+){0,2}$")


def normalise_symbol(symbol: str) -> str:
    """Write a symbol as the UN does, without spaces around slashes; "PRST/..." gets its "S/"."""
    s = re.sub(r"\s*/\s*", "/", symbol.strip())
    s = re.sub(r"\s+\(", " (", s)
    if s.startswith("PRST/"):
        s = "S/" + s
    return s


def compare_key(symbol: str) -> str:
    """The form in which symbols are compared: no spaces, upper case."""
    return re.sub(r"\s+", "", symbol).upper()


class _Numbering:
    """The record of resolutions as a check: a number the record has must have its year; a
    number it lacks (a gap, or after the record ends) must have a year between those of its
    nearest neighbours, since Council resolutions are numbered in order."""

    def __init__(self, years: Mapping[int, int]):
        self.years = years
        self.numbers = sorted(years)

    def plausible(self, number: int, year: int) -> bool:
        if not 1946 <= year <= 2100:
            return False
        known = self.years.get(number)
        if known is not None:
            return known == year
        i = bisect.bisect_left(self.numbers, number)
        below = self.years[self.numbers[i - 1]] if i > 0 else None
        above = self.years[self.numbers[i]] if i < len(self.numbers) else None
        return (below is None or year >= below) and (above is None or year <= above)


class _Found:
    """Citations found so far, and their spans: sorted and disjoint, so one bisection tells
    whether a new span overlaps one (a scan of all of them per item was quadratic)."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return not _overlaps(self.taken, start, end)

    def add(self, c: Citation) -> None:
        self.citations.append(c)
        bisect.insort(self.taken, (c.start, c.end))


def find_citations(text: str, resolution_years: Mapping[int, int] | None = None) -> list[Citation]:
    """All resolution and document citations in ``text``, in order, without overlaps: symbols
    written out; the items of "resolution(s) ..." lists; and number-year pairs that the record
    of resolutions confirms wherever they stand ("its resolutions on terrorism including
    2178 (2014), 2195 (2014)")."""
    years = resolution_years or {}
    numbering = _Numbering(years)
    found = _Found()
    _symbols(text, found)
    _resolution_lists(text, found, numbering, _years_written(text, numbering))
    for m in _PAIR.finditer(text):
        number, year = int(m.group(1)), int(m.group(2))
        if years.get(number) == year and found.free(m.start(), m.end()):
            found.add(Citation(m.start(), m.end(), RESOLUTION, resolution_id(number, year)))
    return sorted(found.citations, key=lambda c: (c.start, c.end))


# A number-year pair not inside a symbol: "2178 (2014)"
_PAIR = re.compile(r"(?<![\w/.\-])(\d{1,4})\s?\((\d{4})\)")
# A joint symbol: "A/70/357-S/2015/682" is one document with two symbols
_JOINT = re.compile(r"-(?=(?:S|A|E)/)")


def _symbols(text: str, found: _Found) -> None:
    for m in _SYMBOL_RE.finditer(text):
        raw = m.group(0)
        # A sentence-final period belongs to the sentence, unless it is part of "Rev.1" & co.
        # (rstrip, not a loop of raw[:-1]: that copied the string once per trailing "-".)
        stripped = raw.rstrip(".-")
        start = m.start()
        for part in _JOINT.split(stripped):
            if part:
                c = _symbol_citation(part, start)
                if c is not None:
                    found.add(c)
            start += len(part) + 1


def _symbol_citation(raw: str, start: int) -> Citation | None:
    end = start + len(raw)
    if not re.search(r"\d", raw):
        return None
    sym = normalise_symbol(raw)
    res = re.fullmatch(r"S/RES/(\d+)\s?\((\d{4})\)", sym)
    if res:
        return Citation(start, end, RESOLUTION, resolution_id(int(res[1]), int(res[2])))
    ga = re.fullmatch(r"A/RES/([\w\-/]+?)\s?\(([IVXLC]+)\)", sym)
    if ga:
        sym = f"A/RES/{ga[1]}({ga[2]})"
    elif re.search(r"\s\(\d{4}\)$", sym):
        # "S/2004/567 (2004)" never occurs; a trailing "(year)" belongs to the prose.
        end -= len(sym) - sym.rindex(" (")
        sym = sym[: sym.rindex(" (")]
        if not re.search(r"\d", sym):
            return None  # "A/A (2000)": no symbol without its year
    return Citation(start, end, DOCUMENT, sym)


def _years_written(text: str, numbering: _Numbering) -> dict[int, int]:
    """The years this document itself gives its resolutions, where the numbering allows them:
    a later "resolution 2713" takes the year of an earlier or later "2713 (2023)"."""
    out: dict[int, int] = {}
    for m in _PAIR.finditer(text):
        number, year = int(m.group(1)), int(m.group(2))
        if number not in numbering.years and numbering.plausible(number, year):
            out.setdefault(number, year)
    return out


def _resolution_lists(text: str, found: _Found, numbering: _Numbering, written: dict[int, int]) -> None:
    """The items of each list after "resolution(s)": an item the record does not confirm is
    passed over, and the list goes on after it."""
    for m in _RES_WORD.finditer(text):
        owner = _owner(text[max(0, m.start() - 60): m.start()])
        pos = m.end()
        first = True
        while True:
            if not first:
                sep = _SEPARATOR.match(text, pos) or _BARE_SEPARATOR.match(text, pos)
                if not sep:
                    break
                pos = sep.end()
            item = _ITEM.match(text, pos)
            if not item:
                break
            istart = item.start() + (len(item.group(0)) - len(item.group(0).lstrip()))
            iend = item.end()
            if not first and not text[text.rfind("\n", 0, istart) + 1: istart].strip():
                break  # a number opening a line is the next paragraph's ("1. Requests ..."), not an item
            first = False
            tail = _DATE_TAIL.match(text, iend)  # "1540 (2004) of 28 April 2004, ..."
            pos = tail.end() if tail else iend
            if found.free(istart, iend):
                cit = _citation(item, istart, iend, owner, numbering, written)
                if cit is not None:
                    found.add(cit)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps a span of ``taken`` (sorted, disjoint)."""
    i = bisect.bisect_left(taken, (end,))  # taken[:i] start before ``end``
    return i > 0 and taken[i - 1][1] > start


def _owner(before: str) -> str:
    m = _GA_BEFORE.search(before)
    if not m:
        return "S"
    return {"Human Rights Council": "A/HRC", "Economic and Social Council": "E"}.get(m[1], "A")


def _citation(item: re.Match, start: int, end: int, owner: str, numbering: _Numbering,
              written: Mapping[int, int]) -> Citation | None:
    if item.group(1):  # "60/288": a session/number resolution of the Assembly or another organ
        return Citation(start, end, DOCUMENT, f"{'A' if owner == 'S' else owner}/RES/{item.group(1)}")
    number = int(item.group(2))
    year = item.group(3)
    if year and _ROMAN.match(year):  # "2625 (XXV)": an Assembly resolution by session
        return Citation(start, end, DOCUMENT, f"A/RES/{number}({year})")
    if owner != "S":
        return Citation(start, end, DOCUMENT, f"{owner}/RES/{number}" + (f" ({year})" if year else ""))
    if year:
        if not numbering.plausible(number, int(year)):
            return None  # not this Council resolution: the record says otherwise
        return Citation(start, end, RESOLUTION, resolution_id(number, int(year)))
    known = numbering.years.get(number) or written.get(number)
    if known is None:
        return None  # "resolution 12" with no year and no record: cannot be resolved
    return Citation(start, end, RESOLUTION, resolution_id(number, known))
