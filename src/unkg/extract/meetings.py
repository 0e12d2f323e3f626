"""The meeting of a meeting record: its cover page (number, date and time, the President and
the presiding State, the members and their representatives, the agenda), what it adopted (and
the votes), the documents before it; and the meetings letters announce. ``debates`` reads the
speeches.

    Thursday, 9 January 2020, 10 a.m.          President: Mr. Pham Binh Minh/Mr. Dang (Viet Nam)
    The draft resolution has been adopted unanimously as resolution 2505 (2020).
    ... I shall take it that the members of the Security Council agree to the statement, which
    will be issued as a document of the Security Council under the symbol S/PRST/2020/1.
    A vote was taken by show of hands.  In favour: ...  Against: ...  Abstaining: ...
    I wish to draw the attention of Council members to document S/2020/1, ...
    Concept note for the Security Council open debate ..., to be held on 9 July 2019

The cover page is read in the original text (its layout: one line a State, then one line a
representative, in the same order); the proceedings in the cleaned text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import refdata
from ..meta import DATE_RE, parse_date
from ..model import Entity, EntityRef, Meeting, Outcome, SourceDocument
from ..names import collapse_spaces, normalise_name
from ..registry import ORGANIZATION, STATE


# --------------------------------------------------------------------------------- names

@lru_cache(maxsize=1)
def _forms() -> dict[str, EntityRef]:
    """Normalised written forms of the reference States and bodies."""
    out: dict[str, EntityRef] = {}
    for form, ref in refdata.load().surface_forms():
        if ref.type in (STATE, ORGANIZATION):
            out.setdefault(normalise_name(form), ref)
    return out


def lookup(name: str) -> EntityRef | None:
    """The State or body a name writes ("Russian Federation", "the European Union", "Observer
    State of Palestine"), or None. Leading words are dropped one at a time (at most two)."""
    words = collapse_spaces(name).strip(" ,.;:").split()
    for k in range(min(3, len(words))):
        hit = _forms().get(normalise_name(" ".join(words[k:])))
        if hit is not None:
            return hit
    return None


def entity(ref: EntityRef) -> Entity:
    """The reference description of a State or body, else a body found in this document."""
    known = refdata.load().entities.get(ref)
    return known.copy(local=False) if known is not None else Entity(ref.type, ref.id, ref.id, local=True)


@lru_cache(maxsize=1)
def honorific() -> re.Pattern:
    """An honorific opening a name ("Mr. ", "Mrs. ", "Dame "): ``data/lexicon.tsv``."""
    hon = "|".join(re.escape(h) for h in sorted(refdata.words("honorific"), key=len, reverse=True))
    return re.compile(rf"^(?:{hon})\s+")


def person_id(hon_name: str) -> str:
    """"Mr. Dang" -> "Dang": a name without its honorific, white space collapsed."""
    return collapse_spaces(honorific().sub("", collapse_spaces(hon_name)))


# --------------------------------------------------------------------------------- the cover page

_WEEKDAY_DATE = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+" + DATE_RE.pattern
                           + r"(?:,\s+(\d{1,2}(?:\.\d{2})?\s+[ap]\.m\.))?")
_LEADER = re.compile(r"(?:\s*\.){2,}\s*$")


def _lines(raw: str, start: int, end: int):
    """(offset, line) of the non-blank lines of raw[start:end], stripped."""
    offset = start
    for line in raw[start:end].split("\n"):
        body = line.strip()
        if body:
            yield offset + line.index(body), body
        offset += len(line) + 1


def cover_page(source: SourceDocument) -> Meeting | None:
    """The meeting as the cover page gives it (outcomes and documents come from the text)."""
    raw = source.raw
    end = raw.find("This record contains")
    end = end if end > 0 else min(len(raw), 6000)
    head = raw[:end]
    m = re.search(r"\b(\d{3,5})\s*(?:st|nd|rd|th)\s+meeting\b", head)
    sym = re.match(r"S/PV\.(\d+)", source.meta.symbol or "")
    number = int(m.group(1)) if m else int(sym.group(1)) if sym else None
    if number is None:
        return None
    when = _WEEKDAY_DATE.search(head)
    date = parse_date(*when.group(1, 2, 3)) if when else source.meta.date
    time = collapse_spaces(when.group(4)) if when and when.group(4) else None

    presidents, president_state, members, reps = _presidency_and_members(raw, head)
    agenda = None
    a = re.search(r"^\s*Agenda\s*$", head, re.M)
    if a:
        block = re.split(r"\n\s*\n", head[a.end():].lstrip("\n"), maxsplit=1)[0]
        agenda = collapse_spaces(block) or None
    return Meeting(number, date, time, agenda, president_state, tuple(presidents), tuple(members), tuple(reps))


def _presidency_and_members(raw: str, head: str):
    presidents: list[tuple[str, int, int]] = []
    president_state = None
    pm = re.search(r"^\s*President:\s*$", head, re.M)
    mm = re.search(r"^\s*Members:\s*$", head, re.M)
    if pm:
        stop = mm.start() if mm else len(head)
        for off, line in _lines(raw, pm.end(), stop):
            if line.startswith("(") and president_state is None:
                hit = lookup(line.strip("()"))
                president_state = hit.id if hit is not None and hit.type == STATE else None
            elif not presidents:
                body = _LEADER.sub("", line)
                pos = 0
                for part in body.split("/"):
                    k = body.index(part, pos)
                    pos = k + len(part)
                    hm = honorific().match(part.strip())
                    name = person_id(part)
                    if name:
                        s = off + k + (len(part) - len(part.lstrip())) + (hm.end() if hm else 0)
                        presidents.append((name, s, s + len(name)))
    states: list[str] = []
    names: list[tuple[str, int, int]] = []
    if mm:
        stop = head.find("Agenda", mm.end())
        for off, line in _lines(raw, mm.end(), stop if stop > 0 else len(head)):
            hm = honorific().match(line)
            if hm:
                names.append((person_id(line), off + hm.end(), off + len(line)))
                continue
            hit = lookup(_LEADER.sub("", line))
            if hit is not None and hit.type == STATE and not names:
                states.append(hit.id)
    members = ([president_state] if president_state else []) + [s for s in states if s != president_state]
    reps = []
    if president_state and presidents:
        reps += [(president_state, n, s, e) for n, s, e in presidents]
    if len(names) == len(states):
        reps += [(st, n, s, e) for st, (n, s, e) in zip(states, names)]
    return [n for n, _, _ in presidents], president_state, members, reps



# --------------------------------------------------------------------------------- proceedings

_SYMBOL = r"S/\d{4}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*"
_ADOPTED = re.compile(r"draft\s+resolution(?:\s+\((?P<draft>" + _SYMBOL + r")\))?(?:,\s+as\s+orally\s+\w+,)?"
                      r"\s+has\s+been\s+adopted(?P<unanimous>\s+unanimously)?,?\s+as\s+resolution\s+"
                      r"(?P<n>\d+)\s*\((?P<y>\d{4})\)")
_REJECTED = re.compile(r"draft\s+resolution(?:\s+\((?P<draft>" + _SYMBOL + r")\))?\s+has\s+not\s+been\s+adopted")
_PRST = re.compile(r"(?:under\s+the\s+symbol|as\s+document|issued\s+as)\s+(?P<s>S/PRST/\d{4}/\d+)")
_DRAFT = re.compile(r"\bdocument\s+(?P<s>" + _SYMBOL + r"),\s+which\s+contains\s+the\s+text\s+of\s+a\s+draft\s+resolution")
_VOTE = re.compile(r"\bA\s+(?:recorded\s+)?vote\s+was\s+taken\b")
_LIST = re.compile(r"\b(?P<label>In\s+favour|Against|Abstaining):\s*(?P<names>.*?)"
                   r"(?=\b(?:In\s+favour|Against|Abstaining):|The\s+President\b|\n\s*\n|$)", re.S)
_BEFORE = re.compile(r"(?:draw\s+the\s+attention\s+of\s+[^.]{0,60}?\s+to|(?:has|have)\s+before\s+(?:it|them))\s+"
                     r"(?:the\s+)?documents?\s+(?P<list>" + _SYMBOL + r"(?:(?:,\s*|,?\s+and\s+)" + _SYMBOL + r")*)")
_ANNOUNCE = [
    re.compile(r"\b(?:to\s+be|will\s+be)\s+held\s+(?:in\s+New\s+York\s+)?on\s+(?:\w+day,?\s+)?" + DATE_RE.pattern),
    re.compile(r"\b(?:convene|hold|organize|host)\s+(?:an?|the)\s+[\w\s-]{0,40}?(?:debate|meeting|briefing|discussion|dialogue)"
               r"\s+on\s+(?:\w+day,?\s+)?" + DATE_RE.pattern),
    re.compile(r"\bon\s+" + DATE_RE.pattern + r",[^.]{0,150}?\b(?:hold|convene|organize|host)\b[^.]{0,40}?"
               r"\b(?:debate|meeting|briefing)\b"),
]


def _states(names: str) -> tuple[str, ...]:
    """State ids of a vote list ("Belgium, China, ..., United Kingdom of Great Britain and
    Northern Ireland, ..."): by commas, and by "and" where a part names no State."""
    out: list[str] = []
    for part in collapse_spaces(names).strip(" .;").split(","):
        part = part.strip()
        if not part:
            continue
        for piece in ([part] if lookup(part) is not None else re.split(r"\s+and\s+", part)):
            hit = lookup(piece)
            if hit is not None and hit.type == STATE and hit.id not in out:
                out.append(hit.id)
    return tuple(out)


def _vote(text: str) -> dict[str, tuple[str, ...]]:
    lists = {"In favour": (), "Against": (), "Abstaining": ()}
    for m in _LIST.finditer(text):
        lists[collapse_spaces(m.group("label"))] = _states(m.group("names"))
    return lists


def outcomes(text: str) -> list[tuple[int, int, Outcome]]:
    """(start, end, outcome) of each act a meeting adopted (or draft it did not), in text
    order, each with the vote taken since the previous outcome. Offsets of the Outcome
    itself are left 0: the caller maps (start, end) to the original file."""
    found = []
    for m in _ADOPTED.finditer(text):
        found.append((m.start(), m.end(), "resolution", f"S/RES/{m['n']} ({m['y']})",
                      "unanimous" if m["unanimous"] else "vote", m["draft"]))
    for m in _REJECTED.finditer(text):
        found.append((m.start(), m.end(), "resolution", None, "rejected", m["draft"]))
    for m in _PRST.finditer(text):
        found.append((m.start(), m.end(), "presidential statement", m["s"], "consensus", None))
    found.sort()
    out = []
    previous = 0
    seen = set()
    for start, end, kind, document, decision, draft in found:
        before = text[previous:start]
        drafts = list(_DRAFT.finditer(before))
        draft = draft or (drafts[-1]["s"] if drafts else None)
        document = document or draft
        if document is None or document in seen:
            continue
        seen.add(document)
        votes = list(_VOTE.finditer(before))
        lists = _vote(before[votes[-1].end():]) if votes and kind == "resolution" else {}
        out.append((start, end, Outcome(kind, document, decision, 0, 0, draft, lists.get("In favour", ()),
                                        lists.get("Against", ()), lists.get("Abstaining", ()))))
        previous = end
    return out


def documents_before(text: str, agenda: str | None, own: str | None, acts: set[str]) -> tuple[str, ...]:
    """The documents before the Council: those the agenda names, those the President draws
    attention to or says the Council has before it; not the acts it adopts."""
    found = re.findall(_SYMBOL, agenda or "")
    for m in _BEFORE.finditer(text):
        found += re.findall(_SYMBOL, m.group("list"))
    out = []
    for s in found:
        if s not in out and s != own and s not in acts:
            out.append(s)
    return tuple(out)


def announced(text: str) -> tuple[str, ...]:
    """ISO dates of the meetings a letter or concept note announces ("an open debate on 9 July
    2019", "to be held on 25 September 2019")."""
    out = []
    for rx in _ANNOUNCE:
        for m in rx.finditer(text):
            d = parse_date(*m.groups()[-3:])
            if d and d not in out:
                out.append(d)
    return tuple(sorted(out))
