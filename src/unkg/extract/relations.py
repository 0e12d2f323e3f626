"""Relations: small rules, each registered under its name, that read a document's resolved
spans and structure and state relations (and, where a rule alone sees one, an entity).

A rule is a function ``(ctx: Context) -> Iterable[Relation | Entity]``, registered with
``@relation_rule("name")``; its name is the ``rule`` of every relation it states (and of the
assertion in the graph). ``RULES`` holds them in the order they run; ``settings`` may choose
which run. A relation stated twice is kept once, from the first rule that stated it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Iterable, Iterator, Mapping

from .. import refdata
from ..meta import DATE_RE, parse_date
from ..model import CouncilActs, Entity, EntityRef, Paragraph, Relation, Sentence, SourceDocument, paragraph_finder
from ..registry import CITED, DOC, ORGANIZATION, PERSON, STATE, THEME
from .spans import Cand, looks_like_person
from .structure import signatures


@dataclass
class Context:
    """What the rules read about one document. Read-only for them."""

    source: SourceDocument
    sentences: list[Sentence]
    paragraphs: list[Paragraph]
    chosen: list[Cand]  # resolved names and citations
    themes: list[Cand]
    entities: Mapping[EntityRef, Entity]
    sent_of_token: list[int]
    council: CouncilActs = field(default_factory=CouncilActs)
    _by_type: dict[str, list[Cand]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def kind(self) -> str | None:
        return self.source.meta.kind

    def of_type(self, type_: str) -> list[Cand]:
        """The resolved spans of one type, longest first (the order they were chosen in)."""
        if type_ not in self._by_type:
            self._by_type[type_] = [c for c in self.chosen if c.type == type_]
        return self._by_type[type_]

    def in_text_order(self, type_: str) -> list[Cand]:
        """The resolved spans of one type, in the order of the text."""
        return sorted(self.of_type(type_), key=lambda c: c.cstart)

    @cached_property
    def _para_at(self) -> Callable[[int], int | None]:
        return paragraph_finder(self.paragraphs)

    def paragraph_of(self, cpos: int) -> int | None:
        """The paragraph holding a character of the cleaned text."""
        return self._para_at(self.source.to_raw(cpos, cpos + 1)[0])

    def sentence_of(self, c: Cand) -> int:
        return self.sent_of_token[c.start]

    @staticmethod
    def within(cands: list[Cand], start: int, end: int) -> list[Cand]:
        return [c for c in cands if start <= c.cstart and c.cend <= end]

    @cached_property
    def letter_title(self) -> re.Match | None:
        """"Letter dated ... from X addressed to Y" in a letter or concept note."""
        if self.kind not in ("letter", "concept note"):
            return None
        return re.search(r"(?:Letter|letters) dated [^\n]*?\bfrom (?:the )?([^\n]*?)\s+(?:addressed )?to the "
                         r"(Secretary-General|President of the Security Council|[^\n]{0,80}?)(?:\n|$|\s\()", self.text)

    @cached_property
    def senders(self) -> list[Cand]:
        """Who a letter is from: the States its title names ("from the Permanent
        Representatives of France and the United States"), else the body (the
        Secretary-General too)."""
        m = self.letter_title
        if m is None:
            return []
        states = sorted(self.within(self.of_type(STATE), m.start(1), m.end(1)), key=lambda c: c.cstart)
        orgs = [o for o in self.within(self.of_type(ORGANIZATION), m.start(1), m.end(1))
                if o.id not in ("United Nations", "Security Council")]
        if states:
            return list({c.id: c for c in reversed(states)}.values())[::-1]  # each State once
        if orgs:
            return orgs[:1]
        if "Secretary-General" in m.group(1):
            return [Cand(0, 0, m.start(1), m.end(1), ORGANIZATION, "Secretary-General", "structure")]
        return []

    @property
    def sender(self) -> Cand | None:
        """The first sender (the one whose presidency a letter speaks of)."""
        return self.senders[0] if self.senders else None


Rule = Callable[[Context], Iterable["Relation | Entity"]]
RULES: dict[str, Rule] = {}


def relation_rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return register


def run_rules(ctx: Context, names: Iterable[str] | None = None) -> tuple[list[Relation], list[Entity]]:
    """The relations the rules state (each once), and the entities only rules saw."""
    relations: list[Relation] = []
    entities: list[Entity] = []
    seen: set[tuple[str, str, str]] = set()
    for name in (names if names is not None else RULES):
        for item in RULES[name](ctx):
            if isinstance(item, Entity):
                entities.append(item)
                continue
            key = (item.subject, item.predicate, item.object)
            if key not in seen:
                seen.add(key)
                relations.append(replace(item, rule=name))
    return relations, entities


# --------------------------------------------------------------------------------------------
# The rules, in the order they run


@relation_rule("citation")
def citations(ctx: Context) -> Iterator[Relation]:
    for c in ctx.chosen:
        if c.type in CITED:
            yield Relation(DOC, "cites", c.id, None, c.type, ctx.sentence_of(c), ctx.paragraph_of(c.cstart))


@relation_rule("letter-title")
def letter_title(ctx: Context) -> Iterator[Relation | Entity]:
    m = ctx.letter_title
    if m is None:
        return
    for sender in ctx.senders:
        known = refdata.load().get(ORGANIZATION, sender.id) if sender.source == "structure" else None
        if known is not None:  # the Secretary-General, named in the title only as the writer
            yield known.copy(local=False)
        yield Relation(DOC, "sentBy", sender.id, None, sender.type)
    addressee = m.group(2)
    target = ("Secretary-General" if "Secretary-General" in addressee
              else "Security Council" if "Security Council" in addressee else None)
    if target:
        yield Relation(DOC, "addressedTo", target, None, ORGANIZATION)


@relation_rule("signature")
def signature(ctx: Context) -> Iterator[Relation | Entity]:
    for _, name in signatures(ctx.text):
        if looks_like_person(name):
            yield Relation(DOC, "signedBy", name, None, PERSON)
            if EntityRef(PERSON, name) not in ctx.entities:  # named only in the signature
                yield Entity(PERSON, name, name, local=True)


def _month(iso_date: str | None) -> str | None:
    return iso_date[:7] if iso_date else None


def _state_sender(ctx: Context) -> Cand | None:
    return ctx.sender if ctx.sender is not None and ctx.sender.type == STATE else None


@relation_rule("for-the-month-of")
def for_the_month_of(ctx: Context) -> Iterator[Relation]:
    """"President of the Security Council for the month of July 2019" signed by a State."""
    for m in re.finditer(r"President of the Security Council for the month of (\w+) (\d{4})", ctx.text):
        d = parse_date("1", m.group(1), m.group(2))
        if d and _state_sender(ctx) is not None:
            yield Relation(ctx.sender.id, "presidentOfCouncil", _month(d), STATE, None)


@relation_rule("presidency")
def presidency(ctx: Context) -> Iterator[Relation]:
    """"during its presidency of the Security Council" in a letter, where the writer speaks
    for the sender (in meeting records many speakers thank "the presidency": not there)."""
    if ctx.kind not in ("letter", "concept note"):
        return
    text, source = ctx.text, ctx.source
    for m in re.finditer(r"\b(?:its|my|our) presidency of the (?:Security )?Council\b", text):
        raw = source.to_raw(m.start(), m.start() + 1)[0]
        sent = next((s for s in ctx.sentences if s.start <= raw < s.end), None)
        if sent is None:
            continue
        cs = text.rfind("\n", 0, m.start()) + 1
        ce = text.find("\n", m.end())
        ce = len(text) if ce < 0 else ce
        in_sent = ctx.within(ctx.of_type(STATE), cs, ce)
        d = DATE_RE.search(text, cs, ce)
        when = parse_date(*d.groups()) if d else source.meta.date
        holder = in_sent[0] if in_sent else _state_sender(ctx)
        if holder is not None and when:
            yield Relation(holder.id, "presidentOfCouncil", _month(when), STATE, None, sent.index)


@relation_rule("signature-block")
def signature_block(ctx: Context) -> Iterator[Relation]:
    """A letter signed "Permanent Representative of X / President of the Security Council"."""
    sig = re.search(r"Permanent Representative of (?:the )?[^\n]+\n\s*President of the Security Council\s*$", ctx.text, re.M)
    if sig and _state_sender(ctx) is not None and ctx.source.meta.date:
        yield Relation(ctx.sender.id, "presidentOfCouncil", _month(ctx.source.meta.date), STATE, None)


@relation_rule("meeting-record-header")
def meeting_record_header(ctx: Context) -> Iterator[Relation]:
    """"President: Mr. Dang ... (Viet Nam)" at the head of a meeting record."""
    pv = re.search(r"^\s*President:\s*[^\n]*(?:\n\s*)*\(([^)\n]+)\)", ctx.text[:2000], re.M)
    if pv and ctx.kind == "meeting record" and ctx.source.meta.date:
        holder = next((c for c in ctx.of_type(STATE) if pv.start(1) <= c.cstart < pv.end(1)), None)
        if holder:
            yield Relation(holder.id, "presidentOfCouncil", _month(ctx.source.meta.date), STATE, None)


@relation_rule("including-its")
def including_its(ctx: Context) -> Iterator[Relation]:
    """"SCO (including its Regional Anti-Terrorist Structure)", "FATF and its Global Network"."""
    orgs = ctx.in_text_order(ORGANIZATION)
    for a, b in zip(orgs, orgs[1:]):
        between = ctx.text[a.cend: b.cstart]
        if re.fullmatch(r"\s*(?:\(|,)?\s*(?:including|and) its\s*", between) and a.id != b.id:
            yield Relation(b.id, "partOf", a.id, ORGANIZATION, ORGANIZATION, ctx.sentence_of(a), ctx.paragraph_of(a.cstart))


@relation_rule("nested-name")
def nested_name(ctx: Context) -> Iterator[Relation]:
    """"Council of the League of Arab States": a body "of the" another, inside one name (or a
    regional organization's name opening a body's name)."""
    orgs = ctx.in_text_order(ORGANIZATION)
    starts = [c.cstart for c in orgs]
    for outer in orgs:
        # only the organizations that start inside this one can be nested in it
        lo, hi = bisect.bisect_left(starts, outer.cstart), bisect.bisect_left(starts, outer.cend)
        for inner in orgs[lo:hi]:
            if outer is inner or not (outer.cstart <= inner.cstart and inner.cend <= outer.cend) or outer.id == inner.id:
                continue
            prefix = ctx.text[outer.cstart: inner.cstart]
            known = ctx.entities.get(EntityRef(ORGANIZATION, inner.id))
            inner_kind = (known.kind if known is not None else None) or ""
            if re.search(r"\bof the\s*$", prefix) or (
                outer.cstart == inner.cstart and inner_kind in ("regional-organization", "subregional-organization")
            ):
                yield Relation(outer.id, "partOf", inner.id, ORGANIZATION, ORGANIZATION, ctx.sentence_of(outer),
                               ctx.paragraph_of(outer.cstart))


@relation_rule("theme-parenthesis")
def theme_parenthesis(ctx: Context) -> Iterator[Relation]:
    """"trafficking in persons (resolutions 2331 (2016) and 2388 (2017))"."""
    text = ctx.text
    cites = sorted((c for c in ctx.chosen if c.type in CITED), key=lambda c: c.cstart)
    cite_starts = [c.cstart for c in cites]
    for t in ctx.themes:
        m = re.match(r"\s*\((?:see\s+)?(?:the\s+)?(?:resolutions?\s+)?", text[t.cend: t.cend + 40])
        if not m or "(" not in m.group(0):
            continue
        open_at = t.cend + m.group(0).index("(")
        close_at = _matching_paren(text, open_at)
        for c in cites[bisect.bisect_right(cite_starts, open_at):bisect.bisect_left(cite_starts, close_at)]:
            if c.cend <= close_at:
                yield Relation(c.id, "addresses", t.id, c.type, THEME, ctx.sentence_of(c), ctx.paragraph_of(c.cstart))


def _matching_paren(text: str, i: int) -> int:
    depth = 0
    for j in range(i, min(len(text), i + 400)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return i


# "resolutions 1325 (2000), ... and 2242 (2015) on women, peace and security", "and its
# subsequent resolutions on ...", "(A/S-23/10/Rev.1), in particular those concerning ..."
_THEME_CONNECTOR = re.compile(r"\)?\s*,?\s*(?:and (?:its|all|the) (?:subsequent |related |relevant |other )*resolutions\s+)?"
                              r"(?:,\s*)?(?:in particular (?:those )?|notably |including (?:those )?)?"
                              r"(?:on|concerning|relating to|related to|regarding|on the (?:issue|question) of)\s+(?:the\s+)?$")
_LIST_GAP = re.compile(r"\)?\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|as well as\s+|&\s*)\(?$")


@relation_rule("citation-on-theme")
def citation_on_theme(ctx: Context) -> Iterator[Relation]:
    """A resolution, or a list of them, that the text says is on a theme: "resolutions 1325
    (2000) and 2242 (2015) on women, peace and security"."""
    text = ctx.text
    cites = sorted((c for c in ctx.chosen if c.type in CITED), key=lambda c: c.cend)
    ends = [c.cend for c in cites]
    for t in ctx.themes:
        k = bisect.bisect_right(ends, t.cstart) - 1
        if k < 0 or t.cstart - cites[k].cend > 120 or not _THEME_CONNECTOR.fullmatch(text[cites[k].cend: t.cstart]):
            continue
        run = [cites[k]]
        while k > 0 and _LIST_GAP.fullmatch(text[cites[k - 1].cend: run[-1].cstart]):
            k -= 1
            run.append(cites[k])
        for c in reversed(run):
            yield Relation(c.id, "addresses", t.id, c.type, THEME, ctx.sentence_of(c), ctx.paragraph_of(c.cstart))


#: The relation that states an asking act of the Council towards an entity.
ASKING = {"request": "requests", "call upon": "callsUpon", "urge": "urges", "demand": "demandsOf",
          "authorize": "authorizes", "encourage": "encourages", "invite": "invites", "direct": "directs"}


@relation_rule("council-asks")
def council_asks(ctx: Context) -> Iterator[Relation]:
    """"Requests the Secretary-General to report", "Calls upon Mali to ...": the entity the
    Council asks, by act (groups such as "Member States" stay on the act itself)."""
    for a in ctx.council.acts:
        if a.addressee and a.addressee[0] in (STATE, ORGANIZATION, PERSON) and a.notation in ASKING:
            yield Relation(DOC, ASKING[a.notation], a.addressee[1], None, a.addressee[0], a.sentence, a.paragraph)
