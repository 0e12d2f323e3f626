"""Document structure: sentences, paragraphs and their roles, signature lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from .. import refdata
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


# The label that opens a sub-paragraph: "(a)", "(iv)", "a)", "ii.", "3.2.1.", a bullet
_SUB_LABEL = re.compile(r"^\s*(?:\(([a-z]{1,4})\)|([a-z]{1,4})[.)]|(\d{1,3}(?:\.\d{1,3})+)\.?|([-–—•·▪*]))\s+", re.I)
_ROMAN = re.compile(r"^(?=[ivxlc])m*(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})$")
_ANNEX = re.compile(r"^\s*#*\s*(?:Annex|Appendix|Attachment|Enclosure)\b", re.I)
_STRUCTURED = ("resolution", "presidential statement")


@dataclass
class _Item:
    """An open paragraph that later lines may belong to: its index, label kind and label."""

    index: int
    kind: str  # number, letter, roman, dotted, bullet
    label: str


def _label_kind(label: str, open_items: list[_Item]) -> str:
    """Whether "(i)" is the ninth letter or the first roman numeral: a letter if the open list
    of letters has just reached "h"."""
    low = label.lower()
    letters = [it for it in open_items if it.kind == "letter"]
    if letters and len(low) == 1 and ord(low) == ord(letters[-1].label.lower()) + 1:
        return "letter"
    if _ROMAN.match(low) and not (len(low) == 1 and low not in "ivx"):
        return "roman" if low != "i" or not letters or letters[-1].label.lower() != "h" else "letter"
    return "letter" if len(low) <= 2 else "other"


class _Structure:
    """Roles and parents of a structured document's paragraphs (resolutions, presidential
    statements): "The Security Council," opens the preamble; numbered paragraphs are operative;
    a labelled sub-paragraph belongs to the open paragraph above it, with its role and its
    number ("5 (a)", "5 (a) (i)"); in an annex, labelled paragraphs are operative provisions and
    plain ones introduce them, as in the record's own convention."""

    def __init__(self, kind: str | None):
        self.structured = kind in _STRUCTURED
        self.in_preamble = False
        self.operative_seen = False
        self.in_annex = False
        self.open: list[_Item] = []  # the numbered paragraph, then its open sub-paragraphs
        self.numbers: dict[int, str | None] = {}
        self.roles: dict[int, str] = {}

    def line(self, index: int, line: str, body: str) -> tuple[str, str | None, int | None]:
        num = _NUMBERED.match(line)
        if _PREAMBLE_OPEN.search(line):
            self.in_preamble, self.open = True, []
            return self._set(index, "preambular" if self.structured else "heading", None)
        if num:
            self.operative_seen, self.in_preamble = True, False
            self.open = [_Item(index, "number", num[1])]
            return self._set(index, "operative" if self.structured else "body", num[1])
        if self.structured and _ANNEX.match(line) and len(body) < 120:
            self.in_annex, self.in_preamble, self.open = True, False, []
            return self._set(index, "heading", None)
        sub = _SUB_LABEL.match(line) if self.structured else None
        if sub and (self.open or self.in_preamble or self.in_annex):
            return self._sub(index, sub)
        role = self._plain_role(body)
        if role == "heading":
            self.open = []
        return self._set(index, role, None)

    def _sub(self, index: int, sub: re.Match) -> tuple[str, str | None, int | None]:
        letter, dotted, bullet = sub.group(1) or sub.group(2), sub.group(3), sub.group(4)
        kind = "dotted" if dotted else "bullet" if bullet else _label_kind(letter, self.open)
        label = dotted or (f"({letter})" if letter else None)
        # a sibling of an open item of the same kind closes it (and its children)
        for k in range(len(self.open) - 1, -1, -1):
            if self.open[k].kind == kind and kind != "number":
                del self.open[k:]
                break
        parent = self.open[-1].index if self.open else None
        role = self.roles[parent] if parent is not None else ("preambular" if self.in_preamble else "operative")
        number = None
        if label and parent is not None and self.numbers.get(parent):
            number = f"{self.numbers[parent]} {label}"
        elif label:
            number = label
        self.open.append(_Item(index, kind, letter or dotted or "-"))
        return self._set(index, role, number, parent)

    def _plain_role(self, body: str) -> str:
        if self.in_preamble and not self.operative_seen:
            return "preambular"
        if len(body) < 90 and not body.endswith((".", ",", ";", ":")):
            return "heading"
        if self.in_annex:
            return "preambular"
        return "body"

    def _set(self, index: int, role: str, number: str | None, parent: int | None = None):
        self.roles[index], self.numbers[index] = role, number
        return role, number, parent


def paragraphs(source: SourceDocument) -> list[Paragraph]:
    """One paragraph a line of the cleaned text, with its number, role (``preambular`` and
    ``operative`` in resolutions and presidential statements, ``heading``, ``body``) and, for a
    sub-paragraph, the paragraph it belongs to."""
    text = source.text
    out: list[Paragraph] = []
    structure = _Structure(source.meta.kind)
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        body = line.strip()
        if not body:
            continue
        lead = len(line) - len(line.lstrip())
        role, number, parent = structure.line(len(out), line, body)
        rs, re_ = source.to_raw(start + lead, start + lead + len(body))
        out.append(Paragraph(len(out), rs, re_, number, role, parent, start + lead, start + lead + len(body)))
    return out


def signatures(text: str) -> list[tuple[int, str]]:
    """(offset, name) of each "(Signed) <name>" line, the name's white space collapsed."""
    return [(m.start(1), re.sub(r"\s+", " ", m.group(1)).strip()) for m in _SIGNED.finditer(text)]


_BLOCK = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*")  # a run of lines up to a blank line


@lru_cache(maxsize=1)
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(refdata.words("foreign-function-word")), frozenset(refdata.words("english-function-word"))


def foreign_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the blocks written in another language than English: the parallel French
    of the early resolutions and of bilingual annexes ("A sa 331e séance, le 7 juillet 1948, le
    Conseil a décidé ..."). A block of six words or more is foreign when the function words of
    French and Spanish in it (lexicon ``foreign-function-word``) are at least three and more than
    twice those of English (``english-function-word``)."""
    foreign, english = _function_words()
    out = []
    for m in _BLOCK.finditer(text):
        words = re.findall(r"[^\W\d_]+", m.group(0).lower())
        if len(words) < 6:
            continue
        f = sum(w in foreign for w in words)
        if f >= 3 and f > 2 * sum(w in english for w in words):
            out.append((m.start(), m.end()))
    return out
