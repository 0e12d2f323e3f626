"""Extract: from an annotated spaCy Doc to an ``Extraction`` of canonical entities, mentions
with offsets into the original file, document structure and relations.

Three parts, in the order they run: ``structure`` (sentences, paragraphs), ``spans`` (the
pipeline's proposals resolved under the annotation rules of the facts format) and
``relations`` (named rules over the resolved spans).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Iterable

from spacy.tokens import Doc

from .. import refdata
from ..model import CouncilActs, Entity, EntityRef, Extraction, Mention, SourceDocument, paragraph_finder
from . import acts, debates, mandates, persons, relations, spans, structure

__all__ = ["extract"]


def extract(doc: Doc, source: SourceDocument, rules: Iterable[str] | None = None) -> Extraction:
    """Everything unkg learns about one document. ``rules``: the relation rules to run, by name
    (default: all of ``relations.RULES``, in order)."""
    ref = refdata.load()
    sentences, sent_of_token = structure.sentences(doc, source)
    paragraphs = structure.paragraphs(source)
    para_at = paragraph_finder(paragraphs)
    sentences = [replace(s, paragraph=para_at(s.start)) for s in sentences]
    local: dict[str, tuple[str, str, tuple[str, ...]]] = dict(doc._.unkg_local or {})

    chosen = spans.resolve(spans.candidates(doc, source, local), doc, source.meta.symbol)
    chosen = persons.unify_mentions(chosen, local)
    chosen = chosen + spans.short_forms(doc, source, chosen)
    themes = spans.theme_spans(doc, chosen)

    entities: dict[EntityRef, Entity] = {}
    mentions: list[Mention] = []
    for c in sorted(chosen + themes, key=lambda c: (c.cstart, c.cend, c.type, c.id)):
        eref = EntityRef(c.type, c.id)
        if eref not in entities:
            entities[eref] = spans.entity(eref, ref, local)
        rs, re_ = source.to_raw(c.cstart, c.cend)
        mentions.append(Mention(eref, rs, re_, source.raw[rs:re_], source.text[c.cstart:c.cend],
                                sent_of_token[c.start], c.source))

    council = _council(source, doc, sentences, paragraphs, chosen)
    ctx = relations.Context(source, sentences, paragraphs, chosen, themes, entities, sent_of_token, council)
    found, seen_by_rules = relations.run_rules(ctx, rules)
    for e in seen_by_rules:
        entities.setdefault(e.ref, e)
    debate = debates.debate(ctx)  # meeting records (and letters announcing a meeting): extract/debates.py
    if debate is not None:
        debate, mentions, found = debates.merge(debate, ctx, entities, mentions, found)
    return Extraction(source, sentences, paragraphs, entities, mentions, found, council, debate)


def _council(source: SourceDocument, doc: Doc, sentences, paragraphs, chosen) -> CouncilActs:
    """What the Council does in a resolution or presidential statement: its acts, mandate
    events and Chapter VII."""
    if source.meta.kind not in ("resolution", "presidential statement"):
        return CouncilActs()
    found = acts.paragraph_acts(source, doc, paragraphs, chosen)
    starts = [s.start for s in sentences]
    found = [replace(a, sentence=sentences[max(bisect_right(starts, a.start) - 1, 0)].index) for a in found]
    under, governed, articles = acts.chapter7(source, paragraphs)
    return CouncilActs(found, mandates.mandate_events(source, paragraphs, found, chosen), under, governed, articles)
