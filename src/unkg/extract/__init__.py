"""Extract: from an annotated spaCy Doc to an ``Extraction`` of canonical entities, mentions
with offsets into the original file, document structure and relations.

Three parts, in the order they run: ``structure`` (sentences, paragraphs), ``spans`` (the
pipeline's proposals resolved under the annotation rules of the facts format) and
``relations`` (named rules over the resolved spans).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from itertools import combinations
from typing import Iterable

from spacy.tokens import Doc

from .. import refdata
from ..model import Entity, EntityRef, Extraction, Mention, SourceDocument, paragraph_finder
from . import debates, relations, spans, structure

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

    ctx = relations.Context(source, sentences, paragraphs, chosen, themes, entities, sent_of_token)
    found, seen_by_rules = relations.run_rules(ctx, rules)
    for e in seen_by_rules:
        entities.setdefault(e.ref, e)
    debate = debates.debate(ctx)  # meeting records (and letters announcing a meeting): extract/debates.py
    if debate is not None:
        debate, mentions, found = debates.merge(debate, ctx, entities, mentions, found)
    # the cover page of a meeting record lists its representatives: a list, not sentences that
    # name them together
    together = [m for m in mentions if m.source != debates.COVER_PAGE]
    return Extraction(source, sentences, paragraphs, entities, mentions, found, _comentions(together), debate)


def _comentions(mentions: list[Mention]) -> dict[tuple[EntityRef, EntityRef], int]:
    """For each pair of entities, the number of sentences that name both."""
    counts: Counter = Counter()
    by_sentence: dict[int, set[EntityRef]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, set()).add(m.entity)
    for refs in by_sentence.values():
        for a, b in combinations(sorted(refs, key=lambda r: (r.type, r.id)), 2):
            counts[(a, b)] += 1
    return dict(counts)
