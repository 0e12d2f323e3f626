"""Debates: the meeting a record is of, its speeches, what it adopted; and the meetings letters
announce.

A meeting record (S/PV) opens with a cover page (number, date and time, the President and the
presiding State, the 15 members with their representatives, the agenda) and then gives the
proceedings as speeches, each opening with a speaker heading at the start of a line:

    The President: ...
    Mr. Nebenzia (Russian Federation) (spoke in Russian): ...
    Mrs. Robinson: ...                       (a briefer invited under rule 39: no State)

A speech runs from its heading to the next heading, or to "The meeting rose at". Headings are
found in the original text (``SourceDocument.raw``), where each one starts a line; the cleaning
of ingest may join a heading to the line before it. Text that the PDF layout moved (an
invitation printed in another speaker's column) stays where the file has it.

Who speaks: the heading's name, made fuller from the cover page and the President's invitations
("I invite Her Excellency Mrs. Mary Robinson, Chair of The Elders") where the record links them
(the heading's words are the end or the start of the fuller name); otherwise the name as the
heading writes it, without the honorific, so that "Mr. Nebenzia" is one Person in every record.
For whom: the State in the heading; the body in the invitation's title ("Chair of The Elders");
a group the speaker says the statement is made on behalf of; the presiding State for the
President, whose turn is ``capacity`` "national" when it holds a statement "in my capacity as"
its representative. With two Presidents on the cover page ("Mr. Pham Binh Minh/Mr. Dang"), the
first presides until the meeting is first suspended, the second after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import refdata
from ..model import COVER_PAGE, GROUP, Debate, Entity, EntityRef, Meeting, Mention, Relation, Sentence, Speech, paragraph_finder
from ..names import collapse_spaces, normalise_name
from ..registry import DOC, DOCUMENT, ORGANIZATION, PERSON, RESOLUTION, STATE
from . import meetings
from .meetings import cover_page, honorific, lookup
from .relations import Context

__all__ = ["debate", "merge"]

PRESIDENT, MEMBER, NON_MEMBER, BRIEFER, SECRETARY_GENERAL = "president", "member", "non-member", "briefer", "secretary-general"
#: The rules of the mentions and relations debates add (the ``rule`` of each in the graph).
SPEAKER_HEADING, MEETING_OUTCOME = "speaker-heading", "meeting-outcome"


# --------------------------------------------------------------------------------- patterns

@dataclass(frozen=True)
class _Patterns:
    heading: re.Pattern
    hon_name: re.Pattern  # "Mr. Jean-Pierre Lacroix", "Her Excellency Mrs. Mary Robinson"
    particles: frozenset[str]
    anchors: tuple[str, ...]
    departments: tuple[tuple[str, str], ...]


_WORD = r"[^\W\d_][\w’'\-]*"  # a word of a name: starts with a letter


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    hon = "|".join(re.escape(h) for h in sorted(refdata.words("honorific"), key=len, reverse=True))
    name = rf"{_WORD}(?:[ \t]+{_WORD}){{0,5}}"
    heading = re.compile(
        rf"^[ \t]*(?P<who>The[ \t]+(?:Acting[ \t]+)?President|The[ \t]+(?:Deputy[ \t]+)?Secretary-General"
        rf"|(?P<hon>{hon})[ \t]+(?P<name>{name}))"
        r"(?:\s{0,3}\((?!spoke\b)(?P<for>[^()\n]{2,80}(?:\n[^()\n]{1,60})?)\))?"
        r"(?:\s{0,3}\((?P<lang>spoke\s+in\s+(?P<language>[A-Z][a-z]+)[^()]{0,80})\))?"
        r"[ \t]*:", re.M)
    hon_name = re.compile(rf"(?:\b(?:His|Her)\s+Excellency\s+)?(?<![\w.])(?:{hon})\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,5}})")
    anchors = refdata.words("office-anchor")  # in priority order
    departments = tuple(tuple(s.strip() for s in e.split("|")) for e in refdata.words("office-department"))
    return _Patterns(heading, hon_name, frozenset(refdata.words("name-particle")), anchors, departments)


def _name_words(name: str) -> list[str]:
    """The words of a name up to the first that cannot be part of one (lower case, not a
    particle): "Chambas said" -> ["Chambas"]."""
    out = []
    for w in name.split():
        if not (w[0].isupper() or w in _patterns().particles):
            break
        out.append(w)
    while out and out[-1] in _patterns().particles:
        out.pop()
    return out


# --------------------------------------------------------------------------------- titles

def _body_in_title(title: str) -> EntityRef | None:
    """The body a title names: after "Head of", "Chair of", ...; the department an
    "Under-Secretary-General for W" heads; else the Secretary-General whose representative or
    envoy the person is."""
    p = _patterns()
    for anchor in p.anchors:
        for m in re.finditer(rf"\b{re.escape(anchor)}\s+", title):
            words = title[m.end():].split()
            for n in range(min(12, len(words)), 0, -1):
                hit = lookup(" ".join(words[:n]))
                if hit is not None:
                    return hit
            # a body the reference data lacks, by its capitalised name ("Chair of The Elders": an
            # id without the article, as every id)
            local = re.match(r"(?:[Tt]he\s+)?([A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|of|for|and|the))*)", title[m.end():])
            if local and anchor.endswith(" of") and local.group(1).split()[-1][0].isupper():
                return EntityRef(ORGANIZATION, collapse_spaces(local.group(1)))
    for office, body in p.departments:
        m = re.search(rf"\b{re.escape(office)}\s+([A-Z][\w\s,\-]+)", title)
        if m:
            hit = lookup(f"{body} {m.group(1).strip()}")
            if hit is not None:
                return hit
    if "of the Secretary-General" in title or "of the SecretaryGeneral" in title:
        return EntityRef(ORGANIZATION, "Secretary-General")
    return None


# --------------------------------------------------------------------------------- headings

@dataclass(frozen=True)
class _Heading:
    start: int  # raw offsets of the heading up to its colon
    end: int
    who: str  # "The President", "The Secretary-General", or the name without its honorific
    text: str  # the heading as written, language note and colon removed
    hon: str | None = None
    name_start: int | None = None
    name_end: int | None = None
    for_text: str | None = None
    language: str | None = None


def headings(raw: str) -> list[_Heading]:
    """The speaker headings of a meeting record, in the order of the file."""
    out = []
    for m in _patterns().heading.finditer(raw):
        name = m.group("name")
        if name is not None and len(_name_words(name)) != len(name.split()):
            continue  # "Mr. Chambas said ...:" is prose
        who = collapse_spaces(name) if name else collapse_spaces(m.group("who"))
        for_text = collapse_spaces(m.group("for")) if m.group("for") else None
        text = collapse_spaces(m.group("who")) + (f" ({for_text})" if for_text else "")
        start = m.start("who")
        out.append(_Heading(start, m.end(), who, text, m.group("hon"), m.start("name") if name else None,
                            m.end("name") if name else None, for_text, m.group("language")))
    return out


# --------------------------------------------------------------------------------- speakers

class _Text:
    """Offsets between the original and the cleaned text, and the sentences at an offset."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.source = ctx.source
        self._starts = [s.start for s in ctx.sentences]
        self._positions = ctx.source.positions

    def clean(self, rs: int, re_: int) -> tuple[int, int]:
        import numpy as np

        return (int(np.searchsorted(self._positions[:-1], rs, side="left")),
                int(np.searchsorted(self._positions[:-1], re_, side="left")))

    def cleaned(self, rs: int, re_: int) -> str:
        cs, ce = self.clean(rs, re_)
        return self.source.text[cs:ce]

    def sentence_at(self, raw_offset: int) -> Sentence:
        k = max(bisect_right(self._starts, raw_offset) - 1, 0)
        return self.ctx.sentences[k]


_INVITING = re.compile(r"\b(?:invite|welcome|give the floor to|call on|call upon)\b")
_TITLE_END = r"(?=,\s+(?:to participate|for\b|who\b|and\s+(?:His|Her|Mr|Ms|Mrs|Dr)\b)|[.;:]\s|\.?$|\))"


@dataclass
class _Names:
    """The fuller forms of names the record gives: the cover page and the President's
    invitations (``record``), and names with a title of office anywhere (``titled``: used for
    speakers the heading gives no State, whose invitation the layout may have moved)."""

    record: list[list[str]]
    titled: dict[str, str]  # name -> title
    hyphenated: dict[str, str]  # "JeanPierre" -> "Jean-Pierre", as the record also writes it
    secretary_general: str | None


def _names(t: _Text, meeting: Meeting | None, president_turns: list[tuple[int, int]]) -> _Names:
    p = _patterns()
    record = [n.split() for n in (meeting.presidents if meeting else ())]
    record += [n.split() for _, n, _, _ in (meeting.representatives if meeting else ())]
    sg = None
    starts = [s for s, _ in president_turns]
    for s in t.ctx.sentences:
        k = bisect_right(starts, s.start) - 1
        in_turn = k >= 0 and president_turns[k][0] <= s.start < president_turns[k][1]
        if not _INVITING.search(s.text) or not (in_turn or "participate in" in s.text or "Excellency" in s.text):
            continue
        for m in p.hon_name.finditer(s.text):
            words = _name_words(m.group("name"))
            if words:
                record.append(words)
        g = re.search(r"Secretary-General,\s+" + p.hon_name.pattern, s.text)
        if g and sg is None:
            sg = " ".join(_name_words(g.group("name"))) or None
    titled = {}
    text = t.source.text
    for m in p.hon_name.finditer(text):
        words = _name_words(m.group("name"))
        at = m.start("name") + len(" ".join(words))
        rest = text[at:at + 260] if words else ""
        tm = re.match(r",\s+([A-Z][^;]{2,200}?)" + _TITLE_END, rest)
        if words and tm and " ".join(words) not in titled:
            titled[" ".join(words)] = collapse_spaces(tm.group(1))
    hyphenated = {w.replace("-", ""): w for w in re.findall(r"\b[A-Z][a-zà-ÿ]+-[A-Z][a-zà-ÿ]+\b", t.source.raw)}
    return _Names(record, titled, hyphenated, sg)


def _fuller(words: list[str], forms: list[list[str]]) -> list[str]:
    """The longest form whose last (or first) words are ``words``; else ``words``."""
    best = words
    n = len(words)
    for f in forms:
        if len(f) > len(best) and (f[-n:] == words or f[:n] == words):
            best = f
    return best


def _speaker(h: _Heading, names: _Names, with_titles: bool) -> tuple[str, str | None]:
    """(Person id, title of office if the record gives one) of a named heading."""
    words = h.who.split()
    forms = names.record + ([n.split() for n in names.titled] if with_titles else [])
    full = [names.hyphenated.get(w, w) for w in _fuller(words, forms)]
    name = " ".join(full)
    title = names.titled.get(" ".join(_fuller(words, forms))) or names.titled.get(name)
    return name, title


# --------------------------------------------------------------------------------- for whom

_ON_BEHALF = re.compile(
    r"\b(?:I|We)\s+(?:(?:am|are|have|would\s+like\s+to|wish\s+to|shall|will|now|also)\s+)*"
    r"(?:(?:pleased|honoured|privileged)\s+to\s+|the\s+(?:honour|privilege)\s+to\s+)?"
    r"(?:speak|make|deliver|read|present)\b[^.;]{0,40}?\bon\s+behalf\s+of\s+(?P<x>[^.;:]{3,160})")
_CALL_ON_BEHALF = re.compile(r"representative\s+of\s+[^,.;]{2,60},\s+(?:speaking\s+|who\s+will\s+speak\s+)?"
                             r"on\s+behalf\s+of\s+(?P<x>[^.;:]{3,160})")
_NATIONAL = re.compile(r"\b(?:Government|delegation|people|President|Prime\s+Minister|Minister|country)\b")


def _group(clause: str) -> tuple[str, str] | None:
    """What "on behalf of <clause>" names, when it is not the speaker's own State: a body of
    the reference data, else a group ("the African members of the Security Council — the
    Niger, South Africa and Tunisia —"). A State, a list of States, or the speaker's Government
    or delegation is not a group."""
    x = re.split(r"\s+[—–-]\s+|,|\s+and\s+(?:its|their)\s+|\s+on\s+(?:the|this|that)\s+|\s+in\s+|\s+at\s+", clause)[0]
    x = collapse_spaces(re.sub(r"^the\s+", "", x.strip()))
    if not x or _NATIONAL.search(x) or x in ("Council", "Security Council"):
        return None
    hit = lookup(x)
    if hit is not None:
        return None if hit.type == STATE else (hit.type, hit.id)
    if " and " in x and any(lookup(p) is not None for p in re.split(r"\s+and\s+", x)):
        return None  # "Sweden and Ukraine": States speaking together
    if not (x[0].isupper() or re.match(r"(?:members|Group|group)\b", x)):
        return None
    return GROUP, x


def _for_group(t: _Text, start: int, end: int, previous: Speech | None, previous_text: str) -> tuple[str, str] | None:
    """A group (or body) the speech is made for: said in its first paragraphs, or by the
    President calling the speaker."""
    if previous is not None and previous.role == PRESIDENT:
        call = previous_text[-400:]
        m = list(_CALL_ON_BEHALF.finditer(call))
        if m:
            return _group(m[-1].group("x"))
    head = t.cleaned(start, min(end, start + 1500))
    m = _ON_BEHALF.search(head)
    return _group(m.group("x")) if m else None


# --------------------------------------------------------------------------------- speeches

_ROSE = re.compile(r"^\s*The meeting rose at\b", re.M)
_SUSPENDED = re.compile(r"The meeting was suspended at\b")
_CAPACITY = re.compile(r"\bin\s+my\s+(?:national\s+)?capacity\s+as\b")


def _ranges(raw: str, heads: list[_Heading]) -> list[tuple[int, int]]:
    """Each speech from its heading to the next (or to "The meeting rose"), trailing white
    space left out."""
    out = []
    for i, h in enumerate(heads):
        if i + 1 < len(heads):
            end = heads[i + 1].start
        else:
            rose = _ROSE.search(raw, h.end)
            end = rose.start() if rose else len(raw)
        while end > h.end and raw[end - 1].isspace():
            end -= 1
        out.append((h.start, end))
    return out


def speeches(t: _Text, meeting: Meeting | None, heads: list[_Heading]) -> tuple[list[Speech], dict[str, str]]:
    """The speeches of a record, and the groups they are made for (id -> label)."""
    raw = t.source.raw
    ranges = _ranges(raw, heads)
    turns = [r for h, r in zip(heads, ranges) if h.who.endswith("President")]
    names = _names(t, meeting, turns)
    suspensions = [m.start() for m in _SUSPENDED.finditer(raw)]
    members = set(meeting.members) if meeting else set()
    presiding = meeting.president_state if meeting else None
    out: list[Speech] = []
    groups: dict[str, str] = {}
    previous_text = ""
    for i, (h, (start, end)) in enumerate(zip(heads, ranges)):
        s = Speech(i + 1, start, end, h.text, BRIEFER, language=h.language, name_start=h.name_start, name_end=h.name_end)
        if h.who.endswith("President"):
            presidents = meeting.presidents if meeting else ()
            k = min(bisect_right(suspensions, start), len(presidents) - 1)
            national = _CAPACITY.search(t.cleaned(start, end)) is not None
            s = replace(s, role=PRESIDENT, speaker=presidents[k] if presidents else None,
                        for_type=STATE if presiding else None, for_id=presiding, capacity="national" if national else None)
        elif h.who.endswith("Secretary-General"):
            s = replace(s, role=SECRETARY_GENERAL, speaker=names.secretary_general, for_type=ORGANIZATION,
                        for_id="Secretary-General")
        else:
            state = lookup(h.for_text) if h.for_text else None
            speaker, title = _speaker(h, names, with_titles=state is None or state.type != STATE)
            s = replace(s, speaker=speaker)
            if state is not None and state.type == STATE:
                s = replace(s, role=MEMBER if state.id in members else NON_MEMBER, for_type=STATE, for_id=state.id)
            elif state is not None or title:
                body = state or _body_in_title(title)
                if body is not None:
                    s = replace(s, for_type=body.type, for_id=body.id)
            group = _for_group(t, h.end, end, out[-1] if out else None, previous_text)
            if group is not None:
                s = replace(s, delegation=s.for_id if s.for_type == STATE else None, for_type=group[0], for_id=group[1])
                if group[0] == GROUP:
                    groups[group[1]] = group[1]
        out.append(s)
        previous_text = t.cleaned(start, end)
    return out, groups


# --------------------------------------------------------------------------------- the whole

def debate(ctx: Context) -> Debate | None:
    """The meeting and speeches of a meeting record; the meetings a letter announces."""
    source = ctx.source
    if source.meta.kind in ("letter", "concept note"):
        dates = meetings.announced(source.text)
        return Debate(announced=dates) if dates else None
    if source.meta.kind != "meeting record":
        return None
    t = _Text(ctx)
    meeting = cover_page(source)
    heads = headings(source.raw)
    if meeting is None and not heads:
        return None
    found, groups = speeches(t, meeting, heads)
    if meeting is not None:
        meeting, found = _fuller_cover_names(meeting, found)
        outs = []
        for cs, ce, o in meetings.outcomes(source.text):
            rs, re_ = source.to_raw(cs, ce)
            outs.append(replace(o, start=rs, end=re_))
        docs = meetings.documents_before(source.text, meeting.agenda, source.meta.symbol, {o.document for o in outs})
        meeting = replace(meeting, documents=docs, outcomes=tuple(outs))
    return Debate(meeting, found, groups)


def _fuller_cover_names(meeting: Meeting, found: list[Speech]) -> tuple[Meeting, list[Speech]]:
    """A person the cover page names by surname ("Mr. Dang") is the speaker for the same State
    whose heading gives the name in full ("Mr. Dang Dinh Quy (Viet Nam)"), in the cover page's
    representatives, its Presidents and the President's speeches."""
    by_state: dict[str, list[list[str]]] = {}
    for s in found:
        state = s.delegation or (s.for_id if s.role in (MEMBER, NON_MEMBER) else None)
        if state and s.speaker:
            by_state.setdefault(state, []).append(s.speaker.split())
    renamed = {}
    reps = []
    for state, name, start, end in meeting.representatives:
        full = " ".join(_fuller(name.split(), by_state.get(state, [])))
        renamed[name] = full
        reps.append((state, full, start, end))
    meeting = replace(meeting, representatives=tuple(reps), presidents=tuple(renamed.get(p, p) for p in meeting.presidents))
    found = [replace(s, speaker=renamed.get(s.speaker, s.speaker)) if s.role == PRESIDENT else s for s in found]
    return meeting, found


def _fold(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return normalise_name(folded).replace("-", "")  # "JeanPierre", as PDF text loses a hyphen


class _Merge:
    """Adds what a debate names to a document's entities, mentions and relations."""

    def __init__(self, ctx: Context, entities: dict[EntityRef, Entity], mentions: list[Mention], relations: list[Relation]):
        self.t = _Text(ctx)
        self.entities = entities
        self.mentions = list(mentions)
        self.relations = list(relations)
        self.para_at = paragraph_finder(ctx.paragraphs)
        self._keys = {(r.subject, r.predicate, r.object) for r in relations}
        self._spans = {(m.start, m.end, m.entity) for m in mentions}

    def person(self, id_: str, alias: str | None = None) -> str:
        """The document's Person of that name (one already there that folds to the same, or a
        new one), with ``alias`` among its names; returns its id."""
        ref = EntityRef(PERSON, id_)
        if ref not in self.entities:
            ref = next((r for r in self.entities if r.type == PERSON and _fold(r.id) == _fold(id_)), ref)
        e = self.entities.setdefault(ref, Entity(PERSON, ref.id, ref.id, local=True))
        if alias and alias != e.id and alias not in e.aliases:
            e.aliases = tuple(sorted({*e.aliases, alias}))
        return ref.id

    def absorb_short_forms(self, full_names: set[str]) -> None:
        """A Person the text names by part of a speaker's fuller name ("Ruiz Massieu", "Carlos
        Ruiz Massieu") is that speaker."""
        for ref in [r for r in self.entities if r.type == PERSON and self.entities[r].local]:
            words = ref.id.split()
            target = next((f for f in sorted(full_names) if f != ref.id and (_fold(f) == _fold(ref.id) or (
                len(f.split()) > len(words) and (f.split()[-len(words):] == words or f.split()[:len(words)] == words)))), None)
            if target is None:
                continue
            new = EntityRef(PERSON, target)
            e = self.entities.setdefault(new, Entity(PERSON, target, target, local=True))
            e.aliases = tuple(sorted({*e.aliases, ref.id, *self.entities[ref].aliases} - {target}))
            self.mentions = [replace(m, entity=new) if m.entity == ref else m for m in self.mentions]
            self.relations = [replace(r, subject=new.id if r.subject == ref.id and r.subject_type == PERSON else r.subject,
                                      object=new.id if r.object == ref.id and r.object_type == PERSON else r.object)
                              for r in self.relations]
            del self.entities[ref]
        self._spans = {(m.start, m.end, m.entity) for m in self.mentions}

    def entity(self, type_: str, id_: str) -> None:
        ref = EntityRef(type_, id_)
        if ref not in self.entities:
            self.entities[ref] = meetings.entity(ref) if type_ in (STATE, ORGANIZATION) else Entity(type_, id_, id_)

    def mention(self, ref: EntityRef, start: int, end: int, rule: str) -> None:
        if end <= start:
            return
        if (start, end, ref) in self._spans:
            # the record's structure (cover page, heading) says what the name is: say so (and
            # the cover page's list is left out of co-mentions by it)
            self.mentions = [replace(m, source=rule) if (m.start, m.end, m.entity) == (start, end, ref) else m
                                 for m in self.mentions]
            return
        self._spans.add((start, end, ref))
        quote = self.t.source.raw[start:end]
        self.mentions.append(Mention(ref, start, end, quote, collapse_spaces(self.t.cleaned(start, end)),
                                     self.t.sentence_at(start).index, rule))

    def relation(self, subject: str, predicate: str, obj: str, stype: str | None, otype: str | None,
                 at: int | None, rule: str) -> None:
        if (subject, predicate, obj) in self._keys:
            return
        self._keys.add((subject, predicate, obj))
        sent = self.t.sentence_at(at).index if at is not None else None
        para = self.para_at(at) if at is not None else None
        self.relations.append(Relation(subject, predicate, obj, stype, otype, sent, para, rule))


def merge(d: Debate, ctx: Context, entities: dict[EntityRef, Entity], mentions: list[Mention],
          relations: list[Relation]) -> tuple[Debate, list[Mention], list[Relation]]:
    """The debate's Persons, States, bodies and acts added to the document's entities (in
    place), the mentions of the speakers' names and the relations they state (speaksFor,
    adopts) appended. Returns the debate with its Person ids as the document has them."""
    mg = _Merge(ctx, entities, mentions, relations)
    raw = ctx.source.raw
    meeting = d.meeting
    mg.absorb_short_forms({s.speaker for s in d.speeches if s.speaker})
    if meeting is not None:
        reps = []
        for state, name, start, end in meeting.representatives:
            pid = mg.person(name, _honorific_form(raw, start, end))
            reps.append((state, pid, start, end))
            mg.entity(STATE, state)
            mg.mention(EntityRef(PERSON, pid), start, end, COVER_PAGE)
            mg.relation(pid, "speaksFor", state, PERSON, STATE, start, COVER_PAGE)
        presidents = tuple(next((p for s, p, _, _ in reps if s == meeting.president_state and _fold(p) == _fold(n)), n)
                           for n in meeting.presidents)
        for state in meeting.members:
            mg.entity(STATE, state)
        for sym in meeting.documents:
            mg.entity(RESOLUTION if sym.startswith("S/RES/") else DOCUMENT, sym)
        for o in meeting.outcomes:
            type_ = RESOLUTION if o.document.startswith("S/RES/") else DOCUMENT
            mg.entity(type_, o.document)
            if o.decision != "rejected":
                mg.relation(DOC, "adopts", o.document, None, type_, o.start, MEETING_OUTCOME)
        meeting = replace(meeting, representatives=tuple(reps), presidents=presidents)
    out = []
    for s in d.speeches:
        if s.speaker:
            alias = _honorific_form(raw, s.name_start, s.name_end) if s.name_start is not None else None
            s = replace(s, speaker=mg.person(s.speaker, alias))
            if s.name_start is not None:
                mg.mention(EntityRef(PERSON, s.speaker), s.name_start, s.name_end, SPEAKER_HEADING)
        if s.for_type in (STATE, ORGANIZATION):
            mg.entity(s.for_type, s.for_id)
        if s.delegation:
            mg.entity(STATE, s.delegation)
        target = (s.for_type, s.for_id) if s.for_type in (STATE, ORGANIZATION) else (STATE, s.delegation)
        if s.speaker and target[1]:
            mg.relation(s.speaker, "speaksFor", target[1], PERSON, target[0], s.start, SPEAKER_HEADING)
        out.append(s)
    return replace(d, meeting=meeting, speeches=out), mg.mentions, mg.relations


def _honorific_form(raw: str, start: int, end: int) -> str | None:
    """"Mr. Nebenzia": the name at raw[start:end] with the honorific written before it."""
    m = re.search(r"([A-Z][a-z]*\.?)\s+$", raw[max(0, start - 14):start])
    if not m or not honorific().match(m.group(1) + " "):
        return None
    return f"{m.group(1)} {collapse_spaces(raw[start:end])}"
