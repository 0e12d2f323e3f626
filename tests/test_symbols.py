import pytest

from unkg.symbols import find_citations, normalise_symbol

YEARS = {1267: 1999, 2395: 2017, 1373: 2001}


def ids(text):
    return [(c.type, c.id) for c in find_citations(text, YEARS)]


def test_a_list_of_resolutions_names_each_one():
    assert ids("resolutions 1373 (2001), 2195 (2014) and 2462 (2019)") == [
        ("Resolution", "S/RES/1373 (2001)"), ("Resolution", "S/RES/2195 (2014)"), ("Resolution", "S/RES/2462 (2019)")]


@pytest.mark.parametrize("text,expected", [
    ("S/PRST/2018/9", "S/PRST/2018/9"),
    ("see S/2018/1177, annex", "S/2018/1177"),
    ("General Assembly resolution 60/288", "A/RES/60/288"),
    ("A/RES/60/288.", "A/RES/60/288"),
    ("the record S/PV.8699.", "S/PV.8699"),
    ("(PRST/2018/9)", "S/PRST/2018/9"),
    ("A/S-23/10/Rev.1", "A/S-23/10/Rev.1"),
    ("press statement SC/6816", "SC/6816"),
    ("resolution 2625 (XXV) of the Assembly", "A/RES/2625(XXV)"),
])
def test_document_symbols(text, expected):
    assert ("Document", expected) in ids(text)


def test_a_resolution_without_year_takes_it_from_the_record():
    assert ids("paragraph 3 of resolution 2395") == [("Resolution", "S/RES/2395 (2017)")]


def test_a_year_that_contradicts_the_record_is_not_a_council_resolution():
    assert ids("resolution 1373 (1999)") == []


def test_offsets_slice_the_citation():
    text = "In its resolution 1373 (2001), the Council"
    (c,) = find_citations(text, YEARS)
    assert text[c.start:c.end] == "1373 (2001)"


def test_things_that_look_like_symbols_but_are_not():
    assert ids("and/or 24/7 km/h") == []


def test_normalise_symbol():
    assert normalise_symbol("S / PRST / 2018 / 9") == "S/PRST/2018/9"
    assert normalise_symbol("PRST/2018/9") == "S/PRST/2018/9"
