"""What the Council does: acts, addressees, time terms, mandates, Chapter VII, and the record of
membership and votes. Pure rules on hand-built text; the rest on the seeds graph and on the
hand-made gold of tests/gold/acts.jsonl."""

import re

import pytest

from unkg import refdata
from unkg.evaluate import evaluate_acts
from unkg.extract.acts import notation
from unkg.extract.timeterms import add, interval, time_terms

from .conftest import ROOT, SEEDS

SILVER_DOCS = ROOT.parent / "shared" / "silver" / "docs"
ACTS_GOLD = ROOT / "tests" / "gold" / "acts.jsonl"
CHAPTER7 = re.compile(r"[Aa]cting\s+under\s+Chapter\s+VII")


@pytest.mark.parametrize("written,act", [
    ("Decides", "decide"), ("Further decides", None), ("calls upon", "call upon"), ("Calls on", "call upon"),
    ("Recognises", "recognize"), ("Recognizing", "recognize"), ("Emphasising", "emphasize"), ("Takes note", "take note"),
    ("Deeply concerned", "concerned"), ("Bearing in mind", "bear in mind"), ("Acting", "act")])
def test_clause_starters_are_acts_of_the_scheme_in_either_spelling(written, act):
    assert notation(written) == act


def test_time_terms_are_resolved_from_the_adoption_date():
    (t,) = time_terms("to report to the Council within 90 days of the adoption of this resolution", "2023-12-01")
    assert (t.deadline, t.within, t.every) == ("2024-02-29", "P90D", None)
    a, b = time_terms("to provide an interim report by 29 March 2024 and a final report no later than 1 October 2024", "2023-10-19")
    assert (a.deadline, b.deadline) == ("2024-03-29", "2024-10-01")
    (c,) = time_terms("to brief the Council every six months", "2020-01-01")
    assert c.every == "P6M" and c.deadline is None
    (d,) = time_terms("by November 2006", "2005-07-26")
    assert d.deadline == "2006-11"
    assert add("2024-01-31", "P1M") == "2024-02-29"


def test_mandate_intervals():
    assert interval("to extend the mandate of UNSMIL until 15 September 2020", "2019-09-12") == ("2020-09-15", None)
    assert interval("until one year from the date of adoption of this resolution", "2023-10-19") == ("2024-10-19", "P1Y")
    assert interval("for a period of 13 months from the date of adoption", "2023-10-19") == ("2024-11-19", "P13M")
    assert interval("on 1 July 2013 at which point MINUSMA shall commence its mandate, for an initial period of 12 months",
                    "2013-04-25") == ("2014-07-01", "P12M")


@pytest.mark.skipif(not ACTS_GOLD.exists() or not SILVER_DOCS.exists(), reason="the silver documents live in ../shared")
def test_the_hand_made_gold_of_acts_and_mandates_is_met():
    # five resolutions annotated by hand (tests/gold/README.md, "Acts gold"): requests with their
    # addressee and time terms, mandate events with their interval, Chapter VII paragraphs
    ev = evaluate_acts(ACTS_GOLD, [SEEDS, SILVER_DOCS])
    print(ev.table())
    assert ev.requests.f1 >= 0.90
    assert ev.mandates.f1 >= 0.90
    assert ev.chapter7.f1 == 1.0


def test_every_resolution_acting_under_chapter_vii_is_marked_and_no_other(kg):
    marked = {r["file"] for r in kg.query("SELECT ?file WHERE { ?s unkg:fileName ?file ; unkg:underChapterVII true }").records()}
    says = {p.name for p in SEEDS.glob("S-RES-*.txt") if CHAPTER7.search(p.read_text(encoding="utf-8"))}
    assert says and marked == says


def test_membership_on_a_date_is_the_record_of_that_year(kg):
    rows = kg.query("council_members", date="2019-07-09").records()
    expected = {r["iso3"] for r in refdata.rows("membership.tsv") if r["year"] == "2019"}
    assert {r["state"] for r in rows} == expected and len(expected) == 15
    assert {r["state"] for r in rows if r["seat"] == "permanent"} == {"CHN", "FRA", "GBR", "RUS", "USA"}
    assert "PER" in expected  # Peru, president in July 2019 (the first seed letter)


def test_a_mandate_history_and_what_is_in_force(kg):
    history = kg.query("mandate_history", body="MINUSMA").records()
    assert [(r["paragraph"], r["event"], r["until"]) for r in history] == [("7", "establish", "2014-07-01"), ("16", "adjust", None)]
    in_force = {r["body"] for r in kg.query("mandates_in_force", date="2014-01-01").records()}
    assert "MINUSMA" in in_force
    assert "MINUSMA" not in {r["body"] for r in kg.query("mandates_in_force", date="2015-01-01").records()}


def test_the_acts_of_a_resolution_in_order(kg):
    acts = kg.query("resolution_acts", document="S/RES/2100 (2013)").records()
    numbers = [int(a["paragraph"]) for a in acts if a["role"] == "operative" and (a["paragraph"] or "").isdigit()]
    assert len(numbers) > 10 and numbers == sorted(numbers)  # the order the resolution gives them in
    seven = [a for a in acts if a["paragraph"] == "7"]
    assert seven[0]["act"] == "decide" and seven[0]["broader"] == "decision"
    assert any(a["act"] == "request" and a["addressee"] == "Secretary-General" for a in seven)


def test_requests_with_a_deadline_in_a_period(kg):
    rows = kg.query("requests_due", **{"from": "2013-05-01", "to": "2013-06-30"}).records()
    assert {(r["deadline"], r["addressee"]) for r in rows} >= {("2013-05-25", "Secretary-General"), ("2013-06-09", "Secretary-General")}


def test_votes_come_from_the_record_of_resolutions(kg):
    votes = {r["resolution"]: r for r in kg.query("resolution_votes").records()}
    assert votes["S/RES/1373 (2001)"]["meeting"] == "S/PV.4385"
