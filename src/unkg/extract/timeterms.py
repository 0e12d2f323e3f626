"""Time terms of the Council's texts: deadlines ("by 31 March 2025", "no later than 30 June",
"within 90 days", "in 90 days"), reporting cycles ("every six months", "at least every 60
days") and mandate intervals ("until 31 January 2026", "for a period of 12 months", "until one
year from the date of adoption"), as ISO dates and ISO 8601 durations, resolved from the
adoption date where the text counts from it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..meta import MONTHS, parse_date

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15, "eighteen": 18, "twenty": 20,
            "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90, "a": 1, "an": 1}
_UNIT = {"day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M", "year": "Y", "years": "Y"}
_N = r"(\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_U = r"(days?|weeks?|months?|years?)"
_DAY = rf"(\d{{1,2}})\s+({MONTHS})(?:\s+(\d{{4}}))?"

_WITHIN = re.compile(rf"\b(?:within|in)\s+(?:a\s+period\s+of\s+)?{_N}\s+{_U}\b", re.I)
_BY_DAY = re.compile(rf"\b(?:by|no later than|not later than|before)\s+{_DAY}", re.I)
_BY_MONTH = re.compile(rf"\b(?:by|no later than|not later than|before)\s+(?:the end of\s+)?({MONTHS})\s+(\d{{4}})", re.I)
_EVERY = re.compile(rf"\b(?:at least\s+|once\s+)?every\s+(?:{_N}\s+)?{_U}", re.I)
_UNTIL = re.compile(rf"\buntil\s+{_DAY}", re.I)
_UNTIL_FROM_ADOPTION = re.compile(rf"\buntil\s+{_N}\s+{_U}\s+from\s+the\s+date\s+of\s+(?:the\s+)?adoption", re.I)
_PERIOD = re.compile(rf"\bfor\s+(?:an?\s+)?(?:initial\s+|further\s+|additional\s+)*(?:period\s+of\s+)?{_N}\s+{_U}\b", re.I)
_STARTING = re.compile(rf"\b(?:starting|beginning|as from|with effect from|from)\s+(?:on\s+)?{_DAY}|"
                       rf"\b(?:on|as of)\s+{_DAY}[^.;]{{0,100}}?\bcommenc|\bcommenc\w*[^.;]{{0,60}}?\bon\s+{_DAY}", re.I)
_AS_OF = re.compile(rf"\b(?:as of|with effect from|on)\s+{_DAY}", re.I)


@dataclass(frozen=True)
class TimeTerm:
    at: int  # where it is in the text it was read from
    deadline: str | None = None
    within: str | None = None
    every: str | None = None


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower())


def duration(n: str, unit: str) -> str | None:
    k = _number(n)
    return f"P{k}{_UNIT[unit.lower()]}" if k else None


def add(iso: str | None, period: str | None) -> str | None:
    """``iso`` plus an ISO 8601 duration of days, weeks, months or years."""
    if not iso or not period:
        return None
    m = re.fullmatch(r"P(\d+)([DWMY])", period)
    if not m or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return None
    d, (k, unit) = date.fromisoformat(iso), (int(m[1]), m[2])
    if unit in "DW":
        return (d + timedelta(days=k * (7 if unit == "W" else 1))).isoformat()
    months = k * (12 if unit == "Y" else 1) + d.month - 1
    y, mo = d.year + months // 12, months % 12 + 1
    return date(y, mo, min(d.day, calendar.monthrange(y, mo)[1])).isoformat()


def _day(groups: tuple, adopted: str | None) -> str | None:
    day, month, year = groups
    year = year or (adopted[:4] if adopted else None)
    return parse_date(day, month, year) if year else None


def time_terms(text: str, adopted: str | None) -> list[TimeTerm]:
    """The deadlines and reporting cycles of a clause, in order: one term each."""
    terms = []
    for m in _WITHIN.finditer(text):
        p = duration(m[1], m[2])
        terms.append(TimeTerm(m.start(), add(adopted, p), p))
    for m in _BY_DAY.finditer(text):
        terms.append(TimeTerm(m.start(), _day(m.groups(), adopted)))
    for m in _BY_MONTH.finditer(text):
        d = parse_date("1", m[1], m[2])
        terms.append(TimeTerm(m.start(), d[:7] if d else None))
    for m in _EVERY.finditer(text):
        terms.append(TimeTerm(m.start(), every=duration(m[1] or "1", m[2])))
    return sorted((t for t in terms if t.deadline or t.within or t.every), key=lambda t: t.at)


def interval(text: str, adopted: str | None) -> tuple[str | None, str | None]:
    """(until, period) of a mandate: an end date, a period, or both (the period counted from
    the date it starts on, else from adoption)."""
    until = period = None
    m = _UNTIL.search(text)
    if m:
        until = _day(m.groups(), adopted)
    m = _UNTIL_FROM_ADOPTION.search(text)
    if m:
        period = duration(m[1], m[2])
        until = until or add(adopted, period)
    m = _PERIOD.search(text)
    if m and period is None:
        period = duration(m[1], m[2])
        start = _STARTING.search(text)
        if until is None:
            groups = [g for g in start.groups() if g is not None] if start else []
            begin = _day(tuple(groups[:2] + [groups[2] if len(groups) > 2 and groups[2].isdigit() else None]), adopted) if start else None
            until = add(begin or adopted, period)
    if until is None:
        m = _AS_OF.search(text)
        if m:
            until = _day(m.groups(), adopted)
    return until, period
