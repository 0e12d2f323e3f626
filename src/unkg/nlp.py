"""The spaCy pipeline: a trained English model plus unkg's rule components.

Components (registered factories, addressed by name, in pipeline order):

- ``unkg_line_breaks`` (before the parser): a line break ends a sentence. Council texts put
  every paragraph, heading and list item on its own line, often without final punctuation.
- ``unkg_citations``: resolutions and document symbols (``symbols.find_citations``).
- ``unkg_gazetteer``: States, organizations and instruments of the reference data, plus "the
  Council" and "the Charter", plus names a document defines itself ("... Organization (CSTO)").
- ``unkg_themes``: the theme vocabulary, matched on lower-cased words and on lemmas.

Each writes a span group (``doc.spans[...]``) whose spans carry the entity type as label and the
canonical id as ``kb_id_``. Choosing among overlapping spans is extract's job, not the
pipeline's, so that the groups stay inspectable.
"""

from __future__ import annotations

import logging
import re
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from . import refdata
from .errors import ModelNotFound
from .settings import configured_models
from .symbols import find_citations

log = logging.getLogger(__name__)

CITATIONS = "unkg_citations"
NAMES = "unkg_names"
THEMES = "unkg_themes"
DEFINED = "unkg_defined"

if not Doc.has_extension("unkg_local"):
    # Labels and aliases of entities found only in this document: id -> (type, label, aliases).
    Doc.set_extension("unkg_local", default=None)


# --------------------------------------------------------------------------------------------
# Components


@Language.component("unkg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (set before the parser, which respects it)."""
    line_start = True
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or tok.whitespace_.count("\n"):
            doc[i + 1].is_sent_start = True
            line_start = True
            continue
        # "15. Recognizes ...": a paragraph number does not end a sentence of its own
        if line_start and not tok.is_space and re.fullmatch(r"\(?(\d{1,3}|[a-z]|[ivx]+)[.)]?", tok.text):
            nxt = doc[i + 1]
            if nxt.text in (".", ")") and i + 2 < len(doc):
                nxt = doc[i + 2]
            if "\n" not in nxt.text:
                for t in doc[i + 1: nxt.i + 1]:
                    t.is_sent_start = False
        line_start = tok.is_space and line_start
    return doc


def _char_span(doc: Doc, start: int, end: int, label: str, kb_id: str) -> Span | None:
    span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
    return span


@Language.factory("unkg_citations", default_config={})
def make_citations(nlp: Language, name: str) -> "CitationFinder":
    return CitationFinder()


class CitationFinder:
    def __init__(self) -> None:
        self.years = refdata.load().resolution_years

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for c in find_citations(doc.text, self.years):
            span = _char_span(doc, c.start, c.end, c.type, c.id)
            if span is not None:
                spans.append(span)
        doc.spans[CITATIONS] = spans
        return doc


# "Collective Security Treaty Organization (CSTO)": a name a document defines for itself.
_DEFINITION = re.compile(
    r"((?:(?:[A-Z][\w’'.\-]*|of|the|for|on|and|in|against|to|de|du|des|la|le)\s+){1,12}[A-Z][\w’'\-]*)"
    r"\s+\(([A-Z][A-Za-z0-9\-]{1,11})\)"
)
_SMALL = {"of", "the", "for", "on", "and", "in", "against", "to", "de", "du", "des", "la", "le"}
_INSTRUMENT_HEADS = re.compile(
    r"\b(Convention|Protocol|Treaty|Charter|Statute|Strategy|Declaration|Plan of Action|Programme of Action|"
    r"Action Plan|Agreement|Accord|Covenant|Principles|Rules|Guidelines|Recommendations|Agenda|Pact)\b"
)


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
    out = []
    for m in _DEFINITION.finditer(text):
        words = m.group(1).split()
        acronym = m.group(2)
        # The name is the shortest suffix of the capitalised run whose initials give the acronym.
        for k in range(len(words) - 1, -1, -1):
            cand = words[k:]
            if cand[0].lower() in _SMALL:
                continue
            if _initials_match(cand, acronym):
                name = " ".join(cand)
                start = m.start(1) + m.group(1).rindex(name) if name in m.group(1) else m.start(1)
                out.append((start, start + len(name), name, m.start(2), m.end(2), acronym))
                break
    return out


@Language.factory("unkg_gazetteer", default_config={})
def make_gazetteer(nlp: Language, name: str) -> "Gazetteer":
    return Gazetteer(nlp)


class Gazetteer:
    """Reference names (exact, and case-insensitive for names of three words or more), the
    Council/Charter short forms, and acronyms a document defines for itself."""

    def __init__(self, nlp: Language) -> None:
        ref = refdata.load()
        self.ref = ref
        self.tokenizer = nlp.tokenizer
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.index: dict[str, list] = {}
        self.by_form: dict[str, object] = {}
        forms = ref.surface_forms()
        for i, (form, eref) in enumerate(forms):
            key = f"N{i}"
            self.index[key] = eref
            self.by_form.setdefault(_norm(form), eref)
        docs = list(nlp.tokenizer.pipe(f for f, _ in forms))
        for i, d in enumerate(docs):
            self.exact.add(f"N{i}", [d])
            if len(d) >= 3:
                self.folded.add(f"N{i}", [d])
        self.short = Matcher(nlp.vocab)
        # "the Council" is the Security Council; "the Charter" the Charter of the United Nations.
        self.short.add("Security Council", [[{"LOWER": {"IN": ["the", "this", "its"]}}, {"ORTH": "Council"}]])
        self.short.add("Charter of the United Nations", [[{"LOWER": {"IN": ["the", "its"]}}, {"ORTH": "Charter"}]])
        self.short.add("Secretary-General", [[{"ORTH": "Secretary"}, {"ORTH": "-"}, {"ORTH": "General"}]])

    def lookup(self, form: str):
        return self.by_form.get(_norm(form))

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        seen: set[tuple[int, int, str]] = set()
        for matcher in (self.exact, self.folded):
            for key, start, end in matcher(doc):
                eref = self.index[doc.vocab.strings[key]]
                sig = (start, end, eref.id)
                if sig not in seen:
                    seen.add(sig)
                    spans.append(Span(doc, start, end, label=eref.type, kb_id=eref.id))
        for key, start, end in self.short(doc):
            ident = doc.vocab.strings[key]
            label = "Instrument" if ident.startswith("Charter") else "Organization"
            nxt = doc[end].text if end < len(doc) else ""
            if ident == "Secretary-General":
                s, e = start, end
            else:
                if nxt in ("of", "’s") and ident == "Security Council" and end + 1 < len(doc) and doc[end + 1].text != "’s":
                    continue  # "the Council of the League of Arab States"
                s, e = start + 1, end
            sig = (s, e, ident)
            if sig not in seen:
                seen.add(sig)
                spans.append(Span(doc, s, e, label=label, kb_id=ident))
        local: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        defined: list[Span] = []
        for ns, ne, name, as_, ae, acronym in find_definitions(doc.text):
            eref = self.lookup(name) or self.lookup(acronym)
            if eref is None:
                type_ = "Instrument" if _INSTRUMENT_HEADS.search(name) else "Organization"
                ident = acronym if type_ == "Organization" else name
                local[ident] = (type_, name, (acronym,) if type_ == "Instrument" else ())
                eref_type, eref_id = type_, ident
            else:
                eref_type, eref_id = eref.type, eref.id
            for s, e in ((ns, ne), (as_, ae)):
                span = doc.char_span(s, e, label=eref_type, kb_id=eref_id, alignment_mode="expand")
                if span is not None:
                    defined.append(span)
            if eref is None:
                # Every later use of the acronym or the name names the same entity.
                pm = PhraseMatcher(doc.vocab, attr="ORTH")
                pm.add("X", [self.tokenizer(acronym)])
                have = {(d.start, d.end) for d in defined}
                for _, s, e in pm(doc):
                    if (s, e) not in have:
                        defined.append(Span(doc, s, e, label=eref_type, kb_id=eref_id))
        doc._.unkg_local = local
        doc.spans[NAMES] = spans
        doc.spans[DEFINED] = defined
        return doc


def _norm(s: str) -> str:
    s = s.lower().replace("’", "'")
    s = re.sub(r"^the\s+", "", s.strip())
    s = re.sub(r"[^\w\s\-']", "", s)
    return re.sub(r"\s+", " ", s).strip()


@Language.factory("unkg_themes", default_config={"use_lemmas": True})
def make_themes(nlp: Language, name: str, use_lemmas: bool) -> "ThemeMatcher":
    return ThemeMatcher(nlp, use_lemmas=use_lemmas)


class ThemeMatcher:
    """Theme terms matched on lower-cased words; terms of two words or more also on lemmas (so
    "foreign terrorist fighter" finds "foreign terrorist fighters"). One-word terms match the
    word as listed only: "refugees" must not fire on "international refugee law".

    One item of a list counts ("trafficking of arms, persons, drugs and artefacts" names three
    trafficking themes), so the heads of such lists are distributed over their items."""

    def __init__(self, nlp: Language, use_lemmas: bool) -> None:
        self.nlp = nlp
        self.terms = refdata.load().theme_terms
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for i, d in enumerate(nlp.tokenizer.pipe(t for _, t in self.terms)):
            self.lower.add(self.terms[i][0], [d])
        self.use_lemmas = use_lemmas and "lemmatizer" in nlp.pipe_names
        self.lemma: PhraseMatcher | None = None

    def _lemma_matcher(self) -> PhraseMatcher:
        if self.lemma is None:
            self.lemma = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
            keep = {"tok2vec", "tagger", "attribute_ruler", "lemmatizer"}
            disable = [p for p in self.nlp.pipe_names if p not in keep]
            multi = [(theme, term) for theme, term in self.terms if len(term.split()) > 1]
            with self.nlp.select_pipes(disable=disable):
                for (theme, _), d in zip(multi, self.nlp.pipe(t for _, t in multi)):
                    self.lemma.add(theme, [d])
        return self.lemma

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[int, int, str], Span] = {}
        matchers = [self.lower] + ([self._lemma_matcher()] if self.use_lemmas and doc.has_annotation("LEMMA") else [])
        for matcher in matchers:
            for key, start, end in matcher(doc):
                theme = doc.vocab.strings[key]
                found.setdefault((start, end, theme), Span(doc, start, end, label="Theme", kb_id=theme))
        for cs, ce, theme in list_items(doc.text):
            span = doc.char_span(cs, ce, alignment_mode="expand")
            if span is not None:
                found.setdefault((span.start, span.end, theme), Span(doc, span.start, span.end, label="Theme", kb_id=theme))
        doc.spans[THEMES] = [found[k] for k in sorted(found)]
        return doc


# "trafficking of arms, persons, drugs, and artefacts": the head and the item nouns it governs.
_LIST_HEAD = re.compile(r"\b(?:illicit\s+)?(?:trafficking|traffic|smuggling|trade|flows?)\s+(?:in|of)\s+", re.I)
_LIST_ITEMS = {
    "arms": "arms-trafficking", "weapons": "arms-trafficking", "small arms": "arms-trafficking",
    "firearms": "arms-trafficking", "ammunition": "arms-trafficking",
    "persons": "trafficking-in-persons", "human beings": "trafficking-in-persons", "people": "trafficking-in-persons",
    "drugs": "drug-trafficking", "narcotics": "drug-trafficking", "narcotic drugs": "drug-trafficking",
    "artefacts": "cultural-property", "artifacts": "cultural-property", "cultural property": "cultural-property",
    "antiquities": "cultural-property", "migrants": "migrant-smuggling",
    "natural resources": "natural-resources", "wildlife": "natural-resources", "minerals": "natural-resources",
}
_ITEM_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _LIST_ITEMS), key=len, reverse=True)) + r")\b", re.I)


def list_items(text: str) -> list[tuple[int, int, str]]:
    """(start, end, theme) for each item noun of a "trafficking of X, Y and Z" list."""
    out = []
    for m in _LIST_HEAD.finditer(text):
        stop = re.search(r"[;.:()\n]|\b(?:from|by|to|which|that|through|as well|in order)\b", text[m.end(): m.end() + 160])
        end = m.end() + (stop.start() if stop else 160)
        for item in _ITEM_RE.finditer(text, m.end(), end):
            out.append((item.start(), item.end(), _LIST_ITEMS[item.group(1).lower()]))
    return out


# --------------------------------------------------------------------------------------------
# Loading


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """The configured trained model with unkg's components, or rules alone if no model is
    installed (said once, as a warning). ``model`` may be a package name or a path."""
    names = (model,) if model else configured_models()
    nlp = None
    for name in names:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        if model:
            raise ModelNotFound(f"spaCy model {model!r} is not installed: pip install it, or omit --model")
        log.warning("no trained English model installed (tried %s): running on rule components only; "
                    "persons and unlisted organizations will be missed. Install one with `make install`.",
                    ", ".join(names))
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("unkg_line_breaks", before="parser")
    else:
        nlp.add_pipe("unkg_line_breaks", first=True)
    nlp.add_pipe("unkg_citations")
    nlp.add_pipe("unkg_gazetteer")
    nlp.add_pipe("unkg_themes")
    nlp.max_length = 25_000_000
    return nlp


def model_name(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'blank')}-{meta.get('version', '0')}"
