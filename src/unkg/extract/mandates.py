"""Mandates: the Council establishing, extending, renewing, adjusting or terminating the mandate
of a mission, office, panel of experts, monitoring team, sanctions regime or committee, and the
interval it sets ("Decides to extend the mandate of UNOWAS until 31 January 2026", "Decides to
renew the measures imposed by resolution 2653 (2022) until one year from the date of adoption")."""

from __future__ import annotations

import re

from ..model import Act, MandateEvent, Paragraph, SourceDocument
from ..registry import ORGANIZATION
from .spans import Cand
from .timeterms import interval

BODY = "Body"

_EVENTS = [
    ("terminate", re.compile(r"\b(?:to\s+)?(?:terminate|end|conclude|discontinue|close)\b[^;.]*?\bmandate\s+of\b", re.I)),
    ("extend", re.compile(r"\b(?:to\s+)?(?:extend|prolong)\b", re.I)),
    ("renew", re.compile(r"\b(?:to\s+)?renew\b", re.I)),
    ("establish", re.compile(r"\b(?:to\s+)?(?:establish|create|set\s+up)\b", re.I)),
    ("adjust", re.compile(r"\bthat\s+(?:the|this|its)\s+mandate\b[^;]*?\bshall\b|\b(?:to\s+)?(?:adjust|expand|modify|revise)\s+"
                          r"(?:the\s+)?mandate\b|\bthat\s+[^;]{0,120}?\b(?:shall|should)\s+(?:have|carry out|undertake|perform)\s+"
                          r"the\s+following\s+(?:mandate|tasks)", re.I)),
]
_MEASURES = re.compile(r"\bmeasures\s+(?:imposed|set out|specified)\s+(?:by|in|under)\s+(?:paragraphs?\s+[\d,\sand]+\s+of\s+)?"
                       r"resolution\s+(\d{3,4})\s*\((\d{4})\)", re.I)
_UNNAMED = re.compile(r"\b(?:establish|create|set\s+up)\s+(?:an?\s+)?((?:[a-z\-]+\s+){0,3}(?:working group|group|committee|"
                      r"panel|team|mission|office|mechanism|commission)(?:\s+of\s+the\s+Security\s+Council)?)", re.I)
#: Acts under which the Council sets mandates: it decides them, or asks the Secretary-General
_SETTING = ("decide", "request", "extend", "renew", "establish", "endorse", "authorize")


def mandate_events(source: SourceDocument, paragraphs: list[Paragraph], acts: list[Act],
                   chosen: list[Cand]) -> list[MandateEvent]:
    """The mandate events of the operative paragraphs, in order: one per act clause that sets
    one, with the body (the organization it names, a sanctions regime, or an unnamed body)."""
    text = source.text
    by_index = {p.index: p for p in paragraphs}
    orgs = sorted((c for c in chosen if c.type == ORGANIZATION), key=lambda c: c.cstart)
    out: list[MandateEvent] = []
    clauses = _clauses(source, acts, by_index)
    for p, cs, ce in clauses:
        if p.role != "operative":
            continue
        clause = text[cs:ce]
        for event, rx in _EVENTS:
            m = rx.search(clause)
            if not m:
                continue
            if event in ("extend", "renew") and not re.search(r"\bmandate\b|\bmeasures\b", clause, re.I):
                continue
            body = _body(text, cs + (m.start() if event == "adjust" else m.end()), ce, orgs, clause)
            if body is None and re.search(r"\b(?:this|its|the)\s+mandate\b", clause) and out and out[-1].paragraph == p.index:
                body = out[-1].body  # "... and further decides that this mandate shall also apply"
            if body is None:
                continue
            until, period = (None, None) if event == "adjust" else interval(clause[m.start():], source.meta.date)
            if event != "adjust" and until is None and period is None:  # the interval in a later clause
                until, period = interval(text[cs + m.end():p.cend], source.meta.date)
            rs, re_ = source.to_raw(cs + m.start(), cs + m.end())
            out.append(MandateEvent(len(out), p.index, body, event, rs, re_, until, period))
            if event != "adjust":
                break  # one event of these per clause; an adjustment may come with it
    return out


def _clauses(source: SourceDocument, acts: list[Act], paragraphs: dict[int, Paragraph]) -> list[tuple[Paragraph, int, int]]:
    """The clauses of the acts that set mandates: (paragraph, start, end) in the cleaned text."""
    starts: dict[int, list[tuple[int, str]]] = {}
    for a in acts:
        p = paragraphs[a.paragraph]
        cpos = _cleaned(source, a.start, p)
        starts.setdefault(a.paragraph, [])
        if (cpos, a.notation) not in starts[a.paragraph]:
            starts[a.paragraph].append((cpos, a.notation))
    out = []
    for k, items in sorted(starts.items()):
        p = paragraphs[k]
        items.sort()
        for j, (cs, note) in enumerate(items):
            if note in _SETTING:
                out.append((p, cs, items[j + 1][0] if j + 1 < len(items) else p.cend))
    return out


def _cleaned(source: SourceDocument, raw: int, p: Paragraph) -> int:
    """The cleaned-text offset of a raw offset inside paragraph ``p``."""
    import numpy as np

    k = int(np.searchsorted(source.positions, raw, side="left"))
    return min(max(k, p.cstart), p.cend)


def _body(text: str, start: int, end: int, orgs: list[Cand], clause: str) -> tuple[str, str] | None:
    """The body an event concerns: the organization named after "the mandate of" (or right
    after the verb), the sanctions measures of a resolution, or a body the text establishes
    without a name ("a working group of the Security Council")."""
    measures = _MEASURES.search(clause)
    mandate = re.search(r"\bmandate\s+of\b", text[start:end], re.I)
    at = start + mandate.end() if mandate else start
    named = next((c for c in orgs if at <= c.cstart < end), None)
    unnamed = _UNNAMED.match(text, start - len(re.match(r"\S*", text[start - 12:start][::-1])[0]) - 1) if not mandate else None
    unnamed = unnamed or (None if mandate else re.match(r"\s+(?:an?\s+)?((?:[a-z\-]+\s+){0,3}(?:working group|group|committee|panel|"
                                                         r"team|mechanism|commission)(?:\s+of\s+the\s+Security\s+Council)?)\b",
                                                         text[start:end]))
    if unnamed:
        return BODY, " ".join(unnamed.group(1).split())
    if measures and (named is None or named.cstart > start + 80):
        return BODY, f"measures imposed by resolution {measures[1]} ({measures[2]})"
    if named is not None and named.cstart - at < 120:
        return ORGANIZATION, named.id
    return None
