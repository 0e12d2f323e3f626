"""Two rule components: sentence starts at line breaks, and citations of resolutions and
documents."""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .. import refdata
from ..symbols import find_citations

CITATIONS = "unkg_citations"

# "15.", "(a)", "iv)": a paragraph number at the start of a line
_NUMBER = re.compile(r"\(?(\d{1,3}|[a-z]|[ivx]+)[.)]?")


@Language.component("unkg_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (set before the parser, which respects it); a
    paragraph number does not end a sentence of its own ("15. Recognizes ...")."""
    if len(doc) < 2:
        return doc
    # Written into one array and set at once: each Token.is_sent_start assignment checks the
    # whole Doc, which made this quadratic in the length of a document.
    starts = doc.to_array([SENT_START]).astype(np.int32)
    line_start = True
    for i in range(len(doc) - 1):
        tok = doc[i]
        if "\n" in tok.text or "\n" in tok.whitespace_:
            starts[i + 1] = 1
            line_start = True
            continue
        if line_start and not tok.is_space and _NUMBER.fullmatch(tok.text):
            nxt = i + 1
            if doc[nxt].text in (".", ")") and i + 2 < len(doc):
                nxt = i + 2
            if "\n" not in doc[nxt].text:
                starts[i + 1: nxt + 1] = -1
        line_start = tok.is_space and line_start
    doc.from_array([SENT_START], starts.astype(np.uint64))
    return doc


@Language.factory("unkg_citations", assigns=["doc.spans"])
def make_citations(nlp: Language, name: str) -> "CitationFinder":
    return CitationFinder()


class CitationFinder:
    """``doc.spans["unkg_citations"]``: each citation a span labelled Resolution or Document,
    its ``id_`` the canonical symbol."""

    def __init__(self) -> None:
        self.years = refdata.load().resolution_years

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for c in find_citations(doc.text, self.years):
            span = doc.char_span(c.start, c.end, label=c.type, span_id=c.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[CITATIONS] = spans
        return doc
