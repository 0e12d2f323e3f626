"""The HTML view: self-contained, and never markup from documents."""

import re

import unkg


def test_the_default_view_is_self_contained(kg, tmp_path):
    path = kg.view(out=tmp_path / "net.html")
    html = path.read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', html) == []
    assert "cdn" not in html.lower().replace("cdnjs", "") or "cdnjs" not in html
    assert '"ident":"CSTO"' in html


def test_document_text_cannot_become_markup(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "evil.txt").write_text(
        "Letter dated 1 May 2020 from the Permanent Representative of Peru addressed to the Secretary-General\n"
        "The Frobnitz <img src=x onerror=alert(1)> Group (FNG) met the Council. "
        "</script><script>alert(2)</script> Peru and Chile agreed.\n", encoding="utf-8")
    out = tmp_path / "g"
    unkg.build([d], out)
    html = unkg.open(out).view().read_text(encoding="utf-8")
    data = html[html.index('id="graph-data"'):]
    data = data[: data.index("</script>")]
    assert "<img" not in data and "<script" not in data


def test_focus_and_kinds(kg, tmp_path):
    focus = kg.view(focus="CSTO", depth=1, out=tmp_path / "f.html").read_text(encoding="utf-8")
    assert '"ident":"CSTO"' in focus
    for kind in ("citations", "themes"):
        assert kg.view(kind, out=tmp_path / f"{kind}.html").stat().st_size > 100_000
