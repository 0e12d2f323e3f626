"""meta: what a document is, from its own conventions and the record of Council documents.

Symbol (the header, else the file name), kind (resolution, presidential statement, meeting
record, letter, concept note, report), title, and date: a resolution's adoption date from the
record of resolutions, else its "Adopted by the Security Council at its 4385th meeting, on 28
September 2001"; a presidential statement's "held on 19 January 2015" or "On 3 February 2021,";
the date a letter was written ("Letter dated 1 March 2024", the year from the symbol when the
letter leaves it out); a meeting record's "Thursday, 9 January 2020"; else the distribution date
or the first date of the opening lines.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from .model import DocumentMeta
from .symbols import normalise_symbol

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = rf"(\d{{1,2}})\s+({MONTHS})\s+(\d{{4}})"
DATE_RE = re.compile(_DATE)

# on a line of its own, or after the organ's name as PDF readers give the header
_HEADER_SYMBOL = re.compile(r"^[^\S\n]*(?:United Nations[^\S\n]+)?(S/RES/\d+\s*\(\d{4}\)|S/PRST/\d{4}/\d+|S/PV\.\d+|S/\d{4}/\d+)\*?\s*$",
                            re.M)
# [^\S\n]* rather than \s* after ^ in MULTILINE mode: \s* runs on over every following blank
# line from each of them (quadratic in a run of blank lines).
_RESOLUTION_TITLE = re.compile(r"^[^\S\n]*(?:#+[^\S\n]*)?(Resolution \d+\s*\(\d{4}\))", re.M)
_MEETING_TITLE = re.compile(r"^[^\S\n]*(\d+(?:st|nd|rd|th) meeting)[^\S\n]*$", re.M)
_LETTER_TITLE = re.compile(r"^[^\S\n]*(?:#+[^\S\n]*)?((?:Identical letters|Letter|Note verbale) dated [^\n]+)", re.M)
_CONCEPT_NOTE = re.compile(r"^[^\S\n]*Concept note\b", re.M | re.I)
_REPORT = re.compile(r"\breport of the Secretary-General\b", re.I)
_NOTE = re.compile(r"^[^\S\n]*(?:#+[^\S\n]*)?Note by the (?:President of the Security Council|Secretary-General)\b", re.M)

#: The kinds of document unkg tells apart (``unkg:kind``; the shapes list them too).
KINDS = ("letter", "concept note", "resolution", "presidential statement", "report", "note", "meeting record")
_PRST_TITLE = "Statement by the President of the Security Council"
# Lines that are the header of every UN document, never its title
_NOT_TITLE = re.compile(r"^(?:United Nations|UNITED|NATIONS|Security Council|General Assembly|Distr\.?.*|GENERAL|"
                        r"Original:.*|[A-Z]/[\w/.()\s-]+|\d{2}-\d{5}.*|\*\d+\*|Page \d+|<!--.*)$")

_ADOPTED = re.compile(rf"[Aa]dopted by the Security Council(?:\s+at its \d+\w*\s+meeting)?,?\s+(?:held\s+)?on\s+{_DATE}")
_PRST_DATE = re.compile(rf"(?:\bheld\s+on\s+{_DATE}|^[^\S\n]*On\s+{_DATE},)", re.M)
_LETTER_DATE = re.compile(rf"(?:Letter|letters|Note verbale) dated\s+(\d{{1,2}})\s+({MONTHS})(?:\s+(\d{{4}}))?")
_WEEKDAY_DATE = re.compile(rf"^[^\S\n]*\w+day,\s+{_DATE}", re.M)
_DISTR_DATE = re.compile(rf"Distr\.:\s*\w+\s+{_DATE}")


def parse_date(day: str, month: str, year: str) -> str | None:
    """``("28", "September", "2001")`` -> ``"2001-09-28"``; None if there is no such day."""
    try:
        return datetime.strptime(f"{int(day)} {month} {int(year)}", "%d %B %Y").date().isoformat()
    except ValueError:
        return None


def symbol_from_filename(name: str) -> str | None:
    """``S-RES-2195-2014.txt`` -> ``S/RES/2195 (2014)``; ``S-PV-8699`` -> ``S/PV.8699``."""
    stem = Path(name).stem
    m = re.fullmatch(r"S-RES-(\d+)-(\d{4})", stem)
    if m:
        return f"S/RES/{int(m[1])} ({m[2]})"
    m = re.fullmatch(r"S-PV-(\d+)", stem)
    if m:
        return f"S/PV.{m[1]}"
    m = re.fullmatch(r"S-PRST-(\d{4})-(\d+)", stem)
    if m:
        return f"S/PRST/{m[1]}/{m[2]}"
    m = re.fullmatch(r"S-(\d{4})-(\d+)", stem)
    if m:
        return f"S/{m[1]}/{m[2]}"
    return None


def read_metadata(text: str, name: str, raw: str | None = None) -> DocumentMeta:
    """The symbol, date, kind and title of a document, from its cleaned text; the date, when the
    text gives none, from the ``raw`` text's head, whose page furniture the cleaning removed
    ("Distr.: General 16 January 2016", "Reissued for technical reasons on 25 February 2016")."""
    head = text[:3000]
    m = _HEADER_SYMBOL.search(head)
    symbol = normalise_symbol(m[1]) if m else symbol_from_filename(name)
    kind = _kind(head, text, symbol or "")
    date = _date(head, kind, symbol or "") or (_date(raw[:3000], kind, symbol or "") if raw else None)
    return DocumentMeta(symbol=symbol, date=date, kind=kind, title=_title(head, kind, symbol or ""))


def _kind(head: str, text: str, symbol: str) -> str | None:
    if symbol.startswith("S/RES/") or _RESOLUTION_TITLE.search(head):
        return "resolution"
    if symbol.startswith("S/PRST/") or _PRST_TITLE in head:
        return "presidential statement"
    if symbol.startswith("S/PV.") or _MEETING_TITLE.search(head):
        return "meeting record"
    if _LETTER_TITLE.search(head):
        return "concept note" if _CONCEPT_NOTE.search(text) else "letter"
    if _REPORT.search(head):
        return "report"
    if _NOTE.search(head):
        return "note"
    return None


def _title(head: str, kind: str | None, symbol: str) -> str | None:
    if kind == "resolution":
        t = _RESOLUTION_TITLE.search(head)
        if t:
            return " ".join(t[1].split())
        m = re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", symbol)
        if m:
            return f"Resolution {m[1]} ({m[2]})"
    if kind == "presidential statement":
        return _PRST_TITLE
    if kind == "meeting record":
        t = _MEETING_TITLE.search(head)
        if t:
            return t[1]
    if kind in ("letter", "concept note"):
        t = _LETTER_TITLE.search(head)
        if t:
            return " ".join(t[1].split())
    for line in head.splitlines():  # the first line that is not the header of every document
        line = " ".join(line.strip().lstrip("#").split())
        if len(line) > 3 and not _NOT_TITLE.match(line):
            return line[:200]
    return None


def _date(head: str, kind: str | None, symbol: str) -> str | None:
    if kind == "resolution":
        from . import refdata

        rec = refdata.load().resolutions.get(symbol)
        if rec and re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec.get("date", "")):
            return rec["date"]  # the record of resolutions is the authority
    rules = {"resolution": [_ADOPTED], "presidential statement": [_PRST_DATE], "meeting record": [_WEEKDAY_DATE]}
    for rx in rules.get(kind or "", []):
        when = _first_date(rx, head)
        if when:
            return when
    if kind in ("letter", "concept note"):
        m = _LETTER_DATE.search(head)
        year = m[3] if m and m[3] else (re.match(r"S/(\d{4})/", symbol) or [None, None])[1]
        when = parse_date(m[1], m[2], year) if m and year else None
        if when:
            return when
    return _first_date(_DISTR_DATE, head) or _first_date(DATE_RE, head[:1500])


def _first_date(rx: re.Pattern, text: str) -> str | None:
    for m in rx.finditer(text):
        groups = [g for g in m.groups() if g is not None]
        when = parse_date(*groups[:3]) if len(groups) >= 3 else None
        if when:
            return when
    return None
