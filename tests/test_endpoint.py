"""The graph on a real SPARQL server: a real Oxigraph server process on loopback, pushed to over
the Graph Store Protocol and queried over the SPARQL 1.1 Protocol, must answer every named query
as the local store does; pushes replace, sync and report; failures say which they are (cannot
connect, no answer in time, the server's reason); the served endpoint of `unkg serve` is
read-only. Virtuoso: tests/test_virtuoso.py."""

from __future__ import annotations

import http.server
import json
import logging
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from unkg import endpoint as remote
from unkg import query as q
from unkg.endpoint import results
from unkg.errors import QueryError
from unkg.query import bind
from unkg.vocab import GRAPH

from .conftest import PERU, RUSSIA
from .servers import SilentServer, free_port, query_cases, rows, start_oxigraph

UNKG = "https://w3id.org/unkg/ontology#"


@pytest.fixture(scope="module")
def oxigraph_seeds(kg, oxigraph_server):
    """The session's Oxigraph server with the seeds graph pushed once."""
    report = remote.push(kg.store, oxigraph_server.base + "/store")
    return oxigraph_server, report


@pytest.fixture()
def scratch(tmp_path):
    """An empty Oxigraph server of its own, for tests that change what a server holds."""
    server = start_oxigraph(tmp_path / "scratch")
    yield server.base
    server.stop()


def _store(*docs: str, extra: dict[str, list] | None = None) -> ox.Store:
    """A small store: one named graph per document name, each with its SourceDocument."""
    st = ox.Store()
    for d in docs:
        g = ox.NamedNode(GRAPH + d)
        doc = ox.NamedNode(f"https://w3id.org/unkg/id/source/{d}")
        st.add(ox.Quad(doc, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                       ox.NamedNode(UNKG + "SourceDocument"), g))
        st.add(ox.Quad(doc, ox.NamedNode(UNKG + "fileName"), ox.Literal(d), g))
    return st


def _graphs(base: str) -> set[str]:
    r = remote.query(base + "/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", check_default_graph=False)
    return {row[0].value for row in r.rows}


def test_every_named_query_answers_the_same_on_the_server(kg, oxigraph_seeds, caplog):
    server, report = oxigraph_seeds
    assert report.graphs == len(list(kg.store.named_graphs()))
    assert report.triples == len(kg.store)
    assert report.synced and report.removed == () and report.replaced == 0
    for name, text, params in query_cases():
        local = kg.query(name, params)
        with caplog.at_level(logging.WARNING, logger="unkg"):
            there = remote.query(server.base + "/query", text, params)
        assert there.variables == local.variables, name
        assert rows(there) == rows(local), (name, params)
        assert local.rows, f"{name} {params} returns no rows on the seeds graph"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # the default graph is the union there


def test_pushing_twice_replaces_rather_than_duplicates(scratch):
    st = _store("a.txt", "b.txt")
    first = remote.push(st, scratch + "/store")
    second = remote.push(st, scratch + "/store")
    assert (first.replaced, second.replaced) == (0, 2)
    n = remote.query(scratch + "/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(n.rows[0][0].value) == len(st)


def test_a_removed_documents_graph_disappears_from_the_server_at_the_next_push(tmp_path, scratch):
    import unkg

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(PERU, docs / PERU.name)
    shutil.copy(RUSSIA, docs / RUSSIA.name)
    out = tmp_path / "graph"
    assert unkg.build([docs], out).ok
    first = remote.push(unkg.open(out).store, scratch + "/store")
    # Graphs that are not unkg's are never touched, even when unkg's namespace is a prefix of
    # neither: another application's graph, and one written straight into the store.
    with remote.Connection(scratch + "/store") as c:
        for g in ("http://example.org/other-app", "https://w3id.org/unkg/graphs-of-someone-else"):
            c.request("PUT", remote._graph_url(scratch + "/store", g), b'<http://e/s> <http://e/p> "x" .\n',
                      {"Content-Type": "application/n-triples"})
    before = {g.value for g in unkg.open(out).store.named_graphs()}
    assert before <= _graphs(scratch) and not first.removed

    (docs / RUSSIA.name).unlink()
    assert unkg.build([docs], out).ok
    gone = before - {g.value for g in unkg.open(out).store.named_graphs()}
    assert len(gone) == 1
    russia = gone.pop()
    second = remote.push(unkg.open(out).store, scratch + "/store")
    assert second.removed == (russia,)
    assert "removed 1 graph gone locally (" + russia[len(GRAPH):] + ")" in second.summary()
    assert second.replaced == second.graphs  # PERU and the shared entity and theme graphs
    left = _graphs(scratch)
    assert russia not in left
    assert {"http://example.org/other-app", "https://w3id.org/unkg/graphs-of-someone-else"} <= left
    r = remote.query(scratch + "/query", "SELECT ?f WHERE { ?d unkg:fileName ?f }")
    assert [t[0].value for t in r.rows] == [PERU.name]

    third = remote.push(unkg.open(out).store, scratch + "/store", sync=False)
    assert third.removed == () and not third.synced and "--no-sync" in third.summary()


def test_a_push_that_fails_part_way_says_how_many_graphs_it_pushed(tmp_path):
    server = start_oxigraph(tmp_path / "dies")
    st = _store("a.txt", "b.txt", "c.txt", "d.txt", "e.txt")

    def kill_after_three(i, n, g):
        if i == 3:
            server.stop()

    try:
        with pytest.raises(remote.PushError) as e:
            remote.push(st, server.base + "/store", on_graph=kill_after_three, timeout=5)
    finally:
        server.stop()
    msg = str(e.value)
    assert "pushed 3 of 5 graphs before: cannot connect" in msg and "connection refused" in msg, msg
    assert e.value.report.graphs == 3 and e.value.report.replaced == 0


def test_cli_push_and_query_endpoint(tmp_path, oxigraph_seeds, scratch):
    from typer.testing import CliRunner

    import unkg
    from unkg.cli import app

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(PERU, docs / PERU.name)
    assert unkg.build([docs], tmp_path / "graph").ok
    runner = CliRunner()
    r = runner.invoke(app, ["push", "--graph", str(tmp_path / "graph"), "--endpoint", scratch + "/store"])
    assert r.exit_code == 0, r.output
    n = len(list(unkg.open(tmp_path / "graph").store.named_graphs()))
    assert f"pushed {n} named graphs" in r.output and f"0 replaced, {n} new; removed 0 graphs gone locally" in r.output
    r = runner.invoke(app, ["query", "state_documents", "--param", "state=PER", "--endpoint",
                            oxigraph_seeds[0].base + "/query", "--format", "csv", "--timeout", "30"])
    assert r.exit_code == 0, r.output
    assert "000_ed5db1d5ad99901b.txt" in r.stdout
    # a store endpoint unkg cannot pair with a query endpoint: it says what to give
    r = runner.invoke(app, ["push", "--graph", str(tmp_path / "graph"), "--endpoint", scratch + "/elsewhere"])
    assert r.exit_code == 1 and "--query-endpoint" in r.output and "--no-sync" in r.output
    r = runner.invoke(app, ["push", "--graph", str(tmp_path / "graph"), "--endpoint", scratch + "/store",
                            "--query-endpoint", scratch + "/query"])
    assert r.exit_code == 0 and f"{n} replaced, 0 new" in r.output, r.output


def test_served_graph_is_read_only(seeds_graph):
    port = free_port()
    proc = subprocess.Popen(remote.serve_command(seeds_graph, f"127.0.0.1:{port}"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1)
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        r = remote.query(base + "/query", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a unkg:SourceDocument }")
        assert int(r.rows[0][0].value) > 50  # the union of named graphs is the default graph
        with pytest.raises(remote.PushError, match="pushed 0 of 1 graphs before: HTTP 4"):
            remote.push(_store("x.txt"), base + "/store")  # listing its graphs works, writing does not
        with pytest.raises(remote.EndpointError, match="nothing pushed, nothing removed"):
            remote.push(ox.Store(), base + "/store")  # an empty graph would remove them all
        r = remote.query(base + "/query", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a unkg:SourceDocument }")
        assert int(r.rows[0][0].value) > 50
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_default_graph_that_is_not_the_union_gets_a_one_line_warning(tmp_path, caplog):
    server = start_oxigraph(tmp_path / "no-union", union=False)
    try:
        remote.push(_store("a.txt"), server.base + "/store")
        with caplog.at_level(logging.WARNING, logger="unkg"):
            r = remote.query(server.base + "/query", "SELECT ?f WHERE { ?d unkg:fileName ?f }")
        assert r.rows == []
        warnings = [rec.getMessage() for rec in caplog.records if rec.levelno == logging.WARNING]
        assert len(warnings) == 1 and "\n" not in warnings[0]
        assert "holds none of the 1 unkg documents" in warnings[0] and "--union-default-graph" in warnings[0]
        assert "tdb2:unionDefaultGraph true" in warnings[0]
    finally:
        server.stop()


def test_a_server_without_unkg_documents_says_so(scratch, caplog):
    with caplog.at_level(logging.WARNING, logger="unkg"):
        remote.query(scratch + "/query", "ASK { ?s ?p ?o }")
    assert "holds no unkg documents" in caplog.text


def test_a_server_error_gives_the_servers_reason(oxigraph_seeds):
    with pytest.raises(remote.EndpointError) as e:
        remote.query(oxigraph_seeds[0].base + "/query", "SELECT ?x WHERE { ?x nosuchprefix:p ?y }")
    assert "HTTP 400 Bad Request: error at" in str(e.value) and "Prefix not found" in str(e.value), str(e.value)
    assert "\n" not in str(e.value)


def test_wrong_port_is_cannot_connect_at_once():
    port = free_port()
    t = time.monotonic()
    with pytest.raises(remote.EndpointError) as e:
        remote.query(f"http://127.0.0.1:{port}/query", "ASK {}", timeout=30)
    assert time.monotonic() - t < 2
    assert f"cannot connect to 127.0.0.1:{port}: connection refused" in str(e.value)


def test_a_server_that_never_answers_times_out_with_a_truthful_message():
    with SilentServer() as base:
        t = time.monotonic()
        with pytest.raises(remote.EndpointError) as e:
            remote.query(base + "/query", "ASK {}", timeout=1)
        took = time.monotonic() - t
        assert "connected, but no answer within 1 s" in str(e.value) and "cannot connect" not in str(e.value)
        assert 0.9 <= took < 4, took
        t = time.monotonic()
        with pytest.raises(remote.PushError) as e:
            remote.push(_store("a.txt"), base + "/store", sync=False, timeout=1.5)
        assert "pushed 0 of 1 graphs before: connected, but no answer within 1.5 s" in str(e.value)
        assert time.monotonic() - t < 5


def test_cli_timeout_message(tmp_path):
    from typer.testing import CliRunner

    from unkg.cli import app

    with SilentServer() as base:
        r = CliRunner().invoke(app, ["query", "documents", "--endpoint", base + "/query", "--timeout", "1"])
    assert r.exit_code == 1
    assert "no answer within 1 s" in r.output and "Traceback" not in r.output


class _FakeServer:
    """A tiny HTTP server in a thread, for what no real server here does on demand: Basic
    authentication, and Virtuoso's headers for a result cut short. ``answer(handler)`` returns
    (status, headers, body)."""

    def __init__(self, answer):
        outer = self
        self.requests: list[dict] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _go(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                outer.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                                       "body": body})
                status, headers, data = answer(self)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = _go

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


_PROBE_ANSWER = json.dumps({"head": {"vars": ["inDefault", "inNamed"]}, "results": {"bindings": [{
    "inDefault": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"},
    "inNamed": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}]}}).encode()


def test_basic_authentication_from_the_environment_and_netrc(tmp_path, monkeypatch, caplog):
    import base64

    good = "Basic " + base64.b64encode(b"alice:s3cret-pw").decode()

    def answer(h):
        if h.headers.get("Authorization") != good:
            return 401, {"WWW-Authenticate": 'Basic realm="unkg test"', "Content-Type": "text/plain"}, b"who are you?"
        return 200, {"Content-Type": "application/sparql-results+json"}, _PROBE_ANSWER

    monkeypatch.delenv(remote.USER_ENV, raising=False)
    monkeypatch.delenv(remote.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "netrc"))
    with _FakeServer(answer) as fake, caplog.at_level(logging.DEBUG):
        with pytest.raises(remote.EndpointError) as e:  # no credentials anywhere
            remote.query(fake.base + "/sparql", "ASK {}")
        assert "asks for a user and password (Basic realm 'unkg test'): who are you?" in str(e.value)
        assert remote.USER_ENV in str(e.value) and "~/.netrc" in str(e.value)
        assert "Authorization" not in fake.requests[-1]["headers"]  # nothing sent unasked

        (tmp_path / "netrc").write_text("machine 127.0.0.1 login alice password s3cret-pw\n")
        r = remote.query(fake.base + "/sparql", "SELECT ?inDefault ?inNamed WHERE {}", check_default_graph=False)
        assert r.rows and fake.requests[-1]["headers"]["Authorization"] == good

        monkeypatch.setenv(remote.USER_ENV, "alice")
        monkeypatch.setenv(remote.PASSWORD_ENV, "wrong-pw")  # the environment wins over netrc
        with pytest.raises(remote.EndpointError) as e:
            remote.query(fake.base + "/sparql", "ASK {}")
        msg = str(e.value)
        assert "refused the password of user 'alice'" in msg and f"{remote.USER_ENV}/{remote.PASSWORD_ENV}" in msg
        assert "wrong-pw" not in msg and "s3cret-pw" not in msg
        monkeypatch.delenv(remote.PASSWORD_ENV)
        with pytest.raises(remote.EndpointError, match=f"{remote.PASSWORD_ENV} is not set"):
            remote.query(fake.base + "/sparql", "ASK {}")
    assert "s3cret-pw" not in caplog.text and "wrong-pw" not in caplog.text


def test_credentials_in_the_url_or_a_broken_netrc_are_refused_without_echoing(tmp_path, monkeypatch):
    monkeypatch.delenv(remote.USER_ENV, raising=False)
    monkeypatch.delenv(remote.PASSWORD_ENV, raising=False)
    with pytest.raises(remote.EndpointError) as e:
        remote.query("http://bob:hunter2@127.0.0.1:9/sparql", "ASK {}")
    assert "not in the URL" in str(e.value) and "hunter2" not in str(e.value)
    (tmp_path / "netrc").write_text("machine 127.0.0.1 login bob password hunter2 bogus\n")
    monkeypatch.setenv("NETRC", str(tmp_path / "netrc"))
    with pytest.raises(remote.EndpointError) as e:
        remote.query("http://127.0.0.1:9/sparql", "ASK {}")
    assert "cannot read it (line " in str(e.value) and "hunter2" not in str(e.value)


def test_virtuoso_headers_of_a_cut_result_are_an_error(monkeypatch):
    """What Virtuoso sends when it cuts (X-SPARQL-MaxRows) or stops a query at its time limit
    (X-SQL-State S1TAT, an "anytime" query): served here by a fake, the real cap is tested
    against Virtuoso in test_virtuoso.py."""
    rows3 = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": str(i)}} for i in range(3)]}}).encode()
    headers = {"Content-Type": "application/sparql-results+json"}
    with _FakeServer(lambda h: (200, {**headers, "X-SQL-State": "S1TAT",
                                      "X-SQL-Message": "RC...: Returning incomplete results"}, rows3)) as fake:
        with pytest.raises(remote.TruncatedResult) as e:
            remote.query(fake.base + "/sparql", "SELECT ?x WHERE { ?x ?p ?o }", check_default_graph=False)
    assert "incomplete result of 3 rows" in str(e.value) and len(e.value.result.rows) == 3
    with _FakeServer(lambda h: (200, {**headers, "X-SPARQL-MaxRows": "3"}, rows3)) as fake:
        with pytest.raises(remote.TruncatedResult, match="cut the result at 3 rows"):
            remote.query(fake.base + "/sparql", "SELECT ?x WHERE { ?x ?p ?o }", check_default_graph=False)
        r = remote.query(fake.base + "/sparql", "SELECT ?x WHERE { ?x ?p ?o } LIMIT 3", check_default_graph=False)
        assert len(r.rows) == 3  # exactly the LIMIT asked for: nothing was cut


def test_server_reason_takes_the_useful_line():
    virtuoso_403 = (b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html>\n  <head>\n    <title>SPARQL Graph '
                    b'Protocol request failed</title>\n  </head>\n  <body>\n    <h1>HTTP/1.1 403 Forbidden</h1>\n    '
                    b'<h3>Error 42000</h3>\n<xmp>SQ110:SECURITY: Permission denied for delete from DB.DBA.RDF_QUAD '
                    b'(user ID = 107)</xmp></body></html>')
    assert remote.server_reason(virtuoso_403, "text/html; charset=UTF-8") == \
        "SQ110:SECURITY: Permission denied for delete from DB.DBA.RDF_QUAD (user ID = 107)"
    virtuoso_400 = (b"Virtuoso 37000 Error SP030: SPARQL compiler, line 2: syntax error at '}'\n\nSPARQL query:\n"
                    b"define sql:big-data-const 0 SELECT ?x WHERE { ?x ")
    assert remote.server_reason(virtuoso_400, "text/plain") == \
        "Virtuoso 37000 Error SP030: SPARQL compiler, line 2: syntax error at '}'"
    assert remote.server_reason(b'{"exception": "Invalid SPARQL query: ..."}', "application/json") == \
        "Invalid SPARQL query: ..."
    assert remote.server_reason(b"", "text/html") == ""


def test_normalise_makes_virtuosos_answers_those_of_oxigraph():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    lit = lambda v, t: ox.Literal(v, datatype=ox.NamedNode(xsd + t))  # noqa: E731
    text = ('SELECT ?id ((?t > 0 && ?c > 0) AS ?both) (BOUND(?x) AS ?b2) (COUNT(?m) AS ?n) '
            '(GROUP_CONCAT(DISTINCT ?f; separator=", ") AS ?files) (GROUP_CONCAT(?g) AS ?spaced) (SUM(?v) AS ?sum) '
            'WHERE { BIND (IF(?k = 1, true, false) AS ?flag) BIND ("a, b" AS ?s) }')
    cols = results._columns(text)
    assert cols.booleans == {"both", "b2", "flag"} and cols.concat == {"files": ", ", "spaced": " "}
    result = q.QueryResult(["id", "both", "b2", "n", "files", "spaced", "sum"], [
        [ox.Literal("x"), lit("1", "integer"), lit("0", "integer"), lit("3", "int"), ox.Literal("b.txt, a.txt"),
         ox.Literal(""), lit("2.0", "double")],
        [ox.Literal("y"), lit("0", "integer"), lit("true", "boolean"), lit("03", "integer"), None,
         ox.Literal("z y"), lit("1.50", "decimal")],
    ])
    out = remote.normalise(result, text)
    assert [[None if t is None else str(t) for t in row] for row in out.rows] == [
        ['"x"', f'"true"^^<{xsd}boolean>', f'"false"^^<{xsd}boolean>', f'"3"^^<{xsd}integer>', '"a.txt, b.txt"',
         None, f'"2"^^<{xsd}double>'],
        ['"y"', f'"false"^^<{xsd}boolean>', f'"true"^^<{xsd}boolean>', f'"3"^^<{xsd}integer>', None, '"y z"',
         f'"1.5"^^<{xsd}decimal>'],
    ]
    # stored xsd:boolean values come back from Virtuoso as "1"/"0"
    assert str(results._term(lit("1", "boolean"), False)) == f'"true"^^<{xsd}boolean>'
    # an integer column that is no boolean keeps its numbers
    assert str(results._term(lit("1", "integer"), False)) == f'"1"^^<{xsd}integer>'


def test_local_group_concat_items_come_sorted(kg):
    r = kg.query("part_of")
    col = r.variables.index("documents")
    for row in r.rows:
        items = row[col].value.split(", ")
        assert items == sorted(items)


def test_remote_parameters_cannot_inject_sparql():
    st = ox.Store()
    st.add(ox.Quad(ox.NamedNode("http://e/d"), ox.NamedNode("http://e/name"), ox.Literal("x")))
    evil = 'x" } ; DROP ALL ; #'
    for style in ("values", "bind"):
        text = bind("SELECT ?d WHERE { ?d <http://e/name> ?name }", {"name": evil}, style=style)
        # the value stays one literal: the query is still a SELECT, matches nothing, changes nothing
        assert list(st.query(text)) == []
        assert len(st) == 1
        assert [s["d"] for s in st.query(bind("SELECT ?d WHERE { ?d <http://e/name> ?name }", {"name": "x"},
                                              style=style))] == [ox.NamedNode("http://e/d")]


def test_virtuoso_binding_is_a_typed_string_made_plain():
    bound = bind("SELECT ?x WHERE { ?x ?p ?a . ?x ?q ?n }", {"a": "Côte d'Ivoire", "n": "12"}, style="bind")
    assert 'BIND(STR("Côte d\'Ivoire"^^<http://www.w3.org/2001/XMLSchema#string>) AS ?a)' in bound
    assert 'BIND("12"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?n)' in bound


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
    assert list(ox.Store().query(bound)) == []  # still valid SPARQL: nothing put before a sub-SELECT
    assert list(ox.Store().query(bind(text, {"a": "CSTO"}, style="bind"))) == []
