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
_BODIES = r"(?:S|A|E|ST|SC|GA|CRC|CEDAW|CCPR|CAT|CERD|DP|TD|UNEP|HRC)"
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


def find_citations(text: str, resolution_years: Mapping[int, int] | None = None) -> list[Citation]:
    """All resolution and document citations in ``text``, in order, without overlaps."""
    years = resolution_years or {}
    found: list[Citation] = []
    # Spans already cited, sorted and disjoint, so one bisection tells whether a new span
    # overlaps one (was a scan of all of them per item: quadratic, minutes for a long list).
    taken: list[tuple[int, int]] = []

    for m in _SYMBOL_RE.finditer(text):
        raw = m.group(0)
        start, end = m.start(), m.end()
        # A sentence-final period belongs to the sentence, unless it is part of "Rev.1" & co.
        # (rstrip, not a loop of raw[:-1]: that copied the string once per trailing "-".)
        stripped = raw.rstrip(".-")
        raw, end = stripped, end - (len(raw) - len(stripped))
        if not re.search(r"\d", raw):
            continue
        sym = normalise_symbol(raw)
        res = re.fullmatch(r"S/RES/(\d+)\s?\((\d{4})\)", sym)
        if res:
            found.append(Citation(start, end, RESOLUTION, resolution_id(int(res[1]), int(res[2]))))
        else:
            ga = re.fullmatch(r"A/RES/([\w\-/]+?)\s?\(([IVXLC]+)\)", sym)
            if ga:
                sym = f"A/RES/{ga[1]}({ga[2]})"
            elif re.search(r"\s\(\d{4}\)$", sym):
                # "S/2004/567 (2004)" never occurs; a trailing "(year)" belongs to the prose.
                end -= len(sym) - sym.rindex(" (")
                sym = sym[: sym.rindex(" (")]
                if not re.search(r"\d", sym):
                    continue  # "A/A (2000)": no symbol without its year
            found.append(Citation(start, end, DOCUMENT, sym))
        bisect.insort(taken, (start, end))

    for m in _RES_WORD.finditer(text):
        owner = _owner(text[max(0, m.start() - 60) : m.start()])
        pos = m.end()
        first = True
        while True:
            if not first:
                sep = _SEPARATOR.match(text, pos)
                if not sep:
                    break
                pos = sep.end()
            item = _ITEM.match(text, pos)
            if not item:
                break
            first = False
            istart = item.start() + (len(item.group(0)) - len(item.group(0).lstrip()))
            iend = item.end()
            pos = iend
            if _overlaps(taken, istart, iend):
                continue
            cit = _citation(item, istart, iend, owner, years)
            if cit is None:
                break
            found.append(cit)
            bisect.insort(taken, (istart, iend))

    found.sort(key=lambda c: (c.start, c.end))
    return found


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps a span of ``taken`` (sorted, disjoint)."""
    i = bisect.bisect_left(taken, (end,))  # taken[:i] start before ``end``
    return i > 0 and taken[i - 1][1] > start


def _owner(before: str) -> str:
    m = _GA_BEFORE.search(before)
    if not m:
        return "S"
    return {"Human Rights Council": "A/HRC", "Economic and Social Council": "E"}.get(m[1], "A")


def _citation(item: re.Match, start: int, end: int, owner: str, years: Mapping[int, int]) -> Citation | None:
    if item.group(1):  # "60/288": a session/number resolution of the Assembly or another organ
        return Citation(start, end, DOCUMENT, f"{'A' if owner == 'S' else owner}/RES/{item.group(1)}")
    number = int(item.group(2))
    year = item.group(3)
    if year and _ROMAN.match(year):  # "2625 (XXV)": an Assembly resolution by session
        return Citation(start, end, DOCUMENT, f"A/RES/{number}({year})")
    if owner != "S":
        return Citation(start, end, DOCUMENT, f"{owner}/RES/{number}" + (f" ({year})" if year else ""))
    if year:
        y = int(year)
        known = years.get(number)
        if known is not None and known != y:
            return None  # not a Council resolution: the record says otherwise
        if not 1946 <= y <= 2100:
            return None
        return Citation(start, end, RESOLUTION, resolution_id(number, y))
    known = years.get(number)
    if known is None:
        return None  # "resolution 12" with no year and no record: cannot be resolved
    return Citation(start, end, RESOLUTION, resolution_id(number, known))
