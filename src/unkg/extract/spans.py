"""Spans: the names and citations the pipeline proposes, cleaned and resolved under the
annotation rules of the facts format.

The longest name wins; a State or body named inside another body's name is still a mention of
it (Afghanistan in UNAMA's full name), a State inside an instrument's name or a place name is
not (Namibia Plan of Action, Lake Chad), and a theme word inside a name does not count as the
document addressing the theme.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from spacy.tokens import Doc, Span

from .. import refdata
from ..model import Entity, EntityRef, SourceDocument
from ..nlp import CITATIONS, DEFINED, NAMES, THEMES, THINGS
from ..registry import CITED, DOCUMENT, INSTRUMENT, ORGANIZATION, PERSON, RESOLUTION, STATE, THEME
from ..settings import SOURCE_PRIORITY
from ..symbols import compare_key
from ..nlp.names import lookup
from . import persons
from .structure import foreign_blocks, signatures


@dataclass(frozen=True)
class Cand:
    """A proposed span: where it is, what it names, which rule proposed it."""

    start: int  # token offsets in the Doc
    end: int
    cstart: int  # character offsets in the cleaned text
    cend: int
    type: str
    id: str
    source: str


@dataclass(frozen=True)
class _Words:
    """The word lists of ``data/lexicon.tsv`` the rules below use."""

    org_heads: frozenset[str]
    org_connectors: frozenset[str]
    not_org_start: frozenset[str]
    not_names: frozenset[str]
    not_org: frozenset[str]
    org_generic: frozenset[str]
    geo_before: frozenset[str]
    geo_after: frozenset[str]
    particles: frozenset[str]
    titles: re.Pattern
    person_stop: re.Pattern


@lru_cache(maxsize=1)
def _words() -> _Words:
    w = refdata.words
    titles = "|".join(r"\s+".join(map(re.escape, t.split())) for t in w("title"))
    return _Words(
        frozenset(w("org-head")), frozenset(w("org-connector")), frozenset(w("not-org-start")),
        frozenset(w("not-name")), frozenset(w("not-org")), frozenset(w("org-generic")), frozenset(w("geo-before")), frozenset(w("geo-after")),
        frozenset(w("name-particle")),
        re.compile(rf"^(?:(?:{titles})\s+)+"),
        re.compile(r"\b(" + "|".join(map(re.escape, w("person-stop"))) + r")\b"),
    )


def candidates(doc: Doc, source: SourceDocument, local: dict) -> list[Cand]:
    """Every span the pipeline proposes (citations, definitions, reference names, the
    statistical NER cleaned, signatories, sanctions committees), none of the model's or the
    title rule's inside a thing the document defines. ``local`` gets the labels of
    organizations found only here."""
    cands: list[Cand] = []
    ref = refdata.load()

    def add(span: Span, source_name: str) -> None:
        cands.append(Cand(span.start, span.end, span.start_char, span.end_char, span.label_, span.id_, source_name))

    for span in doc.spans[CITATIONS]:
        add(span, "symbol")
    for span in doc.spans[DEFINED]:
        add(span, "defined")
    for span in doc.spans[NAMES]:
        add(span, "reference")
    lower = persons.lowercase_words(doc.text)
    # what the document defines as a thing ("Passenger Name Record (PNR)"), and its blocks in
    # another language (the model reads "Prie le Secrétaire" as a person), hold no name the
    # model or the title rule may find
    things = [(sp.start_char, sp.end_char) for sp in doc.spans[THINGS]] if THINGS in doc.spans else []
    in_thing = _overlap_test(things + foreign_blocks(source.text))

    for span in doc.ents:
        cleaned = clean_ner(span, lower)
        if cleaned is None or in_thing(cleaned[2].start_char, cleaned[2].end_char):
            continue
        type_, name, sub = cleaned
        cands.append(Cand(sub.start, sub.end, sub.start_char, sub.end_char, type_, name, "ner"))
        if type_ == ORGANIZATION and name not in local:
            local[name] = (ORGANIZATION, name, ())
    listed = [(sp.start_char, sp.end_char) for sp in doc.spans[NAMES] if sp.label_ == INSTRUMENT]
    for s, e, name in instrument_names(source.text):
        if any(ls < e and s < le for ls, le in listed):
            continue  # the reference data names it (or part of it): its entry decides
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is not None:
            cands.append(Cand(span.start, span.end, span.start_char, span.end_char, INSTRUMENT, name, "pattern"))
            local.setdefault(name, (INSTRUMENT, name, ()))
    for s, e, name in persons.titled_names(source.text, _words().not_names):
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is not None and not in_thing(s, e) and persons.plausible(name, lower, titled=True):
            cands.append(Cand(span.start, span.end, span.start_char, span.end_char, PERSON, name, "title"))
    for offset, name in signatures(source.text):
        span = doc.char_span(offset, offset + len(name), alignment_mode="expand")
        if span is not None and looks_like_person(name):
            cands.append(Cand(span.start, span.end, span.start_char, span.end_char, PERSON, name, "defined"))
    for m in _COMMITTEE.finditer(source.text):
        # "the Committee pursuant to resolution 2713 (2023)": the reference entity it names (it
        # may have been renamed: the 751 Committee is now the 2713 Committee), else its own
        known = lookup(f"{m.group(1)} Committee")
        ident = known.id if known is not None and known.type == ORGANIZATION else f"{m.group(1)} Committee"
        name = _TRAILING_CONNECTORS.sub("", m.group(0))
        if ref.get(ORGANIZATION, ident) is None:
            local.setdefault(ident, (ORGANIZATION, " ".join(name.split()), ()))
        span = doc.char_span(m.start(), m.start() + len(name), alignment_mode="contract")
        if span is not None:
            cands.append(Cand(span.start, span.end, span.start_char, span.end_char, ORGANIZATION, ident, "defined"))
    for m in _PANEL.finditer(source.text):
        # "the Panel of Experts established pursuant to resolution 2653 (2022)": named by its resolution
        kind, number, year = " ".join(m.group(1).split()), m.group(2), m.group(3)
        ident = f"{kind} established pursuant to resolution {number} ({year})"
        local.setdefault(ident, (ORGANIZATION, ident, ()))
        span = doc.char_span(m.start(1), m.end(), alignment_mode="contract")
        if span is not None:
            cands.append(Cand(span.start, span.end, span.start_char, span.end_char, ORGANIZATION, ident, "defined"))
    return cands


def _overlap_test(ranges: list[tuple[int, int]]):
    """A test of whether (start, end) overlaps one of ``ranges``: by bisection over the ranges
    merged into disjoint ones (a long document has thousands of names and of blocks)."""
    merged: list[list[int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [s for s, _ in merged]

    def overlaps(s: int, e: int) -> bool:
        k = bisect_right(starts, e - 1) - 1  # the last range starting before e
        return k >= 0 and merged[k][1] > s

    return overlaps


_PANEL = re.compile(r"\b(Panel of Experts|Group of Experts|Monitoring Team|Monitoring Group|Monitoring Mechanism)\s+"
                    r"(?:established |appointed |created )?(?:pursuant to|under|by)\s+(?:paragraph\s+\d+\s+of\s+)?resolution\s+"
                    r"(\d{3,4})\s*\((\d{4})\)")
#: "the Committee", "the Panel", "the Mission": a body the document names in full elsewhere
_SHORT_FORM = re.compile(r"\b[Tt]he\s+(Committee|Panel of Experts|Panel|Group of Experts|Monitoring Team|Mission|Working Group|"
                         r"Commission|Force|Office)\b(?!\s+(?:of|on|for|established|pursuant)\b)")


def short_forms(doc: Doc, source: SourceDocument, chosen: list[Cand]) -> list[Cand]:
    """Mentions of "the Committee" or "the Panel" where the document names exactly one body of
    that kind in full: the spec leaves out "the Committee" with no name in the document, and
    counts it as the body the document names."""
    orgs = [c for c in chosen if c.type == ORGANIZATION]
    covered = sorted((c.cstart, c.cend) for c in chosen)
    starts = [a for a, _ in covered]
    out = []
    ref = refdata.load()
    for m in _SHORT_FORM.finditer(source.text):
        head = m.group(1).split()[0]
        bodies = {c.id for c in orgs if head in _names_of(c, ref)}
        if len(bodies) != 1:
            continue
        k = bisect_right(starts, m.start(1)) - 1
        if k >= 0 and covered[k][1] > m.start(1):
            continue  # part of a name already
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is not None:
            out.append(Cand(span.start, span.end, span.start_char, span.end_char, ORGANIZATION, bodies.pop(), "defined"))
    return out


def _names_of(c: Cand, ref) -> str:
    known = ref.get(ORGANIZATION, c.id)
    return " ".join([c.id, *((known.label or "", *known.aliases) if known else ())])


# "Committee established pursuant to resolutions 1267 (1999) and 1989 (2011) concerning ISIL
# (Da'esh), Al-Qaida": the first resolution names it; then the others, and what it concerns
_MORE_RESOLUTIONS = r"(?:\s?\(\d{4}\))?(?:(?:,\s*|,?\s+and\s+)\d{3,4}(?:\s?\(\d{4}\))?)*"
_NAME_RUN = r"(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+(?:\([A-Z][\w'’\-]*\)|and|of|the|[A-Z][\w'’.\-]*))*"
_TRAILING_CONNECTORS = re.compile(r"(?:\s+(?:and|of|the))+$")
_COMMITTEE = re.compile(rf"\bCommittee (?:established )?pursuant to (?:paragraph \d+ of )?resolutions? (\d{{3,4}})"
                        rf"{_MORE_RESOLUTIONS}(?:\s+concerning\s+{_NAME_RUN}(?:,\s*{_NAME_RUN})*)?")


@lru_cache(maxsize=1)
def _title_run() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A run of capitalised words with the small words of titles between them, and the heads
    that make such a run an instrument's name or a body's."""
    word = r"[A-Z][\w’'\-]*"
    small = r"(?:of|the|on|to|for|against|in|de|du)"
    run = re.compile(rf"(?<![\w’'\-])(?:{word}|\d{{4}})(?:[^\S\n]+(?:(?:{small}[^\S\n]+)*{word}|\d{{4}}))*")
    heads = refdata.words("instrument-head")
    instrument = re.compile(r"\b(" + "|".join(r"\s+".join(map(re.escape, h.split())) for h in heads) + r")\b")
    body = re.compile(r"\b(" + "|".join(map(re.escape, refdata.words("org-head"))) + r")\b")
    return run, instrument, body


def instrument_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of titles of instruments the reference data may lack: a capitalised
    run whose first phrase holds an instrument's head ("Tripoli Action Plan", "Optional Protocol
    to the Convention on the Rights of the Child"), that says which instrument it is (not only
    "Optional Protocol" or "Peace Agreement"), and that does not go on past where it can be read
    ("... on Mainstreaming a Gender Perspective")."""
    run, instrument, _ = _title_run()
    generic = set(refdata.words("instrument-generic")) | {w for h in refdata.words("instrument-head") for w in h.split()}
    out = []
    for m in run.finditer(text):
        name = m.group(0)
        first = re.split(r"\s(?:of|to|on|for|against|in)\s", name, maxsplit=1)[0]
        head = instrument.search(name)
        if head is None or head.start() > len(first):
            continue  # no instrument head in its first phrase ("Chapter VIII of the Charter")
        words = [w for w in name.split() if w[:1].isupper()]
        if len(words) < 2 or all(w in generic for w in words) or words[0] in ("The", "A", "An", "This", "Its", "Their"):
            continue
        if m.start() == 0 or text[max(0, m.start() - 2): m.start()].strip() in ("", ".", ":", ";"):
            continue  # the first words of a line or sentence may be capitalised for that reason only
        if re.match(r"[^\S\n]+(?:a|an|and)[^\S\n]+[A-Z]", text[m.end(): m.end() + 8]):
            continue  # the title goes on: where it ends cannot be read from its words
        out.append((m.start(), m.end(), name))
    return out


def clean_ner(span: Span, lower=None) -> tuple[str, str, Span] | None:
    """A model entity, cleaned: no leading "the", no trailing punctuation, no line breaks, no
    headings or numbering. Returns (type, id, span) or None to drop it."""
    if span.label_ not in ("ORG", "PERSON"):
        return None
    words_ = _words()
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space):
        start += 1
    for i in range(start, end):  # "Shanghai Cooperation Organization (SCO": the name ends before "("
        if doc[i].text in ("(", "[", "\u201c", '"'):
            end = i
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= start:
        return None
    sub = doc[start:end]
    text = sub.text
    if "\n" in text or re.search(r"\d", text) or text in words_.not_names:
        return None
    if re.match(r"^[IVX]+\.\s", text) or text.isupper() and len(text.split()) > 1:
        return None
    if span.label_ == "ORG":
        return _clean_org(sub, words_)
    bare = re.sub(r"[’']s$", "", words_.titles.sub("", text).strip())
    name = " ".join(bare.split())
    titled = bare != text
    if not looks_like_person(name) or (lower is not None and not persons.plausible(name, lower, titled=titled)):
        return None
    if not titled and not persons.in_context(sub):
        return None
    offset = text.index(bare)
    sub2 = doc.char_span(sub.start_char + offset, sub.start_char + offset + len(bare), alignment_mode="contract")
    if sub2 is None:
        return None
    return PERSON, name, sub2


def _clean_org(sub: Span, words_: _Words) -> tuple[str, str, Span] | None:
    words = sub.text.split()
    if len(words) < 2 or not any(w in words_.org_heads for w in words):
        return None
    if any(w[0].islower() and w not in words_.org_connectors for w in words):
        return None
    if words[0] in words_.not_org_start:
        return None
    name = " ".join(words)  # "Security  Council" in PDF text is still the Security Council
    known = _reference_forms().get(name.lower())
    if known is not None:
        return known.type, known.id, sub
    if not _whole_org_name(sub, words, words_):
        return None
    return ORGANIZATION, name, sub


def _whole_org_name(sub: Span, words: list[str], words_: _Words) -> bool:
    """Whether a name the model finds (and the reference data lacks) is a whole name of an
    organization of the facts format: not cut short ("Committee on the", "African Court of
    Human" before "and Peoples' Rights"), not a national body ("National Intelligence Agency",
    "Libyan Central Bank"), a company or a text ("Council Regulation"), nor a clause that opens
    with a verb ("Commending the Commission")."""
    if words[-1] in words_.org_connectors:
        return False
    if all(w in words_.org_heads or w in words_.org_generic or w in words_.org_connectors for w in words):
        return False  # "Panel of Experts", "Working Group": a kind of body (see short_forms)
    doc = sub.doc
    nxt = [t for t in doc[sub.end: sub.end + 2] if not t.is_space]
    if nxt and (nxt[0].text in ("’s", "'s", "’", "'") or (nxt[0].lower_ == "and" and len(nxt) > 1 and nxt[1].text[:1].isupper())):
        return False
    if any(w.strip(",.") in words_.not_org or w in refdata.load().adjectives for w in words):
        return False
    return not words[0].endswith("ing")


@lru_cache(maxsize=1)
def _reference_forms() -> dict[str, EntityRef]:
    """Lower-cased written forms of reference entities, so that a name the statistical model
    finds is merged with the reference entity it spells."""
    return {form.lower(): ref for form, ref in refdata.load().surface_forms() if len(form) > 4}


def looks_like_person(name: str) -> bool:
    words_ = _words()
    words = name.split()
    if not 2 <= len(words) <= 5 or words_.person_stop.search(name):
        return False
    return all(w[0].isupper() or w.lower() in words_.particles or w.startswith(("al-", "el-")) for w in words)


def resolve(cands: list[Cand], doc: Doc, own_symbol: str | None) -> list[Cand]:
    """Longest span first; a nested span survives only where the rules say it names something.
    A citation of the document's own symbol is not a citation."""
    # Rules and reference names first, longest first; the statistical model only fills gaps.
    ordered = sorted(cands, key=lambda c: (c.source == "ner", -(c.cend - c.cstart), -SOURCE_PRIORITY.get(c.source, 0),
                                           c.cstart, c.type, c.id))
    chosen: list[Cand] = []
    taken: set[tuple[int, int]] = set()
    # The chosen spans covering each token: overlap tests look only at a candidate's own
    # tokens, so resolving stays linear in the length of the document.
    cover: list[list[Cand]] = [[] for _ in range(len(doc) + 1)]

    def overlapping(c: Cand) -> list[Cand]:
        seen: dict[int, Cand] = {}
        for i in range(c.start, max(c.end, c.start + 1)):
            for o in cover[i]:
                seen.setdefault(id(o), o)
        return [o for o in seen.values() if not (o.cend <= c.cstart or c.cend <= o.cstart)]

    for c in ordered:
        if (c.cstart, c.cend) in taken:
            continue  # the same text already names something of higher rank
        near = overlapping(c)
        if c.source == "ner" and near:
            continue
        if c.type == STATE and _is_place_name(doc, c):
            continue
        keep = all(o.cstart <= c.cstart and c.cend <= o.cend and _counts_inside(c, o, doc.text) for o in near)
        if keep:
            chosen.append(c)
            taken.add((c.cstart, c.cend))
            for i in range(c.start, max(c.end, c.start + 1)):
                cover[i].append(c)
    own = compare_key(own_symbol) if own_symbol else None
    return [c for c in chosen if not (c.type in CITED and compare_key(c.id) == own)]


def _counts_inside(inner: Cand, outer: Cand, text: str) -> bool:
    """Whether a name nested in another (crossing spans never count) still names something: a
    State or body inside a body's name does (Afghanistan in UNAMA's, the African Union in the
    AU Peace and Security Council's), unless the name only marks a place or a namesake: a State
    in an armed group's name ("Islamic State in Iraq and the Levant"), a body named by one plain
    word inside another's name ("Commonwealth" in "Commonwealth of Independent States",
    "Quartet" in "Libya Quartet")."""
    if inner.type in CITED:
        return outer.type == ORGANIZATION  # "Committee established pursuant to resolution 1267 (1999)"
    if outer.type != ORGANIZATION and not (inner.type == ORGANIZATION and outer.type == INSTRUMENT):
        return False
    if inner.type == STATE:
        known = refdata.load().get(ORGANIZATION, outer.id)
        return not (known is not None and known.kind == "armed-group")
    if inner.type == ORGANIZATION:
        word = text[inner.cstart:inner.cend]
        return not (" " not in word and "-" not in word and not word.isupper())
    return False


def _is_place_name(doc: Doc, c: Cand) -> bool:
    w = _words()
    before = doc[c.start - 1].text if c.start > 0 else ""
    after = doc[c.end].text if c.end < len(doc) else ""
    return before in w.geo_before or after in w.geo_after


def theme_spans(doc: Doc, chosen: list[Cand]) -> list[Cand]:
    """The theme spans that count: not inside a name or title, and for each theme the longest
    of those that overlap."""
    names = sorted((c.cstart, c.cend) for c in chosen if c.type in (ORGANIZATION, INSTRUMENT, DOCUMENT, RESOLUTION))
    starts = [s for s, _ in names]
    reach = list(accumulate((e for _, e in names), max))  # the furthest end of the names so far
    themes = []
    for span in doc.spans[THEMES]:
        cs, ce = span.start_char, span.end_char
        k = bisect_right(starts, cs) - 1  # the names that start at or before the theme
        if k >= 0 and reach[k] >= ce:
            continue  # a theme word inside a name or title does not count
        themes.append(Cand(span.start, span.end, cs, ce, THEME, span.id_, "theme"))
    return _longest_per_theme_overlap(themes)


def _longest_per_theme_overlap(themes: list[Cand]) -> list[Cand]:
    """Drop a theme span inside a longer span of the same theme. In order of start, a span is
    inside a kept one exactly when some kept span of its theme reaches as far."""
    out = []
    reach: dict[str, int] = {}
    for c in sorted(themes, key=lambda c: (c.cstart, -(c.cend - c.cstart))):
        if reach.get(c.id, -1) >= c.cend:
            continue
        out.append(c)
        reach[c.id] = max(reach.get(c.id, -1), c.cend)
    return out


def entity(eref: EntityRef, ref: refdata.Reference, local: dict) -> Entity:
    """The entity a resolved span names: the reference entity, else one of this document."""
    known = ref.entities.get(eref)
    if known is not None:
        return known.copy(local=False)
    if eref.type in CITED:
        return Entity(eref.type, eref.id, eref.id)
    if eref.id in local:
        type_, label, aliases = local[eref.id]
        return Entity(eref.type, eref.id, label, tuple(a for a in aliases if a != eref.id), local=True)
    return Entity(eref.type, eref.id, eref.id, local=True)
