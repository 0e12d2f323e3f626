"""Determinism and atomicity of builds; the files a build writes."""

import os

import pytest

import importlib

import unkg
from unkg.vocab import graph_iri

build_module = importlib.import_module("unkg.pipeline")


def test_two_builds_are_byte_identical(workdir, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    unkg.build([workdir], a)
    unkg.build([workdir], b)
    for name in ("kg.ttl", "kg.trig", "facts.jsonl", "manifest.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_a_failed_build_leaves_the_previous_graph_intact(workdir, tmp_path, monkeypatch):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    before = (out / "kg.ttl").read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("unkg.export.facts_jsonl", boom)
    with pytest.raises(RuntimeError):
        build_module.build([workdir], out)
    assert (out / "kg.ttl").read_bytes() == before
    assert unkg.open(out).query("documents").rows
    assert not [p for p in os.listdir(out) if p.startswith(".build-")]


def test_named_graph_per_document(workdir, tmp_path):
    out = tmp_path / "g"
    unkg.build([workdir], out)
    kg = unkg.open(out)
    graphs = {r[0] for r in kg.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").values()}
    assert graph_iri("000_ed5db1d5ad99901b.txt").value in graphs
    assert graph_iri("003_1fb2cdfbb095d01d.txt").value in graphs
    assert "https://w3id.org/unkg/graph/entities" in graphs


def test_turtle_export_parses_with_rdflib(workdir, tmp_path):
    import rdflib

    out = tmp_path / "g"
    unkg.build([workdir], out)
    g = rdflib.Graph().parse(out / "kg.ttl", format="turtle")
    assert len(g) > 1000
