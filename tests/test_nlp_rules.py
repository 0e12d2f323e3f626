"""The rule components on spacy.blank("en"): no trained model needed."""

import pytest
import spacy

from unkg import nlp as unkg_nlp  # noqa: F401  (registers the components)
from unkg.nlp import CITATIONS, DEFINED, NAMES, THEMES, THINGS, find_definitions, list_items


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return unkg_nlp.add_components(nlp)


def spans(doc, group):
    return [(s.text, s.label_, s.id_) for s in doc.spans[group]]


def test_reference_names_official_and_common(blank):
    doc = blank("The Russian Federation and Russia, Iran (Islamic Republic of) and Türkiye.")
    found = {(t, k) for t, _, k in spans(doc, NAMES)}
    assert {("Russian Federation", "RUS"), ("Russia", "RUS"), ("Iran (Islamic Republic of)", "IRN"), ("Türkiye", "TUR")} <= found


def test_the_council_is_the_security_council_but_not_other_councils(blank):
    doc = blank("The Council decides. The Council of Europe met.")
    councils = [(s.start_char, s.id_) for s in doc.spans[NAMES] if s.id_ == "Security Council"]
    assert councils == [(4, "Security Council")]


def test_a_name_defined_with_its_acronym_is_found_and_reused(blank):
    doc = blank("The Frobnitz Action Group (FAG) met. Later FAG decided.")
    got = spans(doc, DEFINED)
    assert ("Frobnitz Action Group", "Organization", "FAG") in got
    assert sum(1 for t, _, k in got if t == "FAG") == 2
    assert doc._.unkg_local["FAG"][1] == "Frobnitz Action Group"


@pytest.mark.parametrize("text,thing", [
    ("States shall collect Passenger Name Record (PNR) data; PNR data is shared.", "Passenger Name Record"),
    ("It supports Security Sector Reform (SSR) in Somalia, and SSR is key.", "Security Sector Reform"),
])
def test_a_defined_thing_is_no_organization_and_no_other_rule_names_it(blank, text, thing):
    doc = blank(text)
    assert spans(doc, DEFINED) == [] and thing not in doc._.unkg_local
    acronym = thing.split()[0][0] + thing.split()[1][0] + thing.split()[2][0]
    assert [s.text for s in doc.spans[THINGS]] == [thing, acronym, acronym]


def test_a_defined_name_with_a_bodys_head_in_any_case_or_number_is_an_organization(blank):
    doc = blank("The Lebanese Armed Forces (LAF) and the ATOMIC ENERGY ORGANISATION OF IRAN (AEOI) met.")
    assert {k for _, t, k in spans(doc, DEFINED) if t == "Organization"} == {"LAF", "AEOI"}


def test_find_definitions_takes_the_name_the_initials_give():
    text = "the contribution of the Collective Security Treaty Organization (CSTO) to peace"
    ((s, e, name, _, _, acr),) = find_definitions(text)
    assert name == "Collective Security Treaty Organization" and acr == "CSTO" and text[s:e] == name


def test_citations_component(blank):
    doc = blank("recalling resolutions 1373 (2001) and 2462 (2019) and S/PRST/2018/9")
    assert [k for _, _, k in spans(doc, CITATIONS)] == ["S/RES/1373 (2001)", "S/RES/2462 (2019)", "S/PRST/2018/9"]


def test_themes_by_word_and_by_list_item(blank):
    doc = blank("the linkages between terrorism and organized crime, including the trafficking of arms, persons and drugs")
    themes = {k for _, _, k in spans(doc, THEMES)}
    assert {"terrorism", "organized-crime", "arms-trafficking", "trafficking-in-persons", "drug-trafficking"} <= themes


def test_single_word_terms_do_not_match_other_forms(blank):
    doc = blank("in accordance with international refugee law")
    assert "displacement" not in {k for _, _, k in spans(doc, THEMES)}


def test_list_items_stop_at_the_end_of_the_clause():
    text = "trafficking in persons; weapons were seized"
    assert [t for *_, t in list_items(text)] == ["trafficking-in-persons"]


def test_a_line_break_starts_a_sentence(blank):
    doc = blank("I. Background\nThe Council met")
    assert [s.text.strip() for s in doc.sents] == ["I. Background", "The Council met"]


def test_a_bodys_head_word_is_in_no_persons_name():
    from collections import Counter

    from unkg.extract.persons import plausible

    assert not plausible("Bar Association", Counter())
    assert not plausible("Liberia Peacebuilding Office", Counter())
    assert plausible("Staffan de Mistura", Counter())


def test_the_soviet_union_is_the_state_that_continued_its_membership(blank):
    doc = blank("The Union of Soviet Socialist Republics and the USSR voted against.")
    assert {(t, k) for t, _, k in spans(doc, NAMES)} >= {("Union of Soviet Socialist Republics", "RUS"), ("USSR", "RUS")}


@pytest.mark.parametrize("text,kept", [
    ("This Joint Commission met in Juba.", None),  # refers back to a body named before
    ("The Police Contributing Countries met.", None),  # a group of States
    ("The Office of the Special Envoy met.", None),  # a kind of office: whose?
    ("The Office of the Special Envoy for the Sahel met.", "Office of the Special Envoy for the Sahel"),
    ("The Regional Centre for Maritime Security met.", "Regional Centre for Maritime Security"),
])
def test_a_name_the_model_finds_is_an_organization_only_when_it_is_a_whole_bodys_name(text, kept):
    from spacy.tokens import Span

    from unkg.extract.spans import clean_ner

    doc = spacy.blank("en")(text)
    words = [t for t in doc if not t.is_punct]
    start = 1 if words[0].lower_ == "the" else 0
    end = next(t.i for t in doc if t.text == "met")
    got = clean_ner(Span(doc, start, end, label="ORG"))
    assert (got[1] if got else None) == kept


def test_the_parallel_french_of_an_early_resolution_is_a_foreign_block():
    from unkg.extract.structure import foreign_blocks

    text = ("At its 331st meeting, on 7 July 1948, the Council decided to ask the Mediator to act.\n\n"
            "A sa 331e séance, le 7 juillet 1948, le Conseil a décidé de demander au Médiateur d'agir.\n\n"
            "The Security Council,\n\nPrie le Secrétaire général de faire rapport.\n")
    blocks = [text[s:e] for s, e in foreign_blocks(text)]
    assert blocks == ["A sa 331e séance, le 7 juillet 1948, le Conseil a décidé de demander au Médiateur d'agir."]
    # an English paragraph that names people and places with particles stays English
    english = "The Special Envoy, Staffan de Mistura, and the Force Commander of the United Nations met in La Paz."
    assert foreign_blocks(english) == []


def test_pdf_text_with_split_words_is_not_a_foreign_block():
    from unkg.extract.structure import foreign_blocks

    # letters split apart by PDF extraction ("le v el", "intensi f y") are not French or Spanish
    assert foreign_blocks("gional or subregional le v el should intensi f y their e ff orts") == []
