"""Scoring, and the figures on gold and silver that the extraction must keep (floors a little
under what it reaches today, so that a change that makes it worse fails)."""

import json

import pytest

from unkg.evaluate import compare, evaluate, normalise_name
from unkg.silver import SilverEvaluation, act_agrees, evaluate_silver, read_silver

from .conftest import GOLD, ROOT, SEEDS

SHARED = ROOT.parent / "shared"
SILVER = SHARED / "silver" / "silver.jsonl"
HELDOUT = ROOT / "tests" / "gold" / "heldout.jsonl"
HELDOUT2 = ROOT / "tests" / "gold" / "heldout2.jsonl"
needs_shared = pytest.mark.skipif(not GOLD.exists(), reason="the dev gold and silver live in ../shared, beside the repository")


def test_name_normalisation():
    assert normalise_name("The United Nations Office on Drugs and Crime.") == "united nations office on drugs and crime"
    assert normalise_name("Da’esh") == "daesh" == normalise_name("Da'esh")


def test_compare_matches_organizations_by_any_name_and_symbols_without_spaces():
    gold = [{"doc": "d", "entities": [
        {"type": "Organization", "id": "UNODC", "label": "United Nations Office on Drugs and Crime"},
        {"type": "Resolution", "id": "S/RES/1373 (2001)"}, {"type": "State", "id": "PER"}],
        "relations": [{"subject": "$doc", "predicate": "cites", "object": "S/RES/1373 (2001)"}]}]
    pred = [{"doc": "d", "entities": [
        {"type": "Organization", "id": "x", "label": "the United Nations Office on Drugs and Crime"},
        {"type": "Resolution", "id": "S/RES/1373(2001)"}, {"type": "State", "id": "CHL"}],
        "relations": [{"subject": "$doc", "predicate": "cites", "object": "S/RES/1373(2001)"}]}]
    ev = compare(pred, gold)
    assert ev.by_type["Organization"].tp == 1 and ev.by_type["Resolution"].tp == 1
    assert ev.by_type["State"].fp == 1 and ev.by_type["State"].fn == 1
    assert ev.relations.tp == 1 and ev.relations.f1 == 1.0


def test_acts_agree_with_stems_in_either_spelling():
    assert act_agrees("decide", "decid") and act_agrees("call upon", "call") and act_agrees("take note", "tak")
    assert act_agrees("recognize", "recognis") and act_agrees("emphasize", "emphasis")
    assert not act_agrees("request", "decid") and not act_agrees(None, "decid")


@needs_shared
def test_dev_gold_figures_stay_above_the_floor():
    ev = evaluate(GOLD)
    figures = ev.as_dict()
    print(json.dumps(figures, indent=1))
    assert figures["entities"]["f1"] >= 0.96
    assert figures["relations"]["f1"] >= 0.92
    assert figures["by_type"]["Resolution"]["f1"] >= 0.99


@needs_shared
@pytest.mark.parametrize("gold,floor", [(HELDOUT, 0.895), (HELDOUT2, 0.895)], ids=["heldout", "heldout2"])
def test_held_out_gold_figures_stay_above_the_floor(gold, floor):
    # held out: never tuned on (tests/gold/README.md); the floor only stops a regression
    ev = evaluate(gold, [SEEDS, SHARED / "silver" / "docs"])
    print(ev.table())
    assert ev.entities.f1 >= floor
    assert ev.relations.f1 >= 0.88


@needs_shared
def test_silver_figures_stay_above_the_floor(tmp_path):
    # every fourth silver document, so that the suite stays quick: the figures on all 100 are in
    # the README (unkg evaluate --silver ../shared/silver/silver.jsonl)
    sample = tmp_path / "silver.jsonl"
    rows = read_silver(SILVER)[::4]
    sample.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ev: SilverEvaluation = evaluate_silver(sample, [SHARED / "silver" / "docs"])
    print(ev.table())
    assert len(ev.documents) == 25
    assert ev.cites.recall >= 0.97
    assert ev.dates.rate >= 0.96
    assert ev.roles.rate >= 0.93
