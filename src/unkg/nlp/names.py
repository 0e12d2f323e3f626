"""Names of the reference data, the Council's short forms, and names a document defines itself.

``unkg_names`` matches every written form of every reference entity with two SpanRulers (exact
forms; and, for names of several words, case-insensitively, since titles and headings change
case), plus "the Council" (the Security Council), "the Charter" and "Secretary-General".
``unkg_definitions`` finds "Collective Security Treaty Organization (CSTO)": the name is a
reference entity, or a new one of this document, and every later use of the acronym names it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline.span_ruler import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import registry as spacy_registry

from .. import refdata
from ..model import EntityRef
from ..names import normalise_name
from ..registry import INSTRUMENT, ORGANIZATION
from ..settings import COMPONENTS

NAMES = "unkg_names"
DEFINED = "unkg_defined"
#: what a document defines that names no entity ("Passenger Name Record (PNR)"): no other rule
#: may find an entity there
THINGS = "unkg_things"

if not Doc.has_extension("unkg_local"):
    # Labels and aliases of entities found only in this document: id -> (type, label, aliases).
    Doc.set_extension("unkg_local", default=None)


@spacy_registry.misc("unkg.new_spans.v1")
def new_spans():
    """A SpanRuler filter that adds only spans not already in the group (a second ruler writing
    the same group finds many of the first one's spans again)."""

    def keep_new(existing, found):
        have = {(s.start, s.end, s.label, s.id) for s in existing}
        return [s for s in found if (s.start, s.end, s.label, s.id) not in have]

    return keep_new


def _ruler(nlp: Language, name: str, attr: str, patterns: list[dict], overwrite: bool) -> SpanRuler:
    ruler = SpanRuler(nlp, name, spans_key=NAMES, phrase_matcher_attr=attr, overwrite=overwrite,
                      spans_filter=None if overwrite else new_spans())
    with nlp.select_pipes(enable=[]):  # ORTH and LOWER patterns need only the tokenizer
        ruler.add_patterns(patterns)
    return ruler


@Language.factory("unkg_names", assigns=["doc.spans"], default_config=COMPONENTS["unkg_names"])
def make_names(nlp: Language, name: str, fold_min_tokens: int) -> "ReferenceNames":
    return ReferenceNames(nlp, name, fold_min_tokens=fold_min_tokens)


class ReferenceNames:
    """``doc.spans["unkg_names"]``: reference names (label: entity type, ``id_``: entity id)."""

    def __init__(self, nlp: Language, name: str, *, fold_min_tokens: int) -> None:
        forms = refdata.load().surface_forms()
        patterns = [{"label": eref.type, "id": eref.id, "pattern": form} for form, eref in forms]
        long_ones = [p for p, d in zip(patterns, nlp.tokenizer.pipe(f for f, _ in forms)) if len(d) >= fold_min_tokens]
        self.exact = _ruler(nlp, f"{name}_exact", "ORTH", patterns, overwrite=True)
        self.folded = _ruler(nlp, f"{name}_folded", "LOWER", long_ones, overwrite=False)
        self.short = Matcher(nlp.vocab)
        # "the Council" is the Security Council; "the Charter" the Charter of the United Nations.
        self.short.add("Security Council", [[{"LOWER": {"IN": ["the", "this", "its"]}}, {"ORTH": "Council"}]])
        self.short.add("Charter of the United Nations", [[{"LOWER": {"IN": ["the", "its"]}}, {"ORTH": "Charter"}]])
        self.short.add("Secretary-General", [[{"ORTH": "Secretary"}, {"ORTH": "-"}, {"ORTH": "General"}]])

    def __call__(self, doc: Doc) -> Doc:
        doc = self.folded(self.exact(doc))
        spans = list(doc.spans[NAMES])
        seen = {(s.start, s.end, s.id_) for s in spans}
        for key, start, end in self.short(doc):
            ident = doc.vocab.strings[key]
            label = INSTRUMENT if ident.startswith("Charter") else ORGANIZATION
            nxt = doc[end].text if end < len(doc) else ""
            if ident == "Secretary-General":
                s, e = start, end
            else:
                if nxt in ("of", "’s") and ident == "Security Council" and end + 1 < len(doc) and doc[end + 1].text != "’s":
                    continue  # "the Council of the League of Arab States"
                s, e = start + 1, end
            if (s, e, ident) not in seen:
                seen.add((s, e, ident))
                spans.append(Span(doc, s, e, label=label, span_id=ident))
        doc.spans[NAMES] = spans
        return doc


@lru_cache(maxsize=1)
def _reference_lookup() -> dict[str, EntityRef]:
    """Reference entities by the normalised form of each of their names (the first wins)."""
    by_form: dict[str, EntityRef] = {}
    for form, eref in refdata.load().surface_forms():
        by_form.setdefault(normalise_name(form), eref)
    return by_form


def lookup(form: str) -> EntityRef | None:
    return _reference_lookup().get(normalise_name(form))


# --------------------------------------------------------------------------------------------
# Names a document defines


@lru_cache(maxsize=1)
def _definition_patterns() -> tuple[re.Pattern, frozenset[str], re.Pattern]:
    small = refdata.words("definition-connector")
    word = r"[A-Z][\w’'.\-]*|" + "|".join(map(re.escape, small))
    definition = re.compile(rf"((?:(?:{word})\s+){{1,12}}[A-Z][\w’'\-]*)\s+\(([A-Z][A-Za-z0-9\-]{{1,11}})\)")
    heads = refdata.words("instrument-head")
    instrument = re.compile(r"\b(" + "|".join(r"\s+".join(map(re.escape, h.split())) for h in heads) + r")\b")
    return definition, frozenset(small), instrument


@lru_cache(maxsize=1)
def _body_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in refdata.words("org-head"))


def names_a_body(name: str) -> bool:
    """Whether a defined name the reference data lacks is a body's: one of its words (in any
    case, singular or plural) is an organization's head ("Libyan Political Dialogue Forum",
    "Lebanese Armed Forces"), not a thing or an activity ("Advance Passenger Information",
    "Security Sector Reform", "Fuel Enrichment Plant")."""
    heads = _body_heads()
    return any(w in heads or w.removesuffix("s") in heads for w in re.findall(r"[a-z]+", name.lower()))


def _initials_match(words: list[str], acronym: str) -> bool:
    """True when the acronym's letters are the initials of the name's words, in order (loosely:
    small words may be skipped, and a word may give two letters as in 'CoSP')."""
    initials = "".join(w[0] for w in words if w and w[0].isupper()).upper()
    letters = re.sub(r"[^A-Za-z]", "", acronym).upper()
    if not letters:
        return False
    it = iter(initials)
    in_order = all(ch in it for ch in letters)
    return in_order and letters[0] == initials[:1]


def find_definitions(text: str) -> list[tuple[int, int, str, int, int, str]]:
    """(name_start, name_end, name, acronym_start, acronym_end, acronym) for "Long Name (ACR)"."""
    definition, small, _ = _definition_patterns()
    out = []
    for m in definition.finditer(text):
        words = m.group(1).split()
        acronym = m.group(2)
        # The name is the shortest suffix of the capitalised run whose initials give the acronym.
        for k in range(len(words) - 1, -1, -1):
            cand = words[k:]
            if cand[0].lower() in small:
                continue
            if _initials_match(cand, acronym):
                name = " ".join(cand)
                start = m.start(1) + m.group(1).rindex(name) if name in m.group(1) else m.start(1)
                out.append((start, start + len(name), name, m.start(2), m.end(2), acronym))
                break
    return out


@Language.factory("unkg_definitions", assigns=["doc.spans", "doc._.unkg_local"])
def make_definitions(nlp: Language, name: str) -> "Definitions":
    return Definitions(nlp)


class Definitions:
    """``doc.spans["unkg_defined"]``: each "Long Name (ACR)" a document writes, both halves, and
    every later use of an acronym that no reference entity has; ``doc._.unkg_local`` their
    labels."""

    def __init__(self, nlp: Language) -> None:
        self.tokenizer = nlp.tokenizer

    def __call__(self, doc: Doc) -> Doc:
        _, _, instrument = _definition_patterns()
        local: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        defined: list[Span] = []
        things: list[tuple[int, int, str]] = []
        new: list[tuple[str, str, str, set]] = []  # acronym, type, id, the spans defined so far
        for ns, ne, name, as_, ae, acronym in find_definitions(doc.text):
            eref = lookup(name) or lookup(acronym)
            is_new = eref is None
            if is_new:
                type_ = INSTRUMENT if instrument.search(name) else ORGANIZATION
                if type_ == ORGANIZATION and not names_a_body(name):
                    things.append((ns, ne, acronym))
                    continue
                ident = acronym if type_ == ORGANIZATION else name
                local[ident] = (type_, name, (acronym,) if type_ == INSTRUMENT else ())
                eref = EntityRef(type_, ident)
            for s, e in ((ns, ne), (as_, ae)):
                span = doc.char_span(s, e, label=eref.type, span_id=eref.id, alignment_mode="expand")
                if span is not None:
                    defined.append(span)
            if is_new:
                new.append((acronym, eref.type, eref.id, len(defined)))
        # Every later use of an acronym defined here names what its definition names: one
        # matcher for the acronyms of new entities and of things alike.
        uses = self._uses(doc, [a for a, _, _, _ in new] + [a for _, _, a in things])
        extra: list[Span] = []
        for acronym, type_, ident, n_defined in new:
            have = {(d.start, d.end) for d in defined[:n_defined]} | {(d.start, d.end) for d in extra}
            extra += [Span(doc, s, e, label=type_, span_id=ident) for s, e in uses.get(acronym, ()) if (s, e) not in have]
        defined += extra
        doc._.unkg_local = local
        doc.spans[DEFINED] = defined
        named = [sp for s, e, _ in things if (sp := doc.char_span(s, e, alignment_mode="expand")) is not None]
        doc.spans[THINGS] = named + [Span(doc, s, e) for a in dict.fromkeys(a for _, _, a in things) for s, e in uses.get(a, ())]
        return doc

    def _uses(self, doc: Doc, acronyms: list[str]) -> dict[str, list[tuple[int, int]]]:
        """The token ranges of each acronym in the document."""
        uses: dict[str, list[tuple[int, int]]] = {}
        if acronyms:
            pm = PhraseMatcher(doc.vocab, attr="ORTH")
            for acronym in dict.fromkeys(acronyms):
                pm.add(acronym, [self.tokenizer(acronym)])
            for key, s, e in pm(doc):
                uses.setdefault(doc.vocab.strings[key], []).append((s, e))
        return uses
