"""Document structure: sentences, paragraphs and their roles, signature lines."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import Paragraph, Sentence, SourceDocument

_NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+")
# "The Security Council," opens the preamble; in PDF text it may end the line of the adoption
# note ("Adopted by the Security Council at its 7351st meeting, on ... The Security Council,").
_PREAMBLE_OPEN = re.compile(r"(?:^|\s)The Security Council,?\s*$")
# "(Signed) Kofi A. Annan" at the end of a line: the signatory's name
_SIGNED = re.compile(r"\(Signed\)\s+([^\n(]{3,80}?)\s*$", re.M)


def sentences(doc: Doc, source: SourceDocument) -> tuple[list[Sentence], list[int]]:
    """The document's sentences (offsets into the original file), and the index of the
    sentence of each token."""
    out: list[Sentence] = []
    sent_of_token = [0] * (len(doc) + 1)
    for sent in doc.sents:
        text = sent.text.strip()
        idx = len(out) if text else max(len(out) - 1, 0)
        for t in sent:
            sent_of_token[t.i] = idx
        if not text:
            continue
        lead = len(sent.text) - len(sent.text.lstrip())
        cs = sent.start_char + lead
        ce = cs + len(text)
        rs, re_ = source.to_raw(cs, ce)
        out.append(Sentence(len(out), rs, re_, text))
    if not out:
        out.append(Sentence(0, 0, 0, ""))
    return out, sent_of_token


def paragraphs(source: SourceDocument) -> list[Paragraph]:
    """One paragraph a line of the cleaned text, with its number and role: ``preambular`` and
    ``operative`` in resolutions and presidential statements, ``heading``, ``body``."""
    text = source.text
    out: list[Paragraph] = []
    offset = 0
    in_preamble = False
    operative_seen = False
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        body = line.strip()
        if not body:
            continue
        lead = len(line) - len(line.lstrip())
        num = _NUMBERED.match(line)
        if _PREAMBLE_OPEN.search(line):
            in_preamble, role = True, "heading"
        elif num:
            role = "operative" if source.meta.kind in ("resolution", "presidential statement") else "body"
            operative_seen = True
            in_preamble = False
        elif in_preamble and not operative_seen:
            role = "preambular"
        elif len(body) < 90 and not body.endswith((".", ",", ";", ":")):
            role = "heading"
        else:
            role = "body"
        rs, re_ = source.to_raw(start + lead, start + lead + len(body))
        out.append(Paragraph(len(out), rs, re_, num[1] if num else None, role))
    return out


def signatures(text: str) -> list[tuple[int, str]]:
    """(offset, name) of each "(Signed) <name>" line, the name's white space collapsed."""
    return [(m.start(1), re.sub(r"\s+", " ", m.group(1)).strip()) for m in _SIGNED.finditer(text)]
