"""The graph on a real SPARQL server: a real Oxigraph server process on loopback, pushed to over
the Graph Store Protocol and queried over the SPARQL 1.1 Protocol, must answer every named query
as the local store does; the served endpoint of `unkg serve` is read-only."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from unkg import endpoint as remote
from unkg import query as q
from unkg.errors import QueryError
from unkg.query import bind

# Parameter values for the named queries that take them.
PARAMS = {"entity": "CSTO", "state": "RUS", "a": "CSTO", "b": "United Nations", "document": "S/RES/2195 (2014)",
          "meeting": "S/PV.8699", "theme": "terrorism"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()}")
        try:
            urllib.request.urlopen(url + "?query=" + urllib.parse.quote("ASK {}"), timeout=1)
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise RuntimeError("server did not start")


@pytest.fixture()
def server(tmp_path):
    """An empty Oxigraph server, read-write, named graphs united as the default graph."""
    port = _free_port()
    proc = subprocess.Popen([remote.oxigraph_binary(), "serve", "--location", str(tmp_path / "srv"),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/query", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _rows(result) -> list[tuple]:
    return sorted(tuple("" if t is None else str(t) for t in row) for row in result.rows)


def test_every_named_query_answers_the_same_on_the_server(kg, server):
    report = remote.push(kg.store, server + "/store")
    assert report.graphs == len(list(kg.store.named_graphs()))
    assert report.triples == len(kg.store)
    for nq in q.library():
        params = {p: PARAMS[p] for p in nq.parameters}
        local = kg.query(nq.name, params)
        there = remote.query(server + "/query", nq.text, params)
        assert there.variables == local.variables, nq.name
        assert _rows(there) == _rows(local), nq.name
        assert local.rows, f"{nq.name} returns no rows on the seeds graph"


def test_pushing_twice_replaces_rather_than_duplicates(kg, server, tmp_path):
    remote.push(kg.store, server + "/store")
    remote.push(kg.store, server + "/store")
    n = remote.query(server + "/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(n.rows[0][0].value) == len(kg.store)


def test_cli_push_and_query_endpoint(seeds_graph, server):
    from typer.testing import CliRunner

    from unkg.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["push", "--graph", str(seeds_graph), "--endpoint", server + "/store"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["query", "state_documents", "--param", "state=PER", "--endpoint", server + "/query",
                            "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert "000_ed5db1d5ad99901b.txt" in r.stdout


def test_served_graph_is_read_only(seeds_graph):
    port = _free_port()
    proc = subprocess.Popen(remote.serve_command(seeds_graph, f"127.0.0.1:{port}"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/query", proc)
        r = remote.query(base + "/query", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a unkg:SourceDocument }")
        assert int(r.rows[0][0].value) > 50  # the union of named graphs is the default graph
        req = urllib.request.Request(base + "/update", data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                                     method="POST")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(req, timeout=5)
        r = remote.query(base + "/query", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a unkg:SourceDocument }")
        assert int(r.rows[0][0].value) > 50
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_remote_parameters_cannot_inject_sparql():
    import pyoxigraph as ox

    st = ox.Store()
    st.add(ox.Quad(ox.NamedNode("http://e/d"), ox.NamedNode("http://e/name"), ox.Literal("x")))
    evil = 'x" } ; DROP ALL ; #'
    text = bind("SELECT ?d WHERE { ?d <http://e/name> ?name }", {"name": evil})
    # the value stays one literal: the query is still a SELECT, matches nothing, changes nothing
    assert list(st.query(text)) == []
    assert len(st) == 1
    assert [s["d"] for s in st.query(bind("SELECT ?d WHERE { ?d <http://e/name> ?name }", {"name": "x"}))] \
        == [ox.NamedNode("http://e/d")]


def test_bind_skips_braces_in_comments_strings_and_iris():
    text = '# a { in a comment\nSELECT ?x WHERE { ?x <http://e/{x}> "{" . FILTER (?x != ?y) }'
    bound = bind(text, {"y": "1"})
    assert bound.index("VALUES (?y)") > bound.index("WHERE {") and bound.count("VALUES") == 1
    with pytest.raises(QueryError, match="not used"):
        bind("# { only in a comment", {"y": "1"})


def test_a_parameter_is_bound_inside_subqueries_too():
    text = "SELECT ?a ?e WHERE { { SELECT ?a ?e WHERE { ?e ?p ?n FILTER (?n = ?a) } } ?e ?q ?r }"
    bound = bind(text, {"a": "CSTO"})
    # the subquery's own group gets it (its FILTER sees it), and so does the outer group
    assert bound.count('VALUES (?a) { ("CSTO") }') == 2
    import pyoxigraph as ox

    assert list(ox.Store().query(bound)) == []  # still valid SPARQL: nothing put before a sub-SELECT


def test_unreachable_endpoint_is_a_one_line_error():
    port = _free_port()
    with pytest.raises(remote.EndpointError, match="cannot connect"):
        remote.query(f"http://127.0.0.1:{port}/query", "ASK {}")
