"""The shape of the code itself: small modules and functions, one place for each entity type,
components that declare what they assign. These hold the structure that makes a new type, rule
or view cheap to add (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

from unkg import registry

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "unkg"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_600_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


def test_no_function_over_80_lines():
    long = [f"{p.relative_to(PACKAGE)}:{n.name} ({n.end_lineno - n.lineno + 1} lines)"
            for p in MODULES for n in ast.walk(_tree(p))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > 80]
    assert long == []


def test_entity_type_names_are_written_in_the_registry_only():
    names = set(registry.type_names())
    where = sorted(str(p.relative_to(PACKAGE)) for p in MODULES
                   if any(isinstance(n, ast.Constant) and n.value in names for n in ast.walk(_tree(p))))
    assert where == ["registry.py"]


def test_only_the_store_imports_the_rdf_backend():
    importers = set()
    for p in MODULES:
        for n in ast.walk(_tree(p)):
            mods = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module or ""] if isinstance(n, ast.ImportFrom) else []
            if any(m.split(".")[0] == "pyoxigraph" for m in mods):
                importers.add(str(p.relative_to(PACKAGE)))
    assert importers == {"store.py"}


def test_every_component_says_what_it_assigns():
    import spacy

    from unkg.nlp import add_components

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    add_components(nlp)
    analysis = nlp.analyze_pipes(pretty=False)
    for name in nlp.pipe_names:
        if name.startswith("unkg_"):
            assert analysis["summary"][name]["assigns"], name


def test_the_registry_feeds_the_ontology_and_the_shapes():
    import rdflib

    from unkg.shapes import shapes_turtle
    from unkg.vocab import ontology_turtle

    onto = rdflib.Graph().parse(data=ontology_turtle(), format="turtle")
    shapes = rdflib.Graph().parse(data=shapes_turtle(), format="turtle")
    unkg = rdflib.Namespace("https://w3id.org/unkg/ontology#")
    for t in registry.type_names():
        assert (unkg[t], rdflib.RDF.type, rdflib.OWL.Class) in onto
        assert (None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass"), unkg[t]) in shapes
    for r in registry.relation_types():
        assert (unkg[r], rdflib.RDFS.label, None) in onto
