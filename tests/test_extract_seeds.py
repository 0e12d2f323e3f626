"""End to end on seeds/: facts a reader of the two concept-note letters would expect."""


def ents(facts, doc, type_):
    return {e["id"] for e in facts[doc]["entities"] if e["type"] == type_}


def rels(facts, doc):
    return {(r["subject"], r["predicate"], r["object"]) for r in facts[doc]["relations"]}


PERU = "000_ed5db1d5ad99901b.txt"
RUS = "003_1fb2cdfbb095d01d.txt"


def test_peru_sent_the_first_letter_and_presides_in_july_2019(seeds_facts):
    r = rels(seeds_facts, PERU)
    assert ("$doc", "sentBy", "PER") in r
    assert ("$doc", "signedBy", "Gustavo Meza-Cuadra") in r
    assert ("PER", "presidentOfCouncil", "2019-07") in r


def test_the_first_letter_cites_resolution_1373_and_the_presidential_statements(seeds_facts):
    r = rels(seeds_facts, PERU)
    assert ("$doc", "cites", "S/RES/1373 (2001)") in r
    assert {"S/PRST/2018/9", "S/PRST/2010/4", "S/2018/1177"} <= ents(seeds_facts, PERU, "Document")
    assert ("S/RES/2331 (2016)", "addresses", "trafficking-in-persons") in r


def test_the_second_letter_names_the_csto_the_cis_and_the_sco(seeds_facts):
    orgs = {e.get("label", e["id"]) for e in seeds_facts[RUS]["entities"] if e["type"] == "Organization"}
    ids = ents(seeds_facts, RUS, "Organization")
    assert {"CSTO", "CIS", "SCO"} <= ids, orgs
    assert "RUS" in ents(seeds_facts, RUS, "State") and "AFG" in ents(seeds_facts, RUS, "State")
    r = rels(seeds_facts, RUS)
    assert ("$doc", "sentBy", "RUS") in r and ("RUS", "presidentOfCouncil", "2019-09") in r
    assert any(s != "SCO" and p == "partOf" and o == "SCO" for s, p, o in r)


def test_titles_of_office_and_generic_phrases_are_not_entities(seeds_facts):
    for doc in (PERU, RUS):
        names = {e["id"] for e in seeds_facts[doc]["entities"]}
        assert not names & {"Permanent Representative", "Member States", "the Permanent Representative", "I. Background"}


def test_a_documents_own_symbol_is_not_a_citation(seeds_facts):
    r = rels(seeds_facts, "S-RES-2195-2014.txt")
    assert ("$doc", "cites", "S/RES/2195 (2014)") not in r
    assert ("$doc", "cites", "S/RES/1373 (2001)") in r


def test_page_furniture_makes_no_entities(seeds_facts):
    for doc in ("S-RES-2195-2014.txt", "S-RES-2178-2014.txt", "S-PV-8699.txt"):
        for e in seeds_facts[doc]["entities"]:
            assert "14-6" not in e["id"] and "20-00" not in e["id"] and "\n" not in e["id"]
            assert not e["id"].startswith(("the ", "The ")), e
