"""Debates in meeting records (issue 14): the meeting, its speeches and speakers, its outcomes,
and the links to the letters that announce it and the acts it adopted.

The rules are checked on a small synthetic record on spacy.blank (no model); the five meeting
records of seeds/ on the session's seeds graph: their speeches against an independent count of
their speaker headings (a line-based reading of the files, as a grep would do it), and against
the hand-made gold of two of them (tests/gold/speeches.jsonl).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import spacy

from unkg import nlp as unkg_nlp
from unkg.evaluate import compare_speeches, read_gold
from unkg.extract import extract
from unkg.extract.debates import headings
from unkg.extract.meetings import announced, lookup, outcomes
from unkg.ingest import read_document

from .conftest import PERU, ROOT, SEEDS

RECORDS = ["S-PV-8698.txt", "S-PV-8699.txt", "S-PV-8701.txt", "S-PV-8702.txt", "S-PV-8703.txt"]
SPEECHES_GOLD = ROOT / "tests" / "gold" / "speeches.jsonl"

MEMBERS = ["Belgium", "China", "Dominican Republic", "Estonia", "France", "Germany", "Indonesia", "Kenya",
           "Russian Federation", "South Africa", "Tunisia", "United Kingdom of Great Britain and Northern Ireland",
           "United States of America", "Viet Nam"]
NAMES = ["Mr. Pecsteen de Buytswerve", "Mr. Wu Haitao", "Mr. Singer Weisinger", "Mr. Auväärt", "Mrs. Gueguen",
         "Mr. Heusgen", "Mr. Syihab", "Mr. Amolo", "Mr. Nebenzia", "Mr. Mabhongo", "Mr. Baati", "Ms. Pierce",
         "Mrs. Craft", "Mr. Dang"]

# A synthetic record in the layout of the pdftotext of an S/PV (cover page, dot leaders, split
# headings, a page break, a heading that is prose), for the rules alone.
SYNTHETIC = ("S/PV.9001\n\nUnited Nations\n\nSecurity Council\n\nProvisional\n\nSeventy-fourth year\n\n9001st meeting\n\n"
             "Tuesday, 9 July 2019, 10 a.m.\nNew York\n\nPresident:\n\nMr. Meza-Cuadra/Mr. Ugarelli . . . . . . . . . .\n\n"
             "(Peru)\n\nMembers:\n\n" + "".join(f"{m}. . . . . . . . . . \n" for m in MEMBERS) + "\n"
             + "".join(f"{n}\n" for n in NAMES) +
             "\nAgenda\nThreats to international peace and security\nLetter dated 27 June 2019 from the Permanent "
             "Representative of Peru to the\nUnited Nations addressed to the Secretary-General (S/2019/537)\n\n"
             "This record contains the text of speeches delivered in English and of the translation of\n"
             "speeches delivered in other languages.\n\n19-20000 (E)\n*1920000*\n\n"
             "The meeting was called to order at 10.05 a.m.\nAdoption of the agenda\nThe agenda was adopted.\n"
             "The President: In accordance with rule 39 of the Council’s\nprovisional rules of procedure, I invite "
             "Ms. Ghada Fathi\nWaly, Executive Director of the United Nations Office on Drugs and Crime, to participate "
             "in this meeting.\nI now give the floor to Ms. Waly.\n"
             "Ms. Waly: Terrorism and organized crime feed each other in the Sahel.\n"
             "The President: I now give the floor to the representative of Kenya, on behalf of the African Group.\n"
             "Mr. Amolo (Kenya): I thank you, Mr. President. Terrorism remains the main threat to the region.\n"
             "Mr. Nebenzia (Russian Federation) (spoke in\nRussian): We thank the Peruvian presidency.\n"
             "Mr. Chambas said with regard to such an approach: that is a sentence of the speech.\n\n"
             "2/4\n\n19-20000\n\n"
             "Mr. Singer Weisinger (Dominican Republic)\n(spoke in Spanish): Organized crime finances armed groups.\n"
             "Mr. Dang Dinh Quy (Viet Nam): Viet Nam upholds the Charter.\n"
             "The President: I shall now make a statement in my capacity as the representative of Peru.\n"
             "Peru calls for more information-sharing. I now resume my functions as President of the Council.\n"
             "The meeting was suspended at 1 p.m. and resumed at 3 p.m.\n"
             "The President: Members of the Council have before them document S/2019/550, which contains the text "
             "of a draft resolution submitted by Peru.\nA vote was taken by show of hands.\nIn favour:\n"
             "Belgium, Dominican Republic, Estonia, France, Germany, Indonesia, Kenya, Peru,\nSouth Africa, Tunisia, "
             "United Kingdom of Great Britain and Northern\nIreland, United States of America, Viet Nam\n"
             "Against:\nRussian Federation\nAbstaining:\nChina\n"
             "The President: The draft resolution received 13 votes in favour, 1 against and 1 abstention. The draft "
             "resolution has been adopted as resolution 2482 (2019).\nThe meeting rose at 4 p.m.\n")


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return unkg_nlp.add_components(nlp)


@pytest.fixture(scope="module")
def synthetic(blank, tmp_path_factory):
    path = tmp_path_factory.mktemp("pv") / "S-PV-9001.txt"
    path.write_text(SYNTHETIC, encoding="utf-8")
    source = read_document(path)
    return extract(blank(source.text), source)


# ------------------------------------------------------------------------------ the rules

def test_headings_one_a_speech_split_or_not_and_prose_is_not_one():
    raw = SYNTHETIC
    found = [(h.text, h.language) for h in headings(raw)]
    assert found == [("The President", None), ("Ms. Waly", None), ("The President", None), ("Mr. Amolo (Kenya)", None),
                     ("Mr. Nebenzia (Russian Federation)", "Russian"), ("Mr. Singer Weisinger (Dominican Republic)", "Spanish"),
                     ("Mr. Dang Dinh Quy (Viet Nam)", None), ("The President", None), ("The President", None),
                     ("The President", None)]


def test_the_cover_page(synthetic):
    m = synthetic.debate.meeting
    assert (m.number, m.date, m.time, m.president_state) == (9001, "2019-07-09", "10 a.m.", "PER")
    assert m.presidents == ("Meza-Cuadra", "Ugarelli")
    assert m.members[0] == "PER" and len(m.members) == 15 and "GBR" in m.members and "KEN" in m.members
    reps = {(s, p) for s, p, _, _ in m.representatives}
    assert ("RUS", "Nebenzia") in reps
    assert ("VNM", "Dang Dinh Quy") in reps  # "Mr. Dang" on the cover page, in full in his heading
    assert m.agenda.startswith("Threats to international peace and security Letter dated 27 June 2019")
    assert m.documents == ("S/2019/537", "S/2019/550")
    raw = synthetic.document.raw
    assert {raw[s:e] for _, _, s, e in m.representatives} >= {"Nebenzia", "Meza-Cuadra", "Pecsteen de Buytswerve"}


def test_speakers_whom_they_speak_for_roles_and_presidents(synthetic):
    got = [(s.order, s.speaker, s.for_type, s.for_id, s.role, s.language, s.capacity, s.delegation)
           for s in synthetic.debate.speeches]
    assert got == [
        (1, "Meza-Cuadra", "State", "PER", "president", None, None, None),
        (2, "Ghada Fathi Waly", "Organization", "UNODC", "briefer", None, None, None),  # the invitation's name and title
        (3, "Meza-Cuadra", "State", "PER", "president", None, None, None),
        (4, "Amolo", "Group", "African Group", "member", None, None, "KEN"),  # the President's call names the group
        (5, "Nebenzia", "State", "RUS", "member", "Russian", None, None),
        (6, "Singer Weisinger", "State", "DOM", "member", "Spanish", None, None),
        (7, "Dang Dinh Quy", "State", "VNM", "member", None, None, None),
        (8, "Meza-Cuadra", "State", "PER", "president", None, "national", None),
        (9, "Ugarelli", "State", "PER", "president", None, None, None),  # after the suspension, the second President
        (10, "Ugarelli", "State", "PER", "president", None, None, None),
    ]


def test_speech_ranges_slice_the_file_and_hold_their_text(synthetic):
    raw = synthetic.document.raw
    speeches = synthetic.debate.speeches
    assert raw[speeches[4].start:speeches[4].end].startswith("Mr. Nebenzia (Russian Federation)")
    # the prose line with a colon stays in the speech before it, and the page number goes with it
    assert "Mr. Chambas said" in raw[speeches[4].start:speeches[4].end]
    assert all(a.end <= b.start for a, b in zip(speeches, speeches[1:]))
    assert not raw[speeches[-1].start:speeches[-1].end].rstrip().endswith("4 p.m.")  # "The meeting rose" is not in it


def test_the_outcome_and_the_vote_state_by_state(synthetic):
    (o,) = synthetic.debate.meeting.outcomes
    assert (o.kind, o.document, o.decision, o.draft) == ("resolution", "S/RES/2482 (2019)", "vote", "S/2019/550")
    assert len(o.in_favour) == 13 and "GBR" in o.in_favour and "PER" in o.in_favour
    assert (o.against, o.abstaining) == (("RUS",), ("CHN",))
    assert "adopted as resolution 2482 (2019)" in " ".join(synthetic.document.raw[o.start:o.end].split())


def test_speakers_are_persons_with_mentions_and_speak_for_their_state(synthetic):
    people = {e.id: e for e in synthetic.entities.values() if e.type == "Person"}
    assert {"Meza-Cuadra", "Ugarelli", "Ghada Fathi Waly", "Amolo", "Nebenzia"} <= set(people)
    assert "Mr. Nebenzia" in people["Nebenzia"].aliases and "Ms. Waly" in people["Ghada Fathi Waly"].aliases
    assert people["Ugarelli"].aliases == ("Mr. Ugarelli",)  # "Mr. Meza-Cuadra/Mr. Ugarelli"
    rels = {(r.subject, r.predicate, r.object) for r in synthetic.relations}
    assert {("Nebenzia", "speaksFor", "RUS"), ("Amolo", "speaksFor", "KEN"), ("Ghada Fathi Waly", "speaksFor", "UNODC"),
            ("$doc", "adopts", "S/RES/2482 (2019)")} <= rels
    heading_mentions = [m for m in synthetic.mentions if m.source == "speaker-heading"]
    assert {m.quote for m in heading_mentions} >= {"Waly", "Amolo", "Nebenzia", "Singer Weisinger"}
    raw = synthetic.document.raw
    assert all(raw[m.start:m.end] == m.quote for m in synthetic.mentions)
    dang = [m for m in synthetic.mentions if m.entity.id == "Dang Dinh Quy"]
    assert {m.source for m in dang} == {"cover-page", "speaker-heading"} and "Mr. Dang" in people["Dang Dinh Quy"].aliases
    # the cover page's list is not a sentence naming its people together: no co-mention in the graph
    import pyoxigraph as ox

    from unkg import network, rdf

    st = ox.Store()
    st.extend(rdf.document_quads(synthetic))
    pairs = {frozenset(p) for p in network.comention_counts(st)}
    nebenzia, pecsteen = (rdf.entity_iri("Person", n).value for n in ("Nebenzia", "Pecsteen de Buytswerve"))
    assert pairs and frozenset((nebenzia, pecsteen)) not in pairs


def test_on_behalf_of_a_group_a_body_or_not():
    from unkg.extract.debates import _group

    assert _group("the African members of the Security Council — the Niger, South Africa and Tunisia —") == \
        ("Group", "African members of the Security Council")
    assert _group("the European Union and its member States") == ("Organization", "EU")
    assert _group("Canada, Germany, Sweden and Ukraine") is None  # States speaking together
    assert _group("the Government of Mali") is None
    assert _group("Estonia") is None


def test_names_and_titles():
    from unkg.extract.debates import _body_in_title

    assert lookup("Observer State of Palestine").id == "PSE" and lookup("United Kingdom").id == "GBR"
    assert _body_in_title("Chair of The Elders").id == "Elders"  # ids have no leading article
    assert _body_in_title("Under-Secretary-General for Peace Operations").id == "DPO"
    assert _body_in_title("Special Representative of the Secretary-General and Head of the United Nations Office "
                          "for West Africa and the Sahel").id == "UNOWAS"
    assert _body_in_title("Head of Delegation of the European Union to the United Nations").id == "EU"


def test_the_meetings_a_letter_announces():
    assert announced("I will convene an open debate on 9 July 2019 on the theme “Linkages”.") == ("2019-07-09",)
    assert announced("Concept note for the Security Council debate on the theme “X”, to be held on 25 September 2019") \
        == ("2019-09-25",)
    assert announced("on 25 September 2019, during its presidency of the Security Council, the Russian Federation "
                     "intends to hold a ministerial debate") == ("2019-09-25",)
    assert announced("The Council met on 9 July 2019.") == ()


def test_a_presidential_statement_and_a_rejected_draft():
    text = ("I shall take it that the members of the Security Council agree to the statement, which will be issued as "
            "a document of the Security Council under the symbol S/PRST/2020/1.\n"
            "Members of the Council have before them document S/2020/99, which contains the text of a draft resolution. "
            "A vote was taken by show of hands.\nIn favour:\nFrance\nAgainst:\nChina, Russian Federation\n"
            "The President: The draft resolution has not been adopted, owing to the negative vote of a permanent member.")
    got = [(o.kind, o.document, o.decision, o.against) for _, _, o in outcomes(text)]
    assert got == [("presidential statement", "S/PRST/2020/1", "consensus", ()),
                   ("resolution", "S/2020/99", "rejected", ("CHN", "RUS"))]


# ------------------------------------------------------------------------------ the five records of seeds/

_LINE_HEADING = re.compile(r"^(The President|The Secretary-General|(?:Mr|Ms|Mrs|Dame|Sir|Dr)\. [A-Z][^:.,;]*?)"
                           r"( \((?!spoke)[^)]+\))?( \(spoke in [A-Za-z]+\))? ?:")


def line_headings(path: Path) -> list[str]:
    """Speaker headings counted as a grep would: a line opening with "The President", "The
    Secretary-General" or an honorific and a capitalised name, whose heading closes with a colon
    on that line or on the next. Independent of unkg's reading (no cleaning, no offsets)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        if not re.match(r"(The President|The Secretary-General|(Mr|Ms|Mrs|Dame|Sir|Dr)\. [A-Z])", line):
            continue
        joined = line if ":" in line else line + " " + (lines[i + 1] if i + 1 < len(lines) else "")
        m = _LINE_HEADING.match(joined)
        if m:
            out.append(m.group(1) + (m.group(2) or ""))
    return out


@pytest.mark.parametrize("name", RECORDS)
def test_speeches_match_the_records_own_headings_one_to_one(seeds_facts, name):
    expected = line_headings(SEEDS / name)
    speeches = seeds_facts[name]["speeches"]
    assert [s["heading"] for s in speeches] == expected
    assert [s["order"] for s in speeches] == list(range(1, len(expected) + 1))
    assert all(s["for"] and s["for"]["id"] for s in speeches), "every speech speaks for a State, body or group"
    raw = (SEEDS / name).read_text(encoding="utf-8")
    for s in speeches:
        assert " ".join(raw[s["start"]:s["end"]].split()).startswith(s["heading"].split(" (")[0])


def test_the_heading_counts_of_the_five_records(seeds_facts):
    assert {n: len(seeds_facts[n]["speeches"]) for n in RECORDS} == \
        {"S-PV-8698.txt": 20, "S-PV-8699.txt": 56, "S-PV-8701.txt": 2, "S-PV-8702.txt": 19, "S-PV-8703.txt": 18}


def test_the_speeches_gold_is_met(seeds_facts):
    ev = compare_speeches(list(seeds_facts.values()), read_gold(SPEECHES_GOLD))
    assert ev.gold == 74 and ev.matched == ev.gold == ev.found
    for field in ("order", "speaker", "for", "role"):
        assert ev.accuracy(field) >= 0.98, (field, [e for e in ev.errors if field in e["what"]])
    assert all(right == total for right, total in ev.meeting.values()), [e for e in ev.errors if "meeting" in e["what"]]


def test_8699_adopted_the_presidential_statement_with_the_fifteen_members_present(kg, seeds_facts):
    d = seeds_facts["S-PV-8699.txt"]
    assert [(o["document"], o["kind"]) for o in d["meeting"]["outcomes"]] == [("S/PRST/2020/1", "presidential statement")]
    assert len(d["members"]) == 15 and d["members"][0] == "VNM" and {"RUS", "CHN", "USA", "GBR", "FRA"} <= set(d["members"])
    rows = [r for r in kg.query("meeting_outcomes").records() if r["meeting"] == "S/PV.8699"]
    assert [(r["act"], r["actFile"], r["source"]) for r in rows] == [("S/PRST/2020/1", "S-PRST-2020-1.txt", "record")]
    # the statement's own graph and the record's are joined by SPARQL alone (the act's IRI)
    n = kg.query("""SELECT (COUNT(DISTINCT ?state) AS ?n) WHERE {
        ?prst unkg:fileName "S-PRST-2020-1.txt" ; unkg:represents ?act .
        ?rec unkg:recordOf ?m . ?m unkg:outcome/unkg:outcomeDocument ?act ; unkg:councilMember ?state }""").rows[0][0].value
    assert n == "15"


def test_8701_adopted_resolution_2505_unanimously(seeds_facts):
    d = seeds_facts["S-PV-8701.txt"]
    (o,) = d["meeting"]["outcomes"]
    assert (o["document"], o["decision"], len(o["vote"]["in_favour"])) == ("S/RES/2505 (2020)", "unanimous", 15)
    assert {"subject": "$doc", "predicate": "adopts", "object": "S/RES/2505 (2020)"} in d["relations"]


def test_a_speaker_is_one_person_across_records(kg):
    rows = kg.query("""SELECT DISTINCT ?p ?file WHERE { ?sp unkg:speaker ?p ; unkg:inDocument/unkg:fileName ?file .
                       ?p dcterms:identifier "Polyanskiy" }""").values()
    assert {f for _, f in rows} == {"S-PV-8698.txt", "S-PV-8702.txt", "S-PV-8703.txt"} and len({p for p, _ in rows}) == 1
    dang = kg.query("""SELECT DISTINCT ?file WHERE { ?m unkg:presidedBy ?p . ?p dcterms:identifier "Dang" .
                       ?rec unkg:recordOf ?m ; unkg:fileName ?file }""").values()
    assert len(dang) == 5


def test_what_a_speech_names_belongs_to_it(kg):
    rows = kg.query("theme_speakers", theme="terrorism").records()
    assert {"RUS", "NER", "African members of the Security Council"} <= {r["for"] for r in rows}
    # a mention in Mr. Polyanskiy's speech in 8703 lies inside the speech's range
    r = kg.query("""SELECT ?ms ?ss ?se WHERE { ?sp unkg:heading "Mr. Polyanskiy (Russian Federation)" ;
                    unkg:inDocument/unkg:fileName "S-PV-8703.txt" ; unkg:start ?ss ; unkg:end ?se .
                    ?m unkg:inSpeech ?sp ; oa:hasBody ?body . BIND (xsd:integer(STRBEFORE(STRAFTER(STR(?m), "#char="), ",")) AS ?ms) } LIMIT 20""").values()
    assert r and all(int(ss) <= int(ms) < int(se) for ms, ss, se in r)
    groups = kg.query("group_statements").records()
    assert [(g["meeting"], g["speaker"], g["delegation"]) for g in groups] == [("S/PV.8703", "Abarry", "NER")]


def test_the_speakers_query_and_the_debate_view(kg, tmp_path):
    rows = kg.query("meeting_speakers", meeting="8703").records()
    assert [r["speaker"] for r in rows[:2]] == ["Dang", "Jean-Pierre Lacroix"] and len(rows) == 18
    import json

    html = kg.view("debate", meetings=["S/PV.8703"], out=tmp_path / "debate.html").read_text(encoding="utf-8")
    start = html.index(">", html.index('id="graph-data"')) + 1
    from .test_view import decoded

    data = decoded(json.loads(html[start:html.index("</script>", start)]))
    groups = {n["group"] for n in data["nodes"]}
    assert groups == {"State", "Organization", "Group", "Theme"}
    assert data["edges"] and all(e["kind"] == "raised" and e["evidence"] for e in data["edges"])
    with pytest.raises(Exception, match="no meeting record"):
        kg.view("debate", meetings=["S/PV.1"], out=tmp_path / "none.html")


@pytest.mark.model
def test_an_announced_debate_joins_its_record_in_an_incremental_build(tmp_path):
    """The concept note states the date of the debate, the record its own date: a record built
    later is joined to the note without the note being analysed again."""
    import unkg

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(PERU, src / PERU.name)
    out = tmp_path / "g"
    unkg.build([src], out)
    rows = unkg.open(out).query("announced_meetings").records()
    assert [(r["letter"], r["announced"], r["record"]) for r in rows] == [(PERU.name, "2019-07-09", None)]
    (src / "S-PV-9001.txt").write_text(SYNTHETIC, encoding="utf-8")
    report = unkg.build([src], out)
    assert report.reused == 1 and report.processed == 1
    rows = unkg.open(out).query("announced_meetings").records()
    assert [(r["letter"], r["record"], r["meeting"], r["match"]) for r in rows] == \
        [(PERU.name, "S-PV-9001.txt", "S/PV.9001", "date")]
