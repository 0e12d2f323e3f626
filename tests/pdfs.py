"""A PDF of a UN letter, written here (as a UN document's PDF lays it out: the organ's name and
the symbol on one line, the distribution block, job number and bar code, the title over two
lines, a ligature in a word), so that the tests read what a PDF reader gives of such a page."""

from __future__ import annotations

from pathlib import Path


def _escape(text: str) -> bytes:
    # the "fi" ligature is code 1 of the font's encoding (its /Differences): fonts of PDFs do that
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\ufb01", "\x01").encode("cp1252")


def write_pdf(path: Path, lines: list[tuple[float, float, str]]) -> Path:
    """A one-page PDF with each (x, y, text) drawn in Helvetica (a standard font: nothing
    embedded)."""
    content = b"".join(b"BT /F1 10 Tf %.1f %.1f Td (%s) Tj ET\n" % (x, y, _escape(t)) for x, y, t in lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding "
        b"/Differences [1 /fi] >> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def un_letter(path: Path) -> Path:
    """A letter from a Permanent Representative to the Secretary-General, as a UN PDF."""
    return write_pdf(path, [
        (72, 740, "United Nations"), (430, 740, "S/2031/215"),
        (72, 725, "Security Council"), (430, 725, "Distr.: General"),
        (430, 712, "4 March 2031"), (430, 699, "Original: English"),
        (72, 670, "31-04123 (E) 050331"), (72, 657, "*3104123*"),
        (72, 620, "Letter dated 1 March 2031 from the Permanent Representative of Peru to the United"),
        (72, 607, "Nations addressed to the Secretary-General"),
        (90, 580, "I have the honour to transmit the concept note for the open debate on the \ufb01nancing of"),
        (72, 567, "terrorism, to be held on 12 March 2031."),
        (90, 540, "I should be grateful if the present letter could be circulated as a document of the"),
        (72, 527, "Security Council."),
        (300, 490, "(Signed) Gustavo Meza-Cuadra"),
        (300, 477, "Permanent Representative"),
    ])
