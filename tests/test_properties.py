"""Property-based tests (hypothesis) of ingestion and UN symbol parsing (issue 8).

What the code promises, and what is checked here:

- Reading never fails with anything but the project's own error (``InputError`` for a file).
- ``clean``/``apply_edits``: ``positions`` has one entry per cleaned character plus the sentinel
  ``len(raw)``; it never decreases; a character copied from the file sits at its position
  (``raw[positions[i]] == text[i]``), and the only characters that differ are the single
  whitespace characters that replace a line break, a control character, a dotted leader, a form
  feed or (HTML) a tag or an entity. In .txt and .md every replacement is one character for one
  span, so positions strictly increase. Hence ``SourceDocument.to_raw`` maps any span of the
  cleaned text to a raw span holding the same characters in the same order, and a span with no
  edit inside it slices the file to exactly its text.
- ``normalise_symbol`` is idempotent; ``find_citations`` returns sorted, disjoint spans of
  the input, each naming what its text says.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from unkg.errors import InputError
from unkg.ingest import _hidden_blocks, apply_edits, clean, decode, Edit, read_document, read_metadata
from unkg.model import SourceDocument
from unkg.symbols import DOCUMENT, RESOLUTION, compare_key, find_citations, normalise_symbol

from .test_bad_inputs import pdf_with_text

MODEST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------------- strategies

# Pieces of what UN documents look like once extracted: Markdown marks, HTML, PDF page
# furniture (job numbers, barcodes, page counters, running headers, dotted leaders), citations.
NOISE = [
    "\n", "\n\n", "\r\n", " ", "   ", "\t", "\f", "\x07", "\x0b", "\u00a0", "\u2028", "\x85",
    "14-67661 (E)\n", "20-00676 * (E) 2/6\n", "2/6 14-67661\n", "*1467661*\n", "3/6\n", "12\n", "1467661\n",
    "09/01/2020\n", "* Reissued for technical reasons on 3 May 2021.\n", "S/RES/2195 (2014)\n", "S/PV.8699\n",
    "S/2020/12*\n", "Maintenance of international peace and security\n", ". . . . . . ", ".......",
    "**", "*", "__", "# ", "### ", "---\n", "\\(", "\\)", "[the Council](https://un.org)", "](", "[", "]", "*(Signed)*",
    "<p>", "</p>", "<br/>", "<div class='x'>", "<b>", "</b>", "<script>alert(1)</script>", "<SCRIPT>", "</script >",
    "<style>p{}</style>", "<!-- note -->", "<!--", "-->", "<", ">", "&amp;", "&#8217;", "&#x2014;", "&nbsp;", "&bogus;",
    "&NotEqualTilde;", "&#0;", "&#x10FFFF;",
    "Peru", "the Russian Federation", "Côte d’Ivoire", "resolution 1373 (2001)", "resolutions 1267 (1999) and 2462 (2019)",
    "S/PRST/2018/9", "A/RES/60/288.", "Letter dated 3 May 2021 from", "Concept note", "Distr.: General 9 January 2020",
    "The Council, recalling its resolutions on the matter and stressing the need for cooperation",
    "1. ", "(a) ", "- ", "• ", "II. ", ",", ".", ";", ":", '"', "”",
]
noisy_text = st.lists(st.sampled_from(NOISE) | st.text(max_size=6), max_size=60).map("".join)
suffixes = st.sampled_from([".txt", ".md", ".html"])

# Whitespace that replaces a span; for HTML also what a tag or an entity becomes.
REPLACEMENT = " \n"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_positions(raw: str, text: str, pos: np.ndarray, suffix: str) -> None:
    assert len(pos) == len(text) + 1 and pos.dtype.kind == "i"
    assert pos[-1] == len(raw)
    assert np.all(pos[:-1] >= 0) and np.all(pos[:-1] < len(raw))
    steps = np.diff(pos)
    assert np.all(steps >= 0), "positions go back"
    if suffix != ".html":
        assert np.all(steps > 0), "two cleaned characters from one raw character"
    for i, ch in enumerate(text):
        src = raw[pos[i]]
        if ch == src:
            continue
        if suffix == ".html" and src in "<&":  # a tag became whitespace, an entity its character
            continue
        assert ch in REPLACEMENT, (i, ch, src)
        # the replaced raw span starts with a line break or other space, a control character,
        # or the first dot of a dotted leader
        assert src.isspace() or _CONTROL.match(src) or src == ".", (i, ch, src)


# ----------------------------------------------------------------------------------- ingest


@MODEST
@given(st.binary(max_size=300) | st.builds(lambda b, p: p + b, st.binary(max_size=200),
                                           st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""])))
def test_decode_returns_text_or_says_why(data):
    try:
        text, encoding, warnings = decode(data, "x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt: ") and "\n" not in str(exc)
        return
    assert isinstance(text, str) and encoding
    assert all(w.startswith("x.txt: ") for w in warnings)


@MODEST
@given(noisy_text, suffixes)
def test_every_cleaned_character_maps_back_to_the_file(raw, suffix):
    text, pos = clean(raw, suffix)
    check_positions(raw, text, pos, suffix)


@MODEST
@given(noisy_text, suffixes, st.data())
def test_every_span_maps_back_to_raw_characters_that_equal_it(raw, suffix, data):
    text, pos = clean(raw, suffix)
    assume(text)
    doc = SourceDocument(path="x", name="x", raw=raw, text=text, positions=pos, encoding="utf-8", sha256="")
    for _ in range(10):
        a = data.draw(st.integers(0, len(text) - 1))
        b = data.draw(st.integers(a + 1, len(text)))
        s, e = doc.to_raw(a, b)
        assert 0 <= s < e <= len(raw)
        # the span's characters, in order, at their positions inside raw[s:e]
        inside = [int(p) - s for p in pos[a:b]]
        assert inside[0] == 0 and inside[-1] == e - s - 1 and all(0 <= k < e - s for k in inside)
        chunk = raw[s:e]
        for k, ch in zip(inside, text[a:b]):
            assert ch == chunk[k] or ch in REPLACEMENT or (suffix == ".html" and chunk[k] in "<&")
        # no edit inside the span: the file holds exactly the span's text
        if int(pos[b - 1]) - int(pos[a]) == b - a - 1 and all(text[i] == raw[pos[i]] for i in range(a, b)):
            assert chunk == text[a:b]
    # an empty span maps to an empty raw span
    s, e = doc.to_raw(len(text), len(text))
    assert s == e == len(raw)


@MODEST
@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 8), st.text(max_size=3)), max_size=8))
def test_apply_edits_positions(raw, specs):
    edits = [Edit(min(s, len(raw)), min(s + n, len(raw)), r) for s, n, r in specs]
    text, pos = apply_edits(raw, edits)
    assert len(pos) == len(text) + 1 and pos[-1] == len(raw) and np.all(np.diff(pos) >= 0)
    replaced = "".join(e.replacement for e in edits)
    for i, ch in enumerate(text):  # a character is the file's, at its position, or an edit's
        assert (pos[i] < len(raw) and raw[pos[i]] == ch) or ch in replaced
    if not edits:
        assert text == raw and list(pos) == list(range(len(raw) + 1))


@MODEST
@given(st.lists(st.sampled_from(["<script>", "<SCRIPT a=1>", "</script>", "</Script >", "<scripts>", "<style>",
                                 "</style>", "<!--", "-->", "<!-->", "<", ">", "x", " ", "\n", "script", "--"]),
                max_size=25).map("".join))
def test_hidden_html_blocks_are_what_the_regex_found(text):
    """_hidden_blocks replaced a regex that was quadratic on unclosed openers: same spans."""
    expected = [(m.start(), m.end()) for m in re.finditer(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", text, re.S | re.I)]
    assert _hidden_blocks(text) == expected


@MODEST
@given(noisy_text, st.sampled_from(["x.txt", "S-RES-2195-2014.txt", "S-PV-8699.md", "S-2020-1.html", ".txt", "a"]))
def test_metadata_never_fails(text, name):
    m = read_metadata(text, name)
    if m.date is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.date)
    if m.symbol is not None:
        assert normalise_symbol(m.symbol) == m.symbol


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("props")


_PDF = pdf_with_text(["Letter dated 3 May 2021", "Peru supports the Council."])


@st.composite
def damaged_pdfs(draw):
    data = bytearray(_PDF)
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(data) - 1))
        data[i] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut] if draw(st.booleans()) else data)


@MODEST
@given(content=st.binary(max_size=400) | noisy_text.map(str.encode) | damaged_pdfs()
       | st.binary(max_size=300).map(lambda b: b"%PDF-1.4\n" + b),
       suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".pdf"]))
def test_reading_any_file_gives_a_document_or_an_input_error(scratch, content, suffix):
    f = scratch / f"doc{suffix}"
    f.write_bytes(content)
    try:
        d = read_document(f)
    except InputError as exc:
        assert str(exc).startswith(f"{f}: ") and "\n" not in str(exc)
        return
    assert d.raw.strip() and len(d.positions) == len(d.text) + 1
    check_positions(d.raw, d.text, d.positions, ".html" if suffix in (".html", ".htm") else suffix)


# ---------------------------------------------------------------------------------- symbols

SYMBOLISH = [
    "S/", "A/", "E/", "SC/", "PRST/", "RES/", "S/RES/", "A/RES/", "S/PV.", "S/PRST/", "A/HRC/RES/", "/", ".", "-",
    " ", "  ", "\n", "\u00a0", "(", ")", " (", "2001", "1373", "60/288", "XXV", "(XXV)", "(2001)", "(1999)", "Rev.1",
    "Add.2", "2018", "9", "0042", "٣", "resolution ", "resolutions ", "Resolution ", ", ", " and ", " as well as ",
    " & ", "General Assembly ", "Human Rights Council ", "Economic and Social Council's ", "km/h", "and/or", "24/7",
]
symbolish = st.lists(st.sampled_from(SYMBOLISH) | st.text(max_size=4), max_size=30).map("".join)
years = st.dictionaries(st.integers(0, 3000), st.integers(0, 3000), max_size=5) | st.just({1373: 2001, 1267: 1999})


@MODEST
@given(st.text(max_size=60) | symbolish)
def test_normalise_symbol_is_idempotent(s):
    once = normalise_symbol(s)
    assert normalise_symbol(once) == once
    assert compare_key(compare_key(s)) == compare_key(s)


@MODEST
@given(st.text(max_size=200) | symbolish, years)
def test_citations_are_sorted_disjoint_spans_naming_their_text(text, resolution_years):
    cits = find_citations(text, resolution_years)
    last_end = 0
    for c in cits:
        assert last_end <= c.start < c.end <= len(text), cits
        last_end = c.end
        span = text[c.start:c.end]
        assert span == span.strip() and re.search(r"\d", span)
        assert c.type in (RESOLUTION, DOCUMENT)
        assert normalise_symbol(c.id) == c.id
        if c.type == RESOLUTION:
            assert re.fullmatch(r"S/RES/[0-9]+ \([0-9]+\)", c.id), c
        if span[0].isdigit():  # an item after "resolution(s)": its number is the id's
            assert "/RES/" in c.id
            assert int(re.search(r"/RES/([0-9]+)", c.id)[1]) == int(re.match(r"\d+", span)[0])
        else:  # a symbol written out: the id is that symbol, normalised
            assert compare_key(c.id) == compare_key(normalise_symbol(span)), (span, c)


@MODEST
@given(symbolish, symbolish, years)
def test_citations_do_not_depend_on_text_far_away(left, right, resolution_years):
    """A citation inside a sentence is found the same, at the same place, whatever comes a
    paragraph before or after it."""
    core = "In its resolution 2195 (2014) and S/PRST/2018/9, the Council"
    pad = "\n\n" + "x" * 80 + ".\n\n"
    text = left + pad + core + pad + right
    off = len(left) + len(pad)
    inside = [(c.start - off, c.end - off, c.type, c.id) for c in find_citations(text, resolution_years)
              if off <= c.start and c.end <= off + len(core)]
    alone = [(c.start, c.end, c.type, c.id) for c in find_citations(core, resolution_years)]
    assert inside == alone
