"""Shared fixtures. The trained model is loaded once per session (``load_pipeline`` is cached);
the seeds graph is built once per session and shared read-only by the end-to-end tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PERU = SEEDS / "000_ed5db1d5ad99901b.txt"
RUSSIA = SEEDS / "003_1fb2cdfbb095d01d.txt"
GOLD = ROOT.parent / "shared" / "gold" / "dev.jsonl"


def names_of(kg, entity: str) -> set[str]:
    """Every name of ``entity`` (id, label, aliases), lower-cased, spaces collapsed."""
    rows = kg.query("""SELECT DISTINCT ?n WHERE { ?e (dcterms:identifier|skos:prefLabel|skos:altLabel) ?k .
                       FILTER (LCASE(STR(?k)) = LCASE(?q)) ?e (dcterms:identifier|skos:prefLabel|skos:altLabel) ?n }""",
                    q=entity).values()
    return {" ".join(n.split()).lower() for (n,) in rows}


def spells(raw: str, row: dict, names: set[str]) -> bool:
    """Whether the characters a provenance row points to spell one of the entity's names."""
    return " ".join(raw[int(row["start"]):int(row["end"])].split()).lower() in names


def graph_outputs(out: Path) -> dict[str, bytes]:
    """What a build gives, as bytes: facts.jsonl, the manifest, and the store's graph in a fixed
    order (N-Quads, as `unkg export rdf --format nquads` writes it)."""
    from unkg import store

    st = store.open_read_only(out)
    try:
        return {"facts.jsonl": (out / "facts.jsonl").read_bytes(), "manifest.json": (out / "manifest.json").read_bytes(),
                "graph.nq": b"".join(store.iter_nquads(st))}
    finally:
        del st


@pytest.fixture(scope="session")
def seeds_graph(tmp_path_factory) -> Path:
    """The whole of seeds/ built once: what `make demo` builds."""
    import unkg

    out = tmp_path_factory.mktemp("seeds-graph")
    report = unkg.build([SEEDS], out, workers=2)
    assert report.ok, report.errors
    return out


@pytest.fixture(scope="session")
def kg(seeds_graph):
    import unkg

    return unkg.open(seeds_graph)


@pytest.fixture(scope="session")
def seeds_facts(kg) -> dict[str, dict]:
    return {d["doc"]: d for d in kg.facts()}


@pytest.fixture()
def workdir(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(PERU, d / PERU.name)
    shutil.copy(RUSSIA, d / RUSSIA.name)
    return d


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server on loopback for the whole session (tests/servers.py), named graphs
    united as the default graph, empty at the start."""
    from .servers import start_oxigraph

    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A real Virtuoso on loopback for the whole session (tests/servers.py): a throwaway
    database, user "unkg" with the SPARQL_UPDATE role. Skips without Virtuoso, unless
    UNKG_REQUIRE_SERVERS=1."""
    from .servers import start_virtuoso

    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()
