"""The graph on a real Virtuoso (Debian's 7.2), started on loopback with a throwaway database
(tests/servers.py): pushed to with Digest authentication as a user with the SPARQL_UPDATE role,
every named query must answer as locally, with ASCII and non-ASCII parameters; the row cap is an
error, never a silent cut; a wrong password, a missing one, an anonymous write say why, without
the password. Without Virtuoso these tests skip, unless UNKG_REQUIRE_SERVERS=1."""

from __future__ import annotations

import logging

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from unkg import endpoint as remote
from unkg.cli import app
from unkg.vocab import GRAPH

from .servers import query_cases, rows

GONE = GRAPH + "a-document-removed-since.txt"
FOREIGN = "http://example.org/another-application"


def _env(server) -> dict[str, str]:
    return {remote.USER_ENV: server.user, remote.PASSWORD_ENV: server.password}


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server, seeds_graph):
    """The session's Virtuoso with the seeds graph pushed once, by `unkg push` with the user and
    password in the environment. Before it, the server held the graph of a document since
    removed (pushed by unkg) and another application's graph."""
    server = virtuoso_server
    with pytest.MonkeyPatch.context() as mp:
        for k, v in _env(server).items():
            mp.setenv(k, v)
        mp.delenv("NETRC", raising=False)
        earlier = ox.Store()
        doc = ox.NamedNode("https://w3id.org/unkg/id/source/a-document-removed-since.txt")
        earlier.add(ox.Quad(doc, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                            ox.NamedNode("https://w3id.org/unkg/ontology#SourceDocument"), ox.NamedNode(GONE)))
        remote.push(earlier, server.base + "/sparql-graph-crud-auth")
        with remote.Connection(server.base + "/sparql-graph-crud-auth") as c:
            c.request("PUT", remote._graph_url(server.base + "/sparql-graph-crud-auth", FOREIGN),
                      b'<http://e/s> <http://e/p> "kept" .\n', {"Content-Type": "application/n-triples"})
        r = CliRunner().invoke(app, ["push", "--graph", str(seeds_graph), "--endpoint",
                                     server.base + "/sparql-graph-crud-auth"])
    assert r.exit_code == 0, r.output
    return server, r.output


def test_every_named_query_answers_as_locally(kg, virtuoso, caplog):
    server, _ = virtuoso
    for name, text, params in query_cases():
        local = kg.query(name, params)
        with caplog.at_level(logging.WARNING, logger="unkg"):
            there = remote.query(server.base + "/sparql", text, params)
        assert there.variables == local.variables, name
        assert rows(there) == rows(local), (name, params)
        assert local.rows, f"{name} {params} returns no rows on the seeds graph"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # the default graph is the union there


def test_the_push_replaced_the_graphs_and_removed_only_unkgs_graph_gone_locally(kg, virtuoso):
    server, output = virtuoso
    n = len(list(kg.store.named_graphs()))
    assert f"pushed {n} named graphs ({len(kg.store)} triples)" in output
    assert f"0 replaced, {n} new; removed 1 graph gone locally ({GONE[len(GRAPH):]})" in output
    assert server.password not in output
    names = set(remote.server_graphs(server.base + "/sparql"))
    assert GONE not in names and names == {g.value for g in kg.store.named_graphs()}
    kept = remote.query(server.base + "/sparql", f"ASK {{ GRAPH <{FOREIGN}> {{ ?s ?p ?o }} }}")
    assert kept.boolean
    # Virtuoso's default graph is the union of all graphs, as unkg's queries want it
    count = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a unkg:SourceDocument }"
    assert remote.query(server.base + "/sparql", count).rows == kg.query(count).rows


def test_booleans_and_empty_group_concats_come_out_as_locally(kg, virtuoso):
    xsd = "http://www.w3.org/2001/XMLSchema#"
    base = virtuoso[0].base
    text = ('SELECT ?k ((?k > 1) AS ?big) (BOUND(?x) AS ?has) WHERE { VALUES ?k { 1 2 } '
            'OPTIONAL { ?k <http://e/nothing> ?x } }')
    there = remote.query(base + "/sparql", text, check_default_graph=False)
    assert rows(there) == rows(kg.query(text)) == [
        (f'"1"^^<{xsd}integer>', f'"false"^^<{xsd}boolean>', f'"false"^^<{xsd}boolean>'),
        (f'"2"^^<{xsd}integer>', f'"true"^^<{xsd}boolean>', f'"false"^^<{xsd}boolean>')]
    text = ('SELECT ?k (GROUP_CONCAT(?x; separator=", ") AS ?xs) (COUNT(?x) AS ?n) WHERE { VALUES ?k { 1 2 } '
            'OPTIONAL { ?k <http://e/nothing> ?x } } GROUP BY ?k')
    there = remote.query(base + "/sparql", text, check_default_graph=False)
    assert rows(there) == rows(kg.query(text)) == [
        (f'"1"^^<{xsd}integer>', "", f'"0"^^<{xsd}integer>'), (f'"2"^^<{xsd}integer>', "", f'"0"^^<{xsd}integer>')]
    assert all(r[1] is None for r in there.rows)  # unbound, as Oxigraph leaves it (Virtuoso sends "")


def test_the_row_cap_is_an_error_not_a_silent_cut(virtuoso):
    base = virtuoso[0].base
    with pytest.raises(remote.TruncatedResult) as e:
        remote.query(base + "/sparql", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert "cut the result at 10000 rows (X-SPARQL-MaxRows)" in str(e.value) and "ResultSetMaxRows" in str(e.value)
    assert len(e.value.result.rows) == 10000
    r = remote.query(base + "/sparql", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10000")
    assert len(r.rows) == 10000  # the cap reached by the query's own LIMIT: nothing cut
    cli = CliRunner().invoke(app, ["query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--endpoint", base + "/sparql",
                                   "--format", "tsv"])
    assert cli.exit_code == 1 and "cut the result at 10000 rows" in cli.output


def test_a_wrong_password_is_refused_with_the_servers_reason_and_never_echoed(virtuoso, monkeypatch, caplog):
    server, _ = virtuoso
    monkeypatch.setenv(remote.USER_ENV, server.user)
    monkeypatch.setenv(remote.PASSWORD_ENV, "not-" + server.password)
    st = ox.Store()
    st.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("x"), ox.NamedNode(GRAPH + "w")))
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(remote.EndpointError) as e:
            remote.push(st, server.base + "/sparql-graph-crud-auth", sync=False)
        r = CliRunner().invoke(app, ["query", "documents", "--endpoint", server.base + "/sparql-auth"])
    msg = str(e.value)
    assert "pushed 0 of 1 graphs before: HTTP 401 Unauthorized: the server refused the password of user 'unkg'" in msg
    assert "Digest realm 'SPARQL'" in msg and f"{remote.USER_ENV}/{remote.PASSWORD_ENV}" in msg
    assert r.exit_code == 1 and "refused the password of user 'unkg'" in r.output
    for text in (msg, r.output, caplog.text):
        assert server.password not in text and "not-" + server.password not in text


def test_without_credentials_the_message_says_how_to_give_them(virtuoso, monkeypatch, tmp_path):
    server, _ = virtuoso
    monkeypatch.delenv(remote.USER_ENV, raising=False)
    monkeypatch.delenv(remote.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    with pytest.raises(remote.EndpointError) as e:
        remote.query(server.base + "/sparql-auth", "ASK {}")
    assert "HTTP 401 Unauthorized: the server asks for a user and password (Digest realm 'SPARQL')" in str(e.value)
    assert remote.USER_ENV in str(e.value) and "machine 127.0.0.1 login USER" in str(e.value)


def test_netrc_credentials(virtuoso, monkeypatch, tmp_path):
    server, _ = virtuoso
    monkeypatch.delenv(remote.USER_ENV, raising=False)
    monkeypatch.delenv(remote.PASSWORD_ENV, raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1\n  login {server.user}\n  password {server.password}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    r = remote.query(server.base + "/sparql-auth", "SELECT (COUNT(*) AS ?n) WHERE { ?d a unkg:SourceDocument }")
    assert int(r.rows[0][0].value) > 50


def test_an_anonymous_write_says_virtuosos_reason_and_what_to_do(virtuoso, monkeypatch, tmp_path):
    server, _ = virtuoso
    monkeypatch.delenv(remote.USER_ENV, raising=False)
    monkeypatch.delenv(remote.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    st = ox.Store()
    st.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("x"), ox.NamedNode(GRAPH + "w")))
    with pytest.raises(remote.PushError) as e:
        remote.push(st, server.base + "/sparql-graph-crud")
    msg = str(e.value)
    assert "pushed 0 of 1 graphs before: HTTP 403 Forbidden: SQ110:SECURITY: Permission denied" in msg, msg
    assert "/sparql-graph-crud-auth as a user with the SPARQL_UPDATE role" in msg
