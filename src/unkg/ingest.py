"""Ingest: read a source file, decode it, clean it for NLP and keep the way back.

The text handed to NLP differs from the file (Markdown marks, HTML tags, PDF page furniture
and hard line wraps are removed), so cleaning is a list of edits on the original text and
``apply_edits`` returns, beside the new text, the original offset of every character.
Offsets reported anywhere later point into ``SourceDocument.raw``.
"""

from __future__ import annotations

import errno
import hashlib
import html
import io
import logging
import os
import re
import unicodedata
import warnings as pywarnings
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import Errors, InputError, Warnings
from .meta import read_metadata, symbol_from_filename  # noqa: F401  (the metadata of what is read)
from .model import SourceDocument
from .settings import MAX_INPUT_BYTES, MAX_TEXT_ENV, MAX_TEXT_MB
from .inputs import Inputs, discover, find_inputs  # noqa: F401  (file discovery lives in inputs.py)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement`` (empty: delete)."""

    start: int
    end: int
    replacement: str = ""


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, np.ndarray]:
    """Apply non-overlapping edits (overlapping ones are skipped, earliest wins).

    Returns the new text and ``positions``, an array one longer than the text: the offset in
    ``text`` of each new character, and ``len(text)`` as a sentinel.
    """
    out: list[str] = []
    pos_parts: list[np.ndarray] = []
    cursor = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < cursor:
            continue
        out.append(text[cursor : e.start])
        pos_parts.append(np.arange(cursor, e.start, dtype=np.int64))
        if e.replacement:
            out.append(e.replacement)
            n = len(e.replacement)
            if n == e.end - e.start:
                pos_parts.append(np.arange(e.start, e.end, dtype=np.int64))
            else:
                pos_parts.append(np.full(n, e.start, dtype=np.int64))
        cursor = e.end
    out.append(text[cursor:])
    pos_parts.append(np.arange(cursor, len(text) + 1, dtype=np.int64))
    return "".join(out), np.concatenate(pos_parts)


# ---------------------------------------------------------------------------------------------
# Decoding


def decode(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """Bytes to text: BOMs first, then UTF-8, else cp1252 with a warning."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", warnings
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(enc), enc, warnings
            except UnicodeDecodeError as exc:
                raise InputError(path, Errors.invalid_text.format(encoding=enc, reason=exc.reason)) from exc
    if b"\x00" in data[:4096]:
        raise InputError(path, Errors.binary_file)
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(Warnings.not_utf8.format(path=path))
        return text, "cp1252", warnings


# ---------------------------------------------------------------------------------------------
# Cleaning

_MD_EDITS = [
    (re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!<>])"), ""),  # Markdown escapes: \( -> (
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M), ""),  # heading marks
    (re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M), ""),  # rules
    (re.compile(r"\*\*|__"), ""),  # strong emphasis
    (re.compile(r"(?<![\w*\\])\*(?=[\w(])|(?<=[\w).])\*(?![\w*])"), ""),  # *(Signed)*
]
_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^)\s]{0,300})\)")

# Page furniture of UN PDFs as extracted to text: job numbers ("14-67661* (E)", "20-00676"),
# barcodes ("*1467661*"), page counters ("2/6 14-67661", "3/6"), reissue footnotes, dotted
# leaders of meeting records, and the running header (the symbol repeated on every page).
# Each optional part carries its own leading whitespace: with adjacent ``\s*`` around optional
# parts (``\s*\**\s*(...)?\s*``) a line of a job number, a few hundred spaces and one more
# character backtracked cubically (20 s for 500 spaces). Same lines matched.
_FURNITURE = [
    re.compile(r"^\s*\d{2}-\d{5}(?:\s*\*+)?(?:\s*\([A-Z]\))?(?:\s*\d+/\d+)?(?:\s+\d{6})?\s*$"),
    re.compile(r"^\s*\d+/\d+\s+\d{2}-\d{5}(?:\s*\*+)?\s*$"),
    re.compile(r"^\s*\*\d{6,}\*\s*$"),
    re.compile(r"^\s*\d{7,}\s*$"),
    re.compile(r"^\s*\d{1,3}/\d{1,3}\s*$"),
    re.compile(r"^\s*\d{1,3}\s*$"),
    re.compile(r"^\s*\*\s*Reissued for technical reasons.*$"),
    re.compile(r"^\s*\d{2}/\d{2}/\d{4}\s*$"),  # "09/01/2020" running date of meeting records
    re.compile(r"^\s*\f\s*$"),
]
_HEADER_SYMBOL = re.compile(r"^\s*(?:S/RES/\d+\s*\(\d{4}\)\*?|S/PRST/\d{4}/\d+\*?|S/PV\.\d+(?:\s*\(Resumption \d+\))?|S/\d{4}/\d+\*?)\s*$")
_LIST_START = re.compile(r"^\s*(?:\d+\.\s|\(\w{1,4}\)\s|[a-z]\)\s|[-•*]\s|[IVX]+\.\s)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPLIT_FURNITURE_DOTS = re.compile(r"(?:\s?\.){4,}")
_LIGATURE = re.compile("[\ufb00-\ufb06]")


def _markdown_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _MD_LINK.finditer(text):
        edits.append(Edit(m.start(), m.start() + 1))
        edits.append(Edit(m.end(1), m.end()))
    for rx, rep in _MD_EDITS:
        edits.extend(Edit(m.start(), m.end(), rep) for m in rx.finditer(text))
    return edits


def _furniture_edits(text: str) -> list[Edit]:
    """Delete page-furniture lines, keeping the first running header (it carries the symbol).

    Blank lines around furniture go too, so that a paragraph broken by a page boundary joins up
    again in the reflow pass.
    """
    lines = text.splitlines(keepends=True)
    bodies = [_CONTROL.sub("", line.rstrip("\r\n")) for line in lines]
    # A short line repeated on many pages is a running header ("Maintenance of international
    # peace and security" on every page of a meeting record); its first occurrence stays.
    counts = Counter(b.strip() for b in bodies if 0 < len(b.strip()) <= 100)
    running = {b for b, n in counts.items() if n >= 4}
    furniture = [False] * len(lines)
    seen: set[str] = set()
    seen_header = False
    for i, body in enumerate(bodies):
        key = body.strip()
        if _HEADER_SYMBOL.match(body):
            furniture[i] = seen_header
            seen_header = True
        elif key and any(rx.match(body) for rx in _FURNITURE):
            furniture[i] = True
        elif key in running:
            furniture[i] = key in seen
            seen.add(key)
    blank = [not line.strip() for line in lines]
    drop = list(furniture)
    # A blank line goes when the nearest non-blank line before or after it is furniture. Two
    # passes (was a scan of the whole blank run from every blank line: quadratic, 20 s for 20,000
    # blank lines).
    before = False  # is the nearest non-blank line above furniture?
    for i in range(len(lines)):
        if blank[i]:
            drop[i] = before
        else:
            before = furniture[i]
    after = False
    for i in range(len(lines) - 1, -1, -1):
        if blank[i]:
            drop[i] = drop[i] or after
        else:
            after = furniture[i]
    edits: list[Edit] = []
    offset = 0
    for i, line in enumerate(lines):
        if drop[i]:
            edits.append(Edit(offset, offset + len(line)))
        else:
            for m in re.finditer("\f", line):
                edits.append(Edit(offset + m.start(), offset + m.end(), "\n"))
            for m in _CONTROL.finditer(line):
                edits.append(Edit(offset + m.start(), offset + m.end(), " "))
            for m in _SPLIT_FURNITURE_DOTS.finditer(line):
                edits.append(Edit(offset + m.start(), offset + m.end(), " "))
            for m in _LIGATURE.finditer(line):  # "ﬁnancing" as "financing" (fonts of PDFs)
                edits.append(Edit(offset + m.start(), offset + m.end(), unicodedata.normalize("NFKC", m.group(0))))
        offset += len(line)
    return edits


def _reflow_edits(text: str) -> list[Edit]:
    """Join hard-wrapped lines: a line break inside a sentence becomes a space.

    A break is a wrap when the line before is long (wrapped text fills the line), does not end
    a sentence or clause, and the next line does not start a list item or heading.
    """
    edits: list[Edit] = []
    lines = text.split("\n")
    # Wrapped lines fill the column: a line well short of the document's full width ends its
    # paragraph (a title's last line before the text), unless what follows goes on in lower case.
    # (Only where the text has columns: lines of a paragraph each have no width to fall short of.)
    long = sorted(len(line.rstrip()) for line in lines if len(line.rstrip()) >= 40)
    full = long[int(0.9 * (len(long) - 1))] if long else 0
    full = full if full <= 130 else 0
    offset = 0
    for i, line in enumerate(lines[:-1]):
        offset += len(line)
        nxt = lines[i + 1]
        stripped = line.rstrip()
        if (
            len(stripped) >= 40
            and (len(stripped) >= 0.7 * full or nxt[:1].islower() or nxt[:1].isdigit())
            and nxt.strip()
            and not stripped.endswith((".", ":", ";", "?", "!", "”", '"'))
            and not _LIST_START.match(nxt)
            and (nxt[:1].islower() or not stripped.endswith(","))
        ):
            edits.append(Edit(offset, offset + 1, " "))
        offset += 1
    return edits


_HIDDEN_OPEN = re.compile(r"<(script|style)\b|<!--", re.I)


def _hidden_blocks(text: str) -> list[tuple[int, int]]:
    r"""Spans of ``<script>``/``<style>`` elements and comments: what the regex
    ``<(script|style)\b.*?</\1\s*>|<!--.*?-->`` (re.S | re.I) finds, in linear time. That regex
    scans to the end of the text again from every opener that is never closed: quadratic, 9 s
    for 120 KB of unclosed ``<!--``. Here each kind's closer is searched once and remembered."""
    spans: list[tuple[int, int]] = []
    closers: dict[str, re.Match | None] = {}  # kind -> next closer found (None: none left)
    pos = 0
    while (m := _HIDDEN_OPEN.search(text, pos)) is not None:
        kind = (m[1] or "!--").lower()
        c = closers.get(kind, False)
        if c is False or (c is not None and c.start() < m.end()):
            rx = re.compile("-->") if kind == "!--" else re.compile(rf"</{kind}\s*>", re.I)
            c = closers[kind] = rx.search(text, m.end())
        if c is None:  # never closed: the regex would go on with the next position
            pos = m.start() + 1
            continue
        spans.append((m.start(), c.end()))
        pos = c.end()
    return spans


def _html_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    hidden = _hidden_blocks(text)
    for start, end in hidden:
        edits.append(Edit(start, end, " "))
    # The opening tag of a hidden block starts where the block does, and apply_edits keeps the
    # shorter of two edits at the same start: without this, "<script>" alone was replaced and
    # the script's code reached the text.
    starts = {start for start, _ in hidden}
    block = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|title)\b", re.I)
    for m in re.finditer(r"<[^<>]{0,2000}>", text):
        if m.start() in starts:
            continue
        edits.append(Edit(m.start(), m.end(), "\n" if block.match(m.group(0)) else " "))
    for m in re.finditer(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|\w{2,8});", text):
        edits.append(Edit(m.start(), m.end(), html.unescape(m.group(0))))
    return edits


# the second word in a lookahead, so that every pair of neighbours is tried ("as fr om")
_FRAGMENTS = re.compile(r"(?<![\w'’-])([A-Za-z]+) (?=([a-z]+)(?![\w'’-]))")


def _split_word_edits(text: str) -> list[Edit]:
    """Rejoin words that PDF text extraction split ("fr om", "preve nting"), on the document's
    own evidence: the joined word occurs at least twice elsewhere in it, and one of the two
    fragments never stands alone anywhere else. No word list, so no language assumptions."""
    counts = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    edits = []
    for m in _FRAGMENTS.finditer(text):
        a, b = m.group(1), m.group(2)
        joined = (a + b).lower()
        if len(joined) >= 3 and counts[joined] >= 2 and min(counts[a.lower()], counts[b.lower()]) == 1:
            edits.append(Edit(m.end(1), m.start(2)))
    return edits


def _looks_like_markdown(raw: str) -> bool:
    return "**" in raw or "](" in raw or re.search(r"^#{1,6} ", raw, re.M) is not None


def clean(raw: str, suffix: str) -> tuple[str, np.ndarray]:
    """Cleaned text and positions into ``raw``. Four passes, each mapped back to the first."""
    if suffix in (".html", ".htm"):
        text, pos = apply_edits(raw, _html_edits(raw))
    elif suffix == ".md" or _looks_like_markdown(raw):
        text, pos = apply_edits(raw, _markdown_edits(raw))
    else:
        text, pos = raw, np.arange(len(raw) + 1, dtype=np.int64)
    text2, pos2 = apply_edits(text, _furniture_edits(text))
    pos = pos[pos2]
    text3, pos3 = apply_edits(text2, _reflow_edits(text2))
    pos = pos[pos3]
    text4, pos4 = apply_edits(text3, _split_word_edits(text3))
    return text4, pos[pos4]


# ---------------------------------------------------------------------------------------------
# Files


def max_text_chars() -> int:
    """The text size limit in characters: ``UNKG_MAX_TEXT_MB`` if set, else ``MAX_TEXT_MB``.
    A value that is not a positive number is ignored with a warning (said once): raising here
    would fail every file of a batch, each reported as if it were a bug."""
    value = os.environ.get(MAX_TEXT_ENV, "").strip()
    try:
        mb = float(value) if value else MAX_TEXT_MB
    except ValueError:
        mb = -1.0
    if not 0 < mb < float("inf"):
        _warn_bad_limit(value)
        mb = MAX_TEXT_MB
    return int(mb * 1_000_000)


@lru_cache(maxsize=8)
def _warn_bad_limit(value: str) -> None:
    log.warning(Warnings.bad_text_limit.format(env=MAX_TEXT_ENV, value=value, default=MAX_TEXT_MB))


def _input_error(path: str, reason: str, exc: BaseException) -> InputError:
    """The one-line InputError for a failure caused by ``exc``. The cause's traceback goes to
    the debug log, so that ``unkg --debug`` shows it and nothing else does."""
    log.debug("%s: %s", path, reason, exc_info=exc)
    return InputError(path, reason)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _read_pdf(path: Path, data: bytes) -> tuple[str, list[str]]:
    """The text of a PDF (pages joined by form feeds) and its reader's warnings, which name the
    file (pypdf logs them without saying which file: "EOF marker not found")."""
    from pypdf import PdfReader

    pdf_log = logging.getLogger("pypdf")
    collect = _Collect()
    pdf_log.addHandler(collect)
    propagate, pdf_log.propagate = pdf_log.propagate, False
    try:
        with pywarnings.catch_warnings(record=True) as caught:
            pywarnings.simplefilter("always")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise InputError(str(path), Errors.encrypted_pdf)
            text = "\f".join((page.extract_text() or "") for page in reader.pages)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        # A damaged PDF makes pypdf raise more than PdfReadError (LimitReachedError and
        # AttributeError were found by tests/test_properties.py, and they crashed the read):
        # every failure to parse is this file's.
        raise _input_error(str(path), Errors.unreadable_pdf.format(kind=exc.__class__.__name__, detail=exc), exc) from exc
    finally:
        pdf_log.removeHandler(collect)
        pdf_log.propagate = propagate
        for m in collect.messages:
            log.debug("%s: PDF reader: %s", path, m)
    messages = collect.messages + [str(w.message) for w in caught]
    return text, [f"{path}: PDF reader: {m}" for m in dict.fromkeys(" ".join(m.split()) for m in messages)]


def _os_error_reason(p: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return Errors.permission_denied
    if exc.errno == errno.ELOOP:
        return Errors.symlink_loop
    if isinstance(exc, FileNotFoundError):
        return Errors.broken_symlink if p.is_symlink() else "no such file"
    return exc.strerror or str(exc)


def read_document(path: str | Path) -> SourceDocument:
    """Read one file into a SourceDocument. Raises InputError with a one-line reason."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise InputError(str(p), Errors.not_a_file)
        if size > MAX_INPUT_BYTES:
            raise InputError(str(p), Errors.file_too_large.format(mb=size // 1_000_000, limit=MAX_INPUT_BYTES // 1_000_000))
        data = p.read_bytes()
    except OSError as exc:
        raise _input_error(str(p), _os_error_reason(p, exc), exc) from exc

    suffix = p.suffix.lower()
    warnings: list[str] = []
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        raw, warnings = _read_pdf(p, data)
        encoding = "pdf"
        suffix = ".pdf"
    else:
        if data.startswith(b"\x89PNG") or data.startswith(b"GIF8") or data.startswith(b"\xff\xd8\xff"):
            raise InputError(str(p), Errors.image_file)
        raw, encoding, warnings = decode(data, str(p))
    if not raw.strip():
        raise InputError(str(p), Errors.empty_document)
    limit = max_text_chars()
    if len(raw) > limit:
        raise InputError(str(p), Errors.text_too_large.format(chars=len(raw), limit=limit, env=MAX_TEXT_ENV))
    text, positions = clean(raw, suffix)
    return SourceDocument(
        path=str(p),
        name=p.name,
        raw=raw,
        text=text,
        positions=positions,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=read_metadata(text, p.name, raw),
        warnings=warnings,
    )
