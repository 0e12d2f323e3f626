"""A letter as a UN PDF: what a PDF reader gives of the page (the organ and the symbol on one
line, a job number with its date code, a title wrapped over two lines, a ligature) must give the
same facts as the letter in text."""

import unkg
from unkg.ingest import read_document

from .pdfs import un_letter


def test_a_pdf_letter_keeps_its_symbol_kind_title_and_date(tmp_path):
    d = read_document(un_letter(tmp_path / "letter.pdf"))
    assert (d.meta.symbol, d.meta.kind, d.meta.date) == ("S/2031/215", "letter", "2031-03-01")
    assert d.meta.title == ("Letter dated 1 March 2031 from the Permanent Representative of Peru to the United "
                            "Nations addressed to the Secretary-General")
    assert "\ufb01" not in d.text and "financing of terrorism" in d.text
    assert "31-04123" not in d.text  # the job number and its date code are page furniture


def test_a_pdf_letter_gives_its_sender_signatory_addressee_and_themes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    un_letter(src / "letter.pdf")
    out = tmp_path / "g"
    assert unkg.build([src], out).ok
    (facts,) = unkg.open(out).facts()
    rels = {(r["predicate"], r["object"]) for r in facts["relations"]}
    assert {("sentBy", "PER"), ("signedBy", "Gustavo Meza-Cuadra"), ("addressedTo", "Secretary-General")} <= rels
    assert {"terrorist-financing", "terrorism"} <= {e["id"] for e in facts["entities"] if e["type"] == "Theme"}
