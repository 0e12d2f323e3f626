"""The graph's shape: the seeds graph conforms to the SHACL shapes, a broken one does not, and
the vocabulary reference page is generated from the ontology and the shapes."""

from pathlib import Path

import pytest

import unkg
from unkg import shapes, vocabdoc
from unkg.store import rdflib_graph

ROOT = Path(__file__).resolve().parents[1]
OA = "http://www.w3.org/ns/oa#"
UNKG = "https://w3id.org/unkg/ontology#"


def test_seeds_graph_conforms(kg):
    v = shapes.validate_store(kg.store)
    assert v.conforms, v.report[:3000]


@pytest.fixture()
def small_graph(workdir, tmp_path):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    return rdflib_graph(unkg.open(out).store)


def test_a_mention_without_its_entity_is_reported(small_graph):
    import rdflib

    body = rdflib.URIRef(OA + "hasBody")
    mention, _, entity = next(iter(small_graph.triples((None, body, None))))
    small_graph.remove((mention, body, entity))
    v = shapes.validate_graph(small_graph)
    assert not v.conforms and v.violations == 1
    assert str(mention) in v.report


def test_offsets_out_of_order_are_reported(small_graph):
    import rdflib

    start, end = rdflib.URIRef(UNKG + "start"), rdflib.URIRef(UNKG + "end")
    sentence, _, s = next(iter(small_graph.triples((None, start, None))))
    small_graph.remove((sentence, end, None))
    small_graph.add((sentence, end, rdflib.Literal(int(s) - 1)))
    v = shapes.validate_graph(small_graph)
    assert not v.conforms and str(sentence) in v.report


def test_a_mention_that_names_no_span_is_reported(small_graph):
    import rdflib

    body = rdflib.URIRef(OA + "hasBody")
    mention, _, entity = next(iter(small_graph.triples((None, body, None))))
    bad = rdflib.URIRef(str(mention).replace("#char=", "#chars="))
    for _, p, o in list(small_graph.triples((mention, None, None))):
        small_graph.add((bad, p, o))
    v = shapes.validate_graph(small_graph)
    assert not v.conforms and str(bad) in v.report


def test_cli_validate(workdir, tmp_path):
    from typer.testing import CliRunner

    from unkg.cli import app

    out = tmp_path / "g"
    unkg.build([workdir], out)
    r = CliRunner().invoke(app, ["validate", "--graph", str(out)])
    assert r.exit_code == 0 and "conforms" in r.output


def test_vocabulary_page_is_up_to_date():
    page = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    assert page == vocabdoc.markdown(), "regenerate it: python -m unkg.vocabdoc > docs/vocabulary.md"
    for name in ("unkg:Mention", "unkg:partOf", "oa:hasBody", "cito:cites"):
        assert name in page
