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


RECORD = {1540: 2004, 1673: 2006, 2178: 2014, 2195: 2014, 2106: 2013, 2122: 2013, 2242: 2015, 2640: 2022}


def record_ids(text):
    return [c.id for c in find_citations(text, RECORD)]


def test_a_list_that_carries_dates():
    assert record_ids("resolutions 1540 (2004) of 28 April 2004, 1673 (2006) of 27 April 2006 and 2178 (2014)") == [
        "S/RES/1540 (2004)", "S/RES/1673 (2006)", "S/RES/2178 (2014)"]


def test_words_between_resolutions_and_the_numbers():
    assert record_ids("its resolutions on Countering Terrorism including 2178 (2014), 2195 (2014)") == [
        "S/RES/2178 (2014)", "S/RES/2195 (2014)"]


def test_a_missing_comma_and_a_line_break_inside_a_list():
    assert record_ids("resolutions 2106 (2013) 2122 (2013) and\n2242 (2015)") == [
        "S/RES/2106 (2013)", "S/RES/2122 (2013)", "S/RES/2242 (2015)"]


def test_an_item_with_a_wrong_year_is_passed_over_and_the_list_goes_on():
    assert record_ids("resolutions 2178 (2014), 2195 (2015), 2106 (2013) and 2122 (2013)") == [
        "S/RES/2178 (2014)", "S/RES/2106 (2013)", "S/RES/2122 (2013)"]


def test_a_pair_the_record_does_not_confirm_is_not_cited_outside_a_list():
    assert record_ids("the Agenda 2030 (2015) and 2195 (2015)") == []


def test_resolutions_after_the_record_follow_the_numbering():
    # 2713 is after the last resolution of the record (2640, 2022): a year from 2022 on is
    # plausible; the document's own full citation gives "resolution 2713" its year
    assert record_ids("resolution 2713 (2023) ... paragraph 3 of resolution 2713") == ["S/RES/2713 (2023)", "S/RES/2713 (2023)"]
    assert record_ids("resolution 2713 (2019)") == []


def test_a_joint_symbol_names_both_of_its_symbols():
    assert record_ids("the report (A/70/357-S/2015/682) of the Panel") == ["A/70/357", "S/2015/682"]


def test_the_number_of_the_next_paragraph_is_not_an_item_of_the_list():
    assert record_ids("Recalling its resolution 2178 (2014),\n\n1. Requests the Secretary-General") == ["S/RES/2178 (2014)"]
    assert record_ids("resolutions 2178 (2014) and\n2195 (2014)") == ["S/RES/2178 (2014)", "S/RES/2195 (2014)"]
