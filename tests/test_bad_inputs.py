"""Bad inputs (issue 8): every bad file gets one line naming it and the reason, the other
files are built, the exit status says that something failed, and no traceback reaches the
user unless ``--debug`` is given.

The folder of bad inputs is written at test time by ``write_bad_inputs`` (nothing binary or
large is committed). Its good documents are a few sentences long, so the one build that runs
the spaCy model stays quick.
"""

from __future__ import annotations

import errno
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from unkg.errors import InputError
from unkg.ingest import MAX_TEXT_ENV, discover, max_text_chars, read_document

ROOT = Path(__file__).resolve().parents[1]
# The `unkg` command installed beside the interpreter running the tests (pip install -e .).
UNKG = Path(sys.executable).with_name("unkg")

GOOD_LETTER = (
    "Letter dated 3 May 2021 from the Permanent Representative of Peru addressed to the President "
    "of the Security Council\n\n"
    "Peru supports the full implementation of resolution 1373 (2001). "
    "The delegation of France agrees with the Russian Federation.\n"
)

# Markup, quotes and SPARQL/Turtle syntax around names the gazetteer knows.
NASTY = (
    'The delegation of "France" } ; DROP ALL ; # and <script>alert(1)</script> Russian Federation '
    "met the 'United Kingdom' \"\"\" ''' \\ <b>&amp;</b> @prefix x: <http://evil.example/> . "
    '?s ?p ?o }} INSERT DATA { <a> <b> "c" } .\n'
    "Peru welcomed <i>Chile</i> & \"Viet Nam\" \\\" ;\n"
)
NASTY_HTML = (
    "<!DOCTYPE html><html><head><title>Note</title><style>p { color: red }</style></head><body>\n"
    f"<p>{NASTY}</p>\n"
    '<script>var s = "Ecuador"; if (a < b && c > d) { alert("Ecuador") }</script>\n'
    "<!-- a comment naming Bolivia > and more -->\n"
    "</body></html>\n"
)


def pdf_with_text(lines: list[str], *, bad_startxref: bool = False) -> bytes:
    """A one-page PDF showing ``lines`` in Helvetica, written by hand (pypdf's writer does not
    lay out text). ``bad_startxref``: the trailer points next to the xref table, which pypdf
    recovers from with warnings."""
    content = ("BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET").encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref + 7 if bad_startxref else xref)
    return bytes(out)


def encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class Case:
    name: str
    outcome: str  # "error": refused with a one-line reason; "warning": built with one; "built"
    reason: str = ""  # a phrase of the error or warning


UNREADABLE = "unreadable.txt"
HUGE = "huge-20mb.txt"
CASES = [
    Case("good-letter.txt", "built"),
    Case("empty.txt", "error", "empty document"),
    Case("whitespace-only.txt", "error", "empty document"),
    Case("png-renamed.txt", "error", "an image"),
    Case("invalid-utf8.txt", "warning", "read as cp1252"),
    # A long name: the warning line is longer than 80 columns, and must stay one line.
    Case("cp1252-encoded-letter-from-an-old-windows-word-processor.txt", "warning", "read as cp1252"),
    Case("utf16-with-bom.txt", "built"),
    Case("truncated.pdf", "error", "unreadable PDF"),
    Case("encrypted.pdf", "error", "encrypted PDF"),
    Case("text-with-a-damaged-xref.pdf", "warning", "PDF reader"),
    Case(UNREADABLE, "error", "permission denied"),  # readable all the same when running as root
    Case("symlink-loop.txt", "error", "symbolic link loop"),
    Case("nasty-names.txt", "built"),
    Case("nasty-names.html", "built"),
    Case(HUGE, "error", MAX_TEXT_ENV),
]
BY_NAME = {c.name: c for c in CASES}


def write_bad_inputs(folder: Path) -> Path:
    """Write the folder of bad (and a few good) inputs; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    w = lambda name, data: (folder / name).write_bytes(data)  # noqa: E731
    w("good-letter.txt", GOOD_LETTER.encode())
    w("empty.txt", b"")
    w("whitespace-only.txt", " \t\r\n  \n\n\u00a0\u2003\x0b\x0c\n".encode())
    w("png-renamed.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    w("invalid-utf8.txt", b"The Council met \xff\xfe\xc3\x28 in Geneva on 3 May 2021.\n")
    w("cp1252-encoded-letter-from-an-old-windows-word-processor.txt",
      "The Council welcomed Côte d’Ivoire – “a partner”.\n".encode("cp1252"))
    w("utf16-with-bom.txt", "\ufeffThe Council met in Genève with Peru.\n".encode("utf-16-le"))
    good_pdf = pdf_with_text(["Peru supports the Council."])
    w("truncated.pdf", good_pdf[: len(good_pdf) // 2])
    w("encrypted.pdf", encrypted_pdf())
    w("text-with-a-damaged-xref.pdf", pdf_with_text(["Peru and Chile support the Council."], bad_startxref=True))
    w(UNREADABLE, b"Peru supports the Council.\n")
    os.chmod(folder / UNREADABLE, 0)
    loop = folder / "symlink-loop.txt"
    if not loop.is_symlink():
        os.symlink(loop.name, loop)  # points at itself
    w("nasty-names.txt", NASTY.encode())
    w("nasty-names.html", NASTY_HTML.encode())
    line = "The Council met on the situation in Peru and adopted a resolution.\n"
    w(HUGE, (line * (20_000_000 // len(line) + 1)).encode())
    return folder


def unreadable_is_readable(path: Path) -> bool:
    """chmod 000 does not stop root (or CAP_DAC_OVERRIDE) from reading."""
    try:
        with open(path, "rb"):
            return True
    except PermissionError:
        return False


ROOT_SKIP = ("running as root: chmod 000 does not stop root from reading the file; the "
             "permission-denied path is tested through a PermissionError instead "
             "(test_permission_denied_is_one_line)")


def expected_outcome(folder: Path, case: Case) -> str:
    if case.name == UNREADABLE and unreadable_is_readable(folder / case.name):
        return "built"
    return case.outcome


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> Path:
    return write_bad_inputs(tmp_path_factory.mktemp("bad") / "inputs")


# ----------------------------------------------------------------------------------- ingest


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_each_bad_file_gets_one_line_naming_it(bad_inputs, name):
    case = BY_NAME[name]
    path = bad_inputs / name
    if name == UNREADABLE and unreadable_is_readable(path):
        pytest.skip(ROOT_SKIP)
    if case.outcome == "error":
        with pytest.raises(InputError) as info:
            read_document(path)
        message = str(info.value)
        assert message.startswith(f"{path}: ") and case.reason in message
        assert "\n" not in message and info.value.path == str(path)
        return
    doc = read_document(path)
    assert doc.text.strip()
    if case.outcome == "warning":
        assert doc.warnings, name
        assert all(w.startswith(f"{path}: ") and "\n" not in w for w in doc.warnings)
        assert any(case.reason in w for w in doc.warnings)
    else:
        assert doc.warnings == []


def test_permission_denied_is_one_line(tmp_path, monkeypatch):
    """The same path as chmod 000 for a user other than root: reading raises PermissionError."""
    f = tmp_path / "locked.txt"
    f.write_text("Peru supports the Council.\n")

    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError) as info:
        read_document(f)
    assert str(info.value) == f"{f}: permission denied"


def test_a_symlink_loop_or_a_broken_link_in_a_folder_is_reported_not_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("Peru supports the Council.\n")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.symlink("gone.txt", tmp_path / "dangling.txt")
    files, errors = discover([tmp_path])
    assert errors == []
    assert [f.name for f in files] == ["a.txt", "dangling.txt", "loop.txt"]
    reasons = {}
    for f in files[1:]:
        with pytest.raises(InputError) as info:
            read_document(f)
        reasons[f.name] = info.value.reason
    assert reasons == {"dangling.txt": "broken symbolic link (its target does not exist)",
                       "loop.txt": "symbolic link loop (too many levels of symbolic links)"}


def test_the_size_limit_names_itself_and_how_to_raise_it(tmp_path, monkeypatch):
    f = tmp_path / "long.txt"
    f.write_text("Peru supports the Council. " * 100)
    monkeypatch.delenv(MAX_TEXT_ENV, raising=False)
    assert max_text_chars() == 2_000_000
    assert read_document(f).text
    monkeypatch.setenv(MAX_TEXT_ENV, "0.001")
    with pytest.raises(InputError) as info:
        read_document(f)
    assert str(info.value) == (f"{f}: too large: 2,700 characters of text, above the limit of 1,000 "
                               f"(raise it with {MAX_TEXT_ENV}=<millions of characters>, or split the file)")
    monkeypatch.setenv(MAX_TEXT_ENV, "30")
    assert max_text_chars() == 30_000_000
    for bad in ("lots", "0", "-1", "inf", "nan"):  # ignored, with a warning
        monkeypatch.setenv(MAX_TEXT_ENV, bad)
        assert max_text_chars() == 2_000_000 and read_document(f).text


def test_the_20mb_text_is_refused_quickly_without_cleaning_it(bad_inputs, monkeypatch):
    monkeypatch.delenv(MAX_TEXT_ENV, raising=False)
    t = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_document(bad_inputs / HUGE)
    assert time.perf_counter() - t < 10  # reading and decoding only (cleaning 20 MB takes far longer)
    assert "too large: 20,000,036 characters of text, above the limit of 2,000,000 " in str(info.value)


def test_a_single_1mb_line_is_read_and_maps_back(tmp_path):
    """Generated here, not committed. One line of a million characters (a PDF extracted without
    line breaks looks like this): cleaning is linear and every word maps back to the file."""
    words = ("The delegation of France welcomed resolution 2195 (2014) with Peru, S/2020/1 and "
             "the Russian Federation **as** <b>always</b>").split()
    rng = np.random.default_rng(8)
    line = " ".join(words[i] for i in rng.integers(0, len(words), 160_000))[:1_000_000]
    f = tmp_path / "one-line.md"
    f.write_text(line)
    t = time.perf_counter()
    d = read_document(f)
    assert time.perf_counter() - t < 20
    assert len(d.raw) == 1_000_000 and "\n" not in d.text
    pos = d.positions
    assert len(pos) == len(d.text) + 1 and pos[-1] == len(d.raw) and np.all(np.diff(pos) > 0)
    i = d.text.rindex("France")
    s, e = d.to_raw(i, i + len("France"))
    assert d.raw[s:e] == "France"


def test_nasty_names_are_text_and_html_is_cleaned(bad_inputs):
    txt = read_document(bad_inputs / "nasty-names.txt")
    assert txt.raw == NASTY and '"France" } ; DROP ALL ; #' in txt.text  # .txt: nothing is markup
    html = read_document(bad_inputs / "nasty-names.html")
    assert "France" in html.text and "Russian Federation" in html.text and "Chile" in html.text
    # script, style and comment contents are not text (they reached NLP before this issue)
    for hidden in ("alert", "Ecuador", "color: red", "Bolivia"):
        assert hidden not in html.text, hidden
    for d in (txt, html):
        for name in ("France", "Russian Federation", "Viet Nam"):
            i = d.text.index(name)
            s, e = d.to_raw(i, i + len(name))
            assert d.raw[s:e] == name


@pytest.mark.parametrize("damage,raised", [
    ((b"xref\n0 6", b"xref\n0 0"), "LimitReachedError"),  # pypdf: not a PdfReadError
    ((b"trailer\n<<", b"trailer0<<"), "AttributeError"),  # pypdf: 'NumberObject' object has no attribute 'items'
])
def test_a_damaged_pdf_is_an_input_error_whatever_pypdf_raises(tmp_path, damage, raised):
    """Found by test_properties: these escaped read_document as crashes."""
    data = pdf_with_text(["Letter dated 3 May 2021", "Peru supports the Council."])
    assert damage[0] in data
    f = tmp_path / "damaged.pdf"
    f.write_bytes(data.replace(*damage))
    with pytest.raises(InputError) as info:
        read_document(f)
    assert str(info.value).startswith(f"{f}: unreadable PDF ({raised}: ") and "\n" not in str(info.value)


def test_pdf_reader_warnings_name_the_file_and_do_not_leak_to_the_log(bad_inputs, caplog):
    path = bad_inputs / "text-with-a-damaged-xref.pdf"
    pypdf_log = logging.getLogger("pypdf")
    handlers, propagate = list(pypdf_log.handlers), pypdf_log.propagate
    with caplog.at_level(logging.WARNING):
        d = read_document(path)
        with pytest.raises(InputError):
            read_document(bad_inputs / "truncated.pdf")
    assert "Peru and Chile" in d.text
    assert d.warnings and all(w.startswith(f"{path}: PDF reader: ") for w in d.warnings)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert pypdf_log.handlers == handlers and pypdf_log.propagate == propagate  # restored


# -------------------------------------------------------------------------------------- CLI


def run_unkg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", MAX_TEXT_ENV)}
    e.update(env or {})
    return subprocess.run([str(UNKG), *args], capture_output=True, text=True, env=e, timeout=600, cwd=ROOT)


@pytest.fixture(scope="module")
def cli_build(bad_inputs, tmp_path_factory):
    """``unkg build <bad inputs> --out OUT`` run once, as a user runs it."""
    out = tmp_path_factory.mktemp("bad-graph") / "graph"
    return run_unkg("build", str(bad_inputs), "--out", str(out), "--no-view"), out


def test_cli_reports_each_bad_file_once_and_builds_the_rest(bad_inputs, cli_build):
    result, out = cli_build
    assert result.returncode == 1, result.stderr
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("unkg: error: ")]
    # log records print as "unkg: WARNING: ..." (pypdf's "EOF marker not found" did, without a file)
    assert not [line for line in lines if line.startswith(("unkg: WARNING:", "unkg: ERROR:"))], result.stderr
    expected_errors = [c for c in CASES if expected_outcome(bad_inputs, c) == "error"]
    assert len(errors) == len(expected_errors), result.stderr
    for case in expected_errors:
        mine = [e for e in errors if f"{bad_inputs / case.name}: " in e]
        assert len(mine) == 1 and case.reason in mine[0], (case, result.stderr)
    unwrapped = result.stderr.replace("\n", "")  # see test_cli_warnings_are_one_line_each
    for case in CASES:
        if expected_outcome(bad_inputs, case) == "warning":
            assert f"unkg: warning: {bad_inputs / case.name}: " in unwrapped and case.reason in unwrapped

    import unkg

    kg = unkg.open(out)
    built = {r["file"] for r in kg.query("documents").records()}
    assert built == {c.name for c in CASES if expected_outcome(bad_inputs, c) in ("built", "warning")}


def test_cli_offsets_of_nasty_names_slice_the_files(bad_inputs, cli_build):
    import unkg

    result, out = cli_build
    kg = unkg.open(out)
    rows = []
    for name in ("France", "Russian Federation", "Peru", "Chile", "Viet Nam", "Ecuador", "Bolivia"):
        rows += kg.query("provenance", entity=name).records()
    nasty = [r for r in rows if r["file"].startswith("nasty-names")]
    assert {(r["file"], r["entity"]) for r in nasty} >= {
        ("nasty-names.txt", "France"), ("nasty-names.txt", "Russian Federation"),
        ("nasty-names.html", "France"), ("nasty-names.html", "Russian Federation")}
    # names inside <script> and comments of the HTML file are not mentions
    assert not [r for r in nasty if r["entity"] in ("Ecuador", "Bolivia")]
    from .conftest import names_of, spells

    for r in rows:
        raw = read_document(bad_inputs / r["file"]).raw
        assert spells(raw, r, names_of(kg, r["entity"])), r
    # SPARQL in a parameter is a value to compare with, not query text
    assert kg.query("provenance", entity='France" } ; DROP ALL ; #').records() == []
    assert len(kg.query("documents").records()) > 0


def test_cli_warnings_are_one_line_each(bad_inputs, cli_build):
    result, _ = cli_build
    for case in CASES:
        if expected_outcome(bad_inputs, case) == "warning":
            assert any(line.startswith(f"unkg: warning: {bad_inputs / case.name}: ") and case.reason in line
                       for line in result.stderr.splitlines()), (case, result.stderr)


def test_cli_debug_shows_the_traceback_and_only_then(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = pdf_with_text(["Peru supports the Council."])
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 2])
    (folder / "empty.txt").write_bytes(b"")
    plain = run_unkg("build", str(folder), "--out", str(tmp_path / "g"), "--no-view")
    assert plain.returncode == 1
    assert "Traceback" not in plain.stderr + plain.stdout
    lines = plain.stderr.splitlines()  # one line per file, nothing else (nothing was built)
    assert len(lines) == 2 and all(line.startswith("unkg: error: ") for line in lines), plain.stderr
    debug = run_unkg("--debug", "build", str(folder), "--out", str(tmp_path / "g"), "--no-view")
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr and "PdfStreamError" in debug.stderr
    assert f"unkg: error: {folder / 'truncated.pdf'}: unreadable PDF" in debug.stderr


def test_cli_size_limit_can_be_raised_or_lowered(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("Peru supports the Council. " * 100)
    r = run_unkg("build", str(folder), "--out", str(tmp_path / "g"), "--no-view", env={MAX_TEXT_ENV: "0.001"})
    assert r.returncode == 1
    assert r.stderr.splitlines() == [f"unkg: error: {folder / 'long.txt'}: too large: 2,700 characters of text, "
                                     f"above the limit of 1,000 (raise it with {MAX_TEXT_ENV}=<millions of "
                                     "characters>, or split the file)"]
    # not a number: a warning saying so, and the default limit (not "a bug in unkg" for every file)
    (folder / "long.txt").write_text("x" * 2_000_001)
    r = run_unkg("build", str(folder), "--out", str(tmp_path / "g"), "--no-view", env={MAX_TEXT_ENV: "many"})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{MAX_TEXT_ENV}='many' is not a positive number" in r.stderr
    assert "long.txt: too large: 2,000,001 characters of text, above the limit of 2,000,000 " in r.stderr


if __name__ == "__main__":  # write the folder somewhere to look at it: python tests/test_bad_inputs.py DIR
    print(write_bad_inputs(Path(sys.argv[1])))
