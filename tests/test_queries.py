import pytest

from unkg import query as q
from unkg.errors import QueryError

from tests.conftest import SEEDS


def test_the_library_has_described_queries():
    lib = q.library()
    assert len(lib) >= 12
    for nq in lib:
        assert nq.description, f"{nq.name} has no opening comment"


@pytest.mark.parametrize("name", [nq.name for nq in q.library()])
def test_every_named_query_returns_rows_on_the_seeds_graph(kg, name):
    params = {"entity": "CSTO", "state": "Peru", "a": "CSTO", "b": "United Nations", "org": "CSTO",
              "document": "S/RES/2195 (2014)", "date": "2014-01-01", "body": "MINUSMA", "from": "2013-01-01",
              "to": "2024-12-31", "theme": "terrorism", "meeting": "S/PV.8699"}
    nq = next(n for n in q.library() if n.name == name)
    result = kg.query(name, {p: params[p] for p in nq.parameters})
    assert result.rows, f"{name} returned no rows"


def test_documents_query_knows_the_sender(kg):
    rows = {r["file"]: r for r in kg.query("documents").records()}
    assert rows["000_ed5db1d5ad99901b.txt"]["sender"] == "PER"
    assert rows["S-RES-2195-2014.txt"]["kind"] == "resolution"


def test_presidency_query(kg):
    rows = {(r["month"], r["state"]) for r in kg.query("presidency").records()}
    assert ("2019-07", "PER") in rows and ("2019-09", "RUS") in rows


def test_most_cited_puts_1373_near_the_top(kg):
    rows = kg.query("most_cited").records()
    top = [r["cited"] for r in rows[:5]]
    assert "S/RES/1373 (2001)" in top


def test_provenance_offsets_slice_the_source_file(kg):
    from .conftest import RUSSIA, names_of, spells

    raw = RUSSIA.read_text(encoding="utf-8")
    rows = [r for r in kg.query("provenance", entity="CSTO").records() if r["file"] == RUSSIA.name]
    names = names_of(kg, "CSTO")
    assert rows and "collective security treaty organization" in names
    for r in rows:  # the offsets, which the mention's IRI names, slice a name of it out of the file
        assert spells(raw, r, names), r


def test_parameters_cannot_inject_sparql(kg):
    evil = 'x" } ; DROP ALL ; #'
    assert kg.query("entity_documents", entity=evil).rows == []
    assert kg.query("documents").rows  # nothing was dropped


def test_updates_are_refused_unless_asked(kg):
    with pytest.raises(QueryError, match="read-only"):
        kg.query("DELETE WHERE { ?s ?p ?o }")


def test_a_malformed_query_gets_line_and_column(kg):
    with pytest.raises(QueryError) as info:
        kg.query("SELECT * WHERE {\n ?s ?p }")
    assert "2:" in str(info.value)


def test_formats(kg):
    import json

    r = kg.query('SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 "Côte d’Ivoire") (2 UNDEF) } }')
    assert q.to_delimited(r, ",") == "x,y\n1,Côte d’Ivoire\n2,\n"
    # the SPARQL 1.1 results formats, written by the backend: typed values, unbound left out
    doc = json.loads(q.serialize(r, "json"))
    assert doc["head"]["vars"] == ["x", "y"]
    assert doc["results"]["bindings"][0]["x"] == {"type": "literal", "value": "1",
                                                   "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert doc["results"]["bindings"][1] == {"x": {"type": "literal", "value": "2",
                                                   "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    assert q.serialize(r, "csv").decode("utf-8").splitlines() == ["x,y", "1,Côte d’Ivoire", "2,"]
    assert b"<sparql" in q.serialize(r, "xml")
    ask = kg.query("ASK { ?s a unkg:SourceDocument }")
    assert json.loads(q.serialize(ask, "json")) == {"head": {}, "boolean": True}


def test_paragraph_citations_of_a_resolution_in_pdf_text(kg):
    # S/RES/2195 (2014) is raw PDF text: "The Security Council," ends the adoption line there.
    rows = kg.query("paragraph_citations", document="S/RES/2195 (2014)").records()
    by_cited = {}
    for r in rows:
        by_cited.setdefault(r["cited"], []).append(r)
    # "Recalling its resolution 2133 (2014) and strongly condemning incidents of kidnapping ..."
    assert {r["role"] for r in by_cited["S/RES/2133 (2014)"]} == {"preambular"}
    # operative paragraph 15 cites 1624 (2005); its offsets slice the file to that paragraph
    op15 = [r for r in by_cited["S/RES/1624 (2005)"] if r["number"] == "15"]
    assert op15 and op15[0]["role"] == "operative"
    raw = (SEEDS / "S-RES-2195-2014.txt").read_text(encoding="utf-8")
    assert raw[int(op15[0]["start"]):int(op15[0]["end"])].startswith("15. Recognizes the significant capacity")


def test_states_link_to_wikidata(kg):
    rows = kg.query("SELECT ?w WHERE { ?s unkg:iso3 \"RUS\" ; owl:sameAs ?w }").values()
    assert rows == [["http://www.wikidata.org/entity/Q159"]]
    # and the paragraph number stays in its sentence rather than being a sentence of its own
    rows = kg.query('SELECT ?t WHERE { ?s unkg:text ?t FILTER (STRSTARTS(?t, "15. Recognizes the significant")) }').rows
    assert len(rows) == 1
