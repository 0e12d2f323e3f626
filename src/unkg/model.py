"""The plain dataclasses that flow between stages: ingest -> nlp -> extract -> rdf -> store.

Offsets are character offsets into the original file's decoded text (``SourceDocument.raw``),
so that ``raw[start:end] == quote`` for every mention, sentence and paragraph.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Callable

from .registry import type_names

ENTITY_TYPES = type_names()


#: The rule (``Mention.source``) of a representative named on a meeting record's cover page: a
#: list of who sat at the table, not sentences that name them together (no co-mentions).
COVER_PAGE = "cover-page"


@dataclass(frozen=True)
class DocumentMeta:
    symbol: str | None = None
    date: str | None = None  # ISO 8601 date
    kind: str | None = None  # letter, concept note, resolution, presidential statement, ...
    title: str | None = None


@dataclass
class SourceDocument:
    """A file as read by ingest: the original text, the cleaned text handed to NLP, and the
    map from every cleaned character back to the original."""

    path: str
    name: str
    raw: str
    text: str
    positions: "object"  # numpy int array: positions[i] = offset in raw of text[i]; one extra sentinel
    encoding: str
    sha256: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    warnings: list[str] = field(default_factory=list)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the span of ``raw`` it came from."""
        if end <= start:
            pos = int(self.positions[start])
            return pos, pos
        return int(self.positions[start]), int(self.positions[end - 1]) + 1


@dataclass(frozen=True)
class EntityRef:
    """A canonical entity: its type and id as in the facts format."""

    type: str
    id: str


@dataclass
class Entity:
    type: str
    id: str
    label: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    parent: str | None = None
    local: bool = False  # found in this document only, not in the reference data
    identifiers: dict[str, str] = field(default_factory=dict)  # iso3, wikidata, ...

    @property
    def ref(self) -> EntityRef:
        return EntityRef(self.type, self.id)

    def copy(self, **changes) -> "Entity":
        """An independent copy (its identifiers too), with ``changes`` applied."""
        return replace(self, identifiers=dict(self.identifiers), **changes)


@dataclass(frozen=True)
class Mention:
    entity: EntityRef
    start: int  # offsets into SourceDocument.raw
    end: int
    quote: str  # raw[start:end]
    text: str  # the cleaned surface form
    sentence: int  # index into Extraction.sentences
    source: str  # which rule found it: reference, symbol, acronym, ner, theme, ...


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int | None = None


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    number: str | None  # "1", "3 (f)", None for unnumbered
    role: str  # preambular, operative, body, heading
    parent: int | None = None  # the paragraph a sub-paragraph ("(a) ...") belongs to
    cstart: int = 0  # offsets in the cleaned text (SourceDocument.text), for the rules
    cend: int = 0


def paragraph_finder(paragraphs: list[Paragraph]) -> Callable[[int], int | None]:
    """A lookup from a raw offset to the index of the paragraph holding it (bisect: long
    documents have thousands of paragraphs and sentences)."""
    spans = sorted((p.start, p.end, p.index) for p in paragraphs)
    starts = [s for s, _, _ in spans]

    def find(offset: int) -> int | None:
        k = bisect_right(starts, offset) - 1
        if k >= 0 and spans[k][0] <= offset < spans[k][1]:
            return spans[k][2]
        return None

    return find


@dataclass(frozen=True)
class Relation:
    subject: str  # an entity id, or "$doc"
    predicate: str
    object: str
    subject_type: str | None = None
    object_type: str | None = None
    sentence: int | None = None
    paragraph: int | None = None
    rule: str = ""


@dataclass(frozen=True)
class Act:
    """What the Council does in a paragraph: the verb as written ("Decides", "calls upon"), its
    concept in the scheme of Council acts (``data/acts.tsv``), and for an act that asks someone
    to do something, whom (an entity, or a group such as "Member States") and by when."""

    index: int
    paragraph: int
    start: int  # offsets into SourceDocument.raw of the verb as written
    end: int
    text: str
    notation: str
    main: bool  # the act that opens its paragraph
    sentence: int | None = None
    addressee: tuple[str, str] | None = None  # (entity type, id), or ("Group", id)
    deadline: str | None = None  # ISO date (or year-month)
    within: str | None = None  # ISO 8601 duration from adoption
    every: str | None = None  # ISO 8601 duration of a reporting cycle


@dataclass(frozen=True)
class MandateEvent:
    """A mandate established, extended, renewed, adjusted or terminated, and the interval it
    sets."""

    index: int
    paragraph: int
    body: tuple[str, str] | None  # (entity type, id), or ("Body", name) when unnamed
    event: str  # establish | extend | renew | adjust | terminate
    start: int
    end: int
    until: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class CouncilActs:
    """The Council's acts in one resolution or presidential statement."""

    acts: list[Act] = field(default_factory=list)
    mandates: list[MandateEvent] = field(default_factory=list)
    chapter7: bool = False
    chapter7_paragraphs: frozenset[int] = frozenset()
    articles: dict[int, tuple[str, ...]] = field(default_factory=dict)  # paragraph -> Charter articles acted under


@dataclass
class Extraction:
    """Everything extract learned about one document."""

    document: SourceDocument
    sentences: list[Sentence]
    paragraphs: list[Paragraph]
    entities: dict[EntityRef, Entity]
    mentions: list[Mention]
    relations: list[Relation]
    council: CouncilActs = field(default_factory=CouncilActs)
    debate: "Debate | None" = None  # meeting records (and letters announcing a meeting)


# ---------------------------------------------------------------------------------------------
# Meeting records: the meeting, its speeches and outcomes (extract.debates)

#: A group of States that is not an entity: one a speech is made for ("the African members of
#: the Security Council"), or one the Council asks to act ("Member States", "the parties").
GROUP = "Group"


@dataclass(frozen=True)
class Speech:
    """One intervention of a meeting record: from its speaker heading to the next heading (or
    the end of the proceedings). Offsets into ``SourceDocument.raw``."""

    order: int  # 1-based, in the record's order
    start: int
    end: int
    heading: str  # as written, language note and colon removed, white space collapsed
    role: str  # president, member, non-member, briefer, secretary-general
    speaker: str | None = None  # a Person id
    for_type: str | None = None  # an entity type, or GROUP
    for_id: str | None = None
    delegation: str | None = None  # the speaker's State, when the speech is for a group or body
    language: str | None = None  # "(spoke in Russian)"
    capacity: str | None = None  # "national": the President speaking for the presiding State
    name_start: int | None = None  # the speaker's name in the heading, if it has one
    name_end: int | None = None


@dataclass(frozen=True)
class Outcome:
    """What a meeting adopted (or failed to adopt), with the recorded vote if there was one."""

    kind: str  # resolution | presidential statement
    document: str  # the act (S/RES/2505 (2020), S/PRST/2020/1); for a draft not adopted, the draft
    decision: str  # unanimous | vote | consensus | rejected
    start: int  # raw offsets of the words that state it
    end: int
    draft: str | None = None
    in_favour: tuple[str, ...] = ()  # State ids
    against: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meeting:
    """The meeting a record is of, from its cover page and its proceedings."""

    number: int
    date: str | None = None
    time: str | None = None  # as on the cover page: "10 a.m."
    agenda: str | None = None
    president_state: str | None = None
    presidents: tuple[str, ...] = ()  # Person ids, in cover-page order ("Mr. Pham Binh Minh/Mr. Dang")
    members: tuple[str, ...] = ()  # State ids: the presiding State, then the cover page's list
    representatives: tuple[tuple[str, str, int, int], ...] = ()  # (State id, Person id, raw start, end)
    documents: tuple[str, ...] = ()  # symbols of the documents before the Council
    outcomes: tuple[Outcome, ...] = ()


@dataclass
class Debate:
    """What ``extract.debates`` learned: the meeting and speeches of a meeting record, and the
    dates of meetings a letter or concept note announces."""

    meeting: Meeting | None = None
    speeches: list[Speech] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # Group id -> label
    announced: tuple[str, ...] = ()  # ISO dates
