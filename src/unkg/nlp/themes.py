"""The theme vocabulary in text: ``unkg_themes``.

Theme terms (``data/theme_terms.tsv``) match on lower-cased words; terms of two words or more
also on lemmas, so "foreign terrorist fighter" finds "foreign terrorist fighters". One-word
terms match the word as listed only: "refugees" must not fire on "international refugee law".

One item of a list counts ("trafficking of arms, persons, drugs and artefacts" names three
trafficking themes), so the heads of such lists are distributed over their items
(``data/lexicon.tsv``: lists ``trade-head`` and ``trafficked-item``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline.span_ruler import SpanRuler
from spacy.tokens import Doc, Span

from .. import refdata
from ..registry import THEME
from ..settings import COMPONENTS
from .names import new_spans

THEMES = "unkg_themes"

#: What the lemmas of theme terms are computed with.
_LEMMA_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")


@Language.factory("unkg_themes", assigns=["doc.spans"], default_config=COMPONENTS["unkg_themes"])
def make_themes(nlp: Language, name: str, use_lemmas: bool) -> "ThemeFinder":
    return ThemeFinder(nlp, name, use_lemmas=use_lemmas)


class ThemeFinder:
    """``doc.spans["unkg_themes"]``: spans labelled Theme, ``id_`` the theme id."""

    def __init__(self, nlp: Language, name: str, *, use_lemmas: bool) -> None:
        terms = refdata.load().theme_terms
        patterns = [{"label": THEME, "id": theme, "pattern": term} for theme, term in terms]
        self.lower = SpanRuler(nlp, f"{name}_lower", spans_key=THEMES, phrase_matcher_attr="LOWER", overwrite=True)
        with nlp.select_pipes(enable=[]):
            self.lower.add_patterns(patterns)
        self.lemma: LemmaPhrases | None = None
        if use_lemmas and "lemmatizer" in nlp.pipe_names:
            self.lemma = LemmaPhrases(nlp, _lemma_patterns(nlp, [p for p in patterns if len(p["pattern"].split()) > 1]))

    def __call__(self, doc: Doc) -> Doc:
        doc = self.lower(doc)
        if self.lemma is not None and doc.has_annotation("LEMMA"):
            have = list(doc.spans[THEMES])
            doc.spans[THEMES] = have + new_spans()(have, self.lemma(doc))
        spans = list(doc.spans[THEMES])
        have = {(s.start, s.end, s.id_) for s in spans}
        for cs, ce, theme in list_items(doc.text):
            span = doc.char_span(cs, ce, alignment_mode="expand")
            if span is not None and (span.start, span.end, theme) not in have:
                have.add((span.start, span.end, theme))
                spans.append(Span(doc, span.start, span.end, label=THEME, span_id=theme))
        doc.spans[THEMES] = sorted(spans, key=lambda s: (s.start, s.end, s.id_))
        return doc


class LemmaPhrases:
    """Theme terms matched on the lemmas of their words: the matches of token patterns of one
    ``{"LEMMA": ...}`` per word (what a SpanRuler of ``_lemma_patterns`` finds), found by a
    PhraseMatcher on LEMMA, whose cost does not grow with the number of patterns."""

    def __init__(self, nlp: Language, patterns: list[dict]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for p in patterns:
            lemmas = [t["LEMMA"] for t in p["pattern"]]
            self.matcher.add(p["id"], [Doc(nlp.vocab, words=lemmas, lemmas=lemmas)])

    def __call__(self, doc: Doc) -> list[Span]:
        strings = doc.vocab.strings
        return sorted({Span(doc, s, e, label=THEME, span_id=strings[key]) for key, s, e in self.matcher(doc) if s != e})


def _lemma_patterns(nlp: Language, patterns: list[dict]) -> list[dict]:
    """Token patterns on the lemmas of each term, as the model's lemmatizer gives them."""
    with nlp.select_pipes(enable=[p for p in _LEMMA_PIPES if p in nlp.pipe_names]):
        docs = list(nlp.pipe(p["pattern"] for p in patterns))
    return [{**p, "pattern": [{"LEMMA": t.lemma_} for t in d]} for p, d in zip(patterns, docs)]


@lru_cache(maxsize=1)
def _list_patterns() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    heads = "|".join(map(re.escape, refdata.words("trade-head")))
    head = re.compile(rf"\b(?:illicit\s+)?(?:{heads})\s+(?:in|of)\s+", re.I)
    items = refdata.word_map("trafficked-item")
    item = re.compile(r"\b(" + "|".join(sorted(map(re.escape, items), key=len, reverse=True)) + r")\b", re.I)
    return head, item, items


_LIST_STOP = re.compile(r"[;.:()\n]|\b(?:from|by|to|which|that|through|as well|in order)\b")


def list_items(text: str) -> list[tuple[int, int, str]]:
    """(start, end, theme) for each item noun of a "trafficking of X, Y and Z" list."""
    head, item, items = _list_patterns()
    out = []
    for m in head.finditer(text):
        stop = _LIST_STOP.search(text[m.end(): m.end() + 160])
        end = m.end() + (stop.start() if stop else 160)
        for it in item.finditer(text, m.end(), end):
            out.append((it.start(), it.end(), items[it.group(1).lower()]))
    return out
