import numpy as np
import pytest

from unkg.errors import InputError
from unkg.ingest import apply_edits, Edit, clean, discover, read_document, read_metadata

from .conftest import PERU, SEEDS


def test_markdown_is_cleaned_and_offsets_point_into_the_file():
    raw = "In resolutions [1373 \\(2001\\)](#) and **2195**.\n"
    text, pos = clean(raw, ".md")
    assert text == "In resolutions 1373 (2001) and 2195.\n"
    i = text.index("1373 (2001)")
    start, end = int(pos[i]), int(pos[i + len("1373 (2001)") - 1]) + 1
    assert raw[start:end] == "1373 \\(2001\\)"


def test_apply_edits_keeps_a_sentinel_and_skips_overlaps():
    text, pos = apply_edits("abcdef", [Edit(1, 3), Edit(2, 4, "X"), Edit(5, 6, "YZ")])
    assert text == "adeYZ"
    assert list(pos) == [0, 3, 4, 5, 5, 6]


def test_seed_letter_metadata():
    d = read_document(PERU)
    assert d.meta.kind == "concept note"
    assert d.meta.date == "2019-06-27"  # the date it was written ("Letter dated 27 June 2019"), not distributed
    assert "Permanent Representative of Peru" in d.meta.title
    assert "**" not in d.text and "\\(" not in d.text


def test_pdf_page_furniture_is_removed_but_the_text_survives():
    d = read_document(SEEDS / "S-RES-2195-2014.txt")
    assert "14-67661" not in d.text
    assert "*1467661*" not in d.text and "1467661" not in d.text
    assert d.text.count("S/RES/2195 (2014)") == 1  # the running header appears once
    # the sentence broken by a page boundary is whole again
    assert "held in Nairobi on 2 September 2014" in d.text
    assert d.meta.symbol == "S/RES/2195 (2014)" and d.meta.date == "2014-12-19" and d.meta.kind == "resolution"


def test_meeting_record_header():
    d = read_document(SEEDS / "S-PV-8699.txt")
    assert d.meta.kind == "meeting record" and d.meta.symbol == "S/PV.8699" and d.meta.date == "2020-01-09"
    assert "20-00676" not in d.text


def test_cp1252_is_read_with_a_warning(tmp_path):
    f = tmp_path / "old.txt"
    f.write_bytes("Côte d’Ivoire and the Council".encode("cp1252"))
    d = read_document(f)
    assert d.text.startswith("Côte d’Ivoire")
    assert d.warnings and "cp1252" in d.warnings[0]


def test_utf16_with_bom(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_bytes("\ufeffPeru and Chile".encode("utf-16-le").replace(b"\xff\xfe\xff\xfe", b"\xff\xfe"))
    f.write_bytes(b"\xff\xfe" + "Peru and Chile".encode("utf-16-le"))
    assert read_document(f).text == "Peru and Chile"


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"), (b"   \n\t ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "image"), (b"ab\x00cd", "binary"),
])
def test_bad_files_get_a_one_line_reason(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_document(f)
    assert reason in str(info.value) and str(f) in str(info.value) and "\n" not in str(info.value)


def test_discover_reports_missing_paths_and_empty_folders(tmp_path):
    (tmp_path / "empty").mkdir()
    files, errors = discover([tmp_path / "nope.txt", tmp_path / "empty", PERU])
    assert files == [PERU]
    assert len(errors) == 2 and "no such file" in str(errors[0]) and "holds no" in str(errors[1])


def test_metadata_of_a_presidential_statement():
    m = read_metadata("Statement by the President of the Security Council\nAt the 8475th meeting", "S-PRST-2019-5.txt")
    assert m.kind == "presidential statement" and m.symbol == "S/PRST/2019/5"


@pytest.mark.parametrize("text,name,kind,date,title", [
    # a resolution: the adoption line (here after a line break), the title from the symbol
    ("UNITED\n\nNATIONS\n\nS/RES/9999 (2031)\n\nAdopted by the Security Council at its 9999th meeting, on\n3 May 2031\n",
     "x.txt", "resolution", "2031-05-03", "Resolution 9999 (2031)"),
    ("# Resolution 9998 (2031)\n\nAdopted by the Security Council on 16 April 2031\n", "x.txt", "resolution", "2031-04-16",
     "Resolution 9998 (2031)"),
    # a presidential statement: "held on", or "On <date>," when the Council met by videoconference
    ("Statement by the President of the Security Council\n\nAt the 9000th meeting of the Security Council, held on "
     "19 January 2031, in connection with ...", "S-PRST-2031-1.txt", "presidential statement", "2031-01-19",
     "Statement by the President of the Security Council"),
    ("Statement by the President of the Security Council\n\nOn 3 February 2031, in connection with ...",
     "S-PRST-2031-2.txt", "presidential statement", "2031-02-03", "Statement by the President of the Security Council"),
    # a letter: the date it was written, the year from the symbol when the letter leaves it out
    ("United Nations S/2031/7\nDistr.: General\n12 March 2031\n\nLetter dated 10 March 2031 from the Secretary-General "
     "addressed to the President of the Security Council\n", "x.txt", "letter", "2031-03-10",
     "Letter dated 10 March 2031 from the Secretary-General addressed to the President of the Security Council"),
    ("## Letter dated 10 July from the Secretary-General addressed to the President of the Security Council\n",
     "S-2031-456.txt", "letter", "2031-07-10", None),
    # a meeting record: the weekday line
    ("S/PV.9001\n\n9001st meeting\nThursday, 9 January 2031, 10 a.m.\nNew York\n", "x.txt", "meeting record",
     "2031-01-09", "9001st meeting"),
])
def test_metadata_from_the_documents_own_conventions(text, name, kind, date, title):
    m = read_metadata(text, name)
    assert (m.kind, m.date) == (kind, date)
    if title:
        assert m.title == title


def test_the_record_of_resolutions_gives_the_adoption_date():
    # S/RES/1267 (1999) was adopted on 15 October 1999 (resolutions.tsv); the text's own header is
    # "UNITED / NATIONS", which is not its title
    m = read_metadata("UNITED\n\nNATIONS\n\nDistr.\n\nGENERAL\n\nS/RES/1267 (1999)\n", "x.txt")
    assert (m.date, m.title) == ("1999-10-15", "Resolution 1267 (1999)")


def test_a_note_dated_only_in_its_page_furniture_keeps_that_date(tmp_path):
    # the reissue line is a footnote the cleaning removes; it is the only date the note gives
    f = tmp_path / "S-2031-44.txt"
    f.write_text("*\tReissued for technical reasons on 25 February 2031.\n\n## Note by the President of the "
                 "Security Council\n\n1. The present note sets forth practical arrangements.\n", encoding="utf-8")
    d = read_document(f)
    assert "Reissued" not in d.text
    assert (d.meta.kind, d.meta.date, d.meta.title) == ("note", "2031-02-25", "Note by the President of the Security Council")


def test_positions_are_monotonic_for_every_seed():
    for f in sorted(SEEDS.glob("*.txt"))[:20]:
        d = read_document(f)
        assert len(d.positions) == len(d.text) + 1
        assert np.all(np.diff(d.positions) >= 0)


def test_words_split_by_pdf_extraction_are_rejoined_and_offsets_still_slice_the_file(tmp_path):
    from unkg.ingest import read_document

    raw = ("Concerned that terrorists benefit from crime, from trafficking and from ransom,\n"
           "as well as fr om kidnapping, the Council acts up on it and acts upon it.\n")
    p = tmp_path / "S-RES-9999-2099.txt"
    p.write_text(raw, encoding="utf-8")
    d = read_document(p)
    assert "as well as from kidnapping" in d.text
    assert "acts up on it" in d.text  # "upon" occurs only once elsewhere: not evidence enough
    i = d.text.index("from kidnapping")
    s, e = d.to_raw(i, i + len("from kidnapping"))
    assert raw[s:e] == "fr om kidnapping"
