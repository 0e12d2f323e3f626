"""endpoint: the graph on a SPARQL 1.1 server, for when it outgrows one machine.

unkg writes no server of its own. ``push`` sends each named graph to any server's Graph Store
HTTP Protocol endpoint and removes there the unkg graphs gone locally; ``query`` sends a query
to any SPARQL 1.1 Protocol endpoint; ``serve`` runs Oxigraph's own server, read-only, over a
built store.

Endpoints by server (the union of named graphs must be the default graph, as it is locally):
  Oxigraph   push http://host:7878/store      query http://host:7878/query   (serve --union-default-graph)
  Fuseki     push http://host:3030/ds/data    query http://host:3030/ds/sparql (tdb2:unionDefaultGraph true)
  Virtuoso   push http://host:8890/sparql-graph-crud-auth   query http://host:8890/sparql
             (Digest authentication, a user with the SPARQL_UPDATE role)

Credentials come from ``UNKG_ENDPOINT_USER`` and ``UNKG_ENDPOINT_PASSWORD``, else from
``~/.netrc`` (or ``$NETRC``), and are sent only when the server asks (Basic or Digest); no
message names the password. Every failure is one ``EndpointError`` that says which it was:
cannot connect (refused, unknown host, no connection within the timeout), connected but no
answer within the timeout, or the server's HTTP error with the server's own reason.

Results are normalised (``results.normalise``) so that the same query prints the same rows on every
server: Virtuoso's 1/0 for booleans, xsd:int for xsd:integer, "" for a GROUP_CONCAT over nothing,
GROUP_CONCAT items in any order.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import errors, store
from ..errors import Errors, GraphNotFound
from ..query import QueryResult, bind
from ..store import NamedNode
from ..vocab import GRAPH, PREFIXES
from .client import (PASSWORD_ENV, TIMEOUT_S, USER_ENV, Connection, Credentials, EndpointError, PushError, Response,
                     TruncatedResult, display_url, find_credentials, server_reason)
from .results import _scan, normalise, order_key

__all__ = ["Connection", "Credentials", "EndpointError", "PASSWORD_ENV", "PushError", "PushReport", "Response",
           "TIMEOUT_S", "TruncatedResult", "USER_ENV", "find_credentials", "normalise", "order_key", "push", "query",
           "query_endpoint_for", "serve", "serve_command", "server_graphs", "server_reason"]

log = logging.getLogger(__name__)

GRAPH_NAMESPACE = GRAPH  # the only graphs a push ever removes on a server


# --------------------------------------------------------------------------------------------
# Queries


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))


@dataclass
class _Answer:
    result: QueryResult
    response: Response


def _select(conn: Connection, endpoint: str, text: str) -> _Answer:
    """POST one query (form-encoded: what every server takes; Virtuoso 7 waits forever on a
    direct application/sparql-query body) and parse the JSON results."""
    data = urllib.parse.urlencode({"query": _prologue() + text}).encode()
    resp = conn.request("POST", endpoint, data, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "Accept": "application/sparql-results+json"})
    try:
        s = store.parse_results(resp.body, "json")
    except (SyntaxError, ValueError) as exc:
        ctype = resp.header("Content-Type") or "no content type"
        raise EndpointError(conn.label, f"the answer is not SPARQL JSON results ({ctype}: {exc})") from None
    return _Answer(QueryResult(s.variables, s.rows, s.boolean), resp)  # ASK shaped as local ASK results are


_DEFAULT_GRAPH_PROBE = """SELECT ?inDefault ?inNamed WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?inDefault) WHERE { ?d a unkg:SourceDocument } }
  { SELECT (COUNT(DISTINCT ?d) AS ?inNamed) WHERE { GRAPH ?g { ?d a unkg:SourceDocument } } }
}"""
_UNION_HOWTO = ("make the default graph the union of the named graphs (Oxigraph: `oxigraph serve "
                "--union-default-graph`; Fuseki: `tdb2:unionDefaultGraph true` on the dataset; Virtuoso's default "
                "graph is all graphs already)")
def _probe(conn: Connection, endpoint: str, warn: bool = True) -> None:
    """Find out which server this is (Virtuoso binds parameters its own way) and warn, in one
    line, when its default graph does not hold unkg's documents as its named graphs do: the
    named queries, written for the union, would find nothing or too little there. One small
    query, asked anew each time: a server can be restarted with another set-up at the same URL."""
    try:
        answer = _select(conn, endpoint, _DEFAULT_GRAPH_PROBE)
        row = answer.result.rows[0]
        in_default, in_named = (int(t.value) if t is not None else 0 for t in row)
    except (EndpointError, IndexError, ValueError) as exc:
        if isinstance(exc, EndpointError) and not re.match(r"HTTP (400|5\d\d)", exc.reason):
            raise  # cannot connect, no answer, refused: the query itself would fail the same way
        if warn:
            log.warning("%s: could not check that its default graph is the union of its named graphs (%s)",
                        conn.label, getattr(exc, "reason", exc))
        return
    # Virtuoso says so in its Server header, and (behind a proxy too) in its JSON results, which
    # still use the "typed-literal" of the SPARQL 1.0 drafts.
    conn.virtuoso = conn.server.lower().startswith("virtuoso") or b'"typed-literal"' in answer.response.body
    if in_named and in_default < in_named:
        if warn:
            held = "none" if not in_default else f"only {in_default}"
            log.warning("%s: the default graph holds %s of the %d unkg documents in the named graphs, so queries "
                        "find nothing or too little: %s", conn.label, held, in_named, _UNION_HOWTO)
    elif not in_named and not in_default:
        if warn:
            log.warning("%s: the server holds no unkg documents (push the graph first: unkg push)", conn.label)


def _top_limit(text: str) -> int | None:
    """The query's own LIMIT (outside every group), if any."""
    depth, limit, toks = 0, None, _scan(text)
    for i, (kind, tok) in enumerate(toks):
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0 and kind == "word" and tok.upper() == "LIMIT" and i + 1 < len(toks) \
                and toks[i + 1][0] == "num":
            limit = int(float(toks[i + 1][1]))
    return limit


def _check_complete(conn: Connection, answer: _Answer, text: str) -> None:
    resp, result = answer.response, answer.result
    state = resp.header("X-SQL-State")
    if state and state.upper().startswith("S1TAT"):
        raise TruncatedResult(conn.label, "the server stopped the query at its time limit and sent an incomplete "
                                          f"result of {len(result.rows)} rows ({resp.header('X-SQL-Message') or state}); "
                                          "raise MaxQueryExecutionTime in the [SPARQL] section of virtuoso.ini",
                              result)
    cap = resp.header("X-SPARQL-MaxRows")
    if cap and cap.strip().isdigit() and len(result.rows) >= int(cap):
        limit = _top_limit(text)
        if limit is None or limit > int(cap):
            raise TruncatedResult(conn.label, f"the server cut the result at {int(cap)} rows (X-SPARQL-MaxRows): raise "
                                              "its limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of "
                                              "virtuoso.ini) or page through it with ORDER BY, LIMIT and OFFSET",
                                  result)


def query(endpoint: str, text: str, params: dict[str, str] | None = None, *, timeout: float = TIMEOUT_S,
          credentials: Credentials | None | bool = None, check_default_graph: bool = True) -> QueryResult:
    """Run a SELECT or ASK query on a SPARQL 1.1 Protocol endpoint; unkg's prefixes are
    declared for it, as they are locally, and parameters bound as locally (on Virtuoso in the
    one form it matches both in joins and in string functions, see ``query.bind``). A result
    the server cut (a row cap, a time limit) is a TruncatedResult, never a silent cut; a default
    graph that is not the union of the named graphs gets a warning. Results are normalised
    (``normalise``)."""
    with Connection(endpoint, timeout=timeout, credentials=credentials) as conn:
        if check_default_graph or params:
            _probe(conn, endpoint, warn=check_default_graph)
        bound = bind(text, params or {}, style="bind" if conn.virtuoso else "values")
        answer = _select(conn, endpoint, bound)
        answer.result = normalise(answer.result, text)
        _check_complete(conn, answer, bound)
        return answer.result


# --------------------------------------------------------------------------------------------
# Push


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graphs: int  # named graphs sent (each replacing the graph of the same name there)
    triples: int
    replaced: int | None = None  # of those, how many were there before (None: not known, no sync)
    removed: tuple[str, ...] = ()  # unkg graphs removed there because they are gone locally
    synced: bool = False

    def summary(self) -> str:
        out = f"pushed {self.graphs} named graphs ({self.triples} triples) to {self.endpoint}"
        if self.replaced is not None:
            out += f": {self.replaced} replaced, {self.graphs - self.replaced} new"
        if self.synced:
            n = len(self.removed)
            out += f"; removed {n} graph{'s' if n != 1 else ''} gone locally"
            if 0 < n <= 5:
                out += " (" + ", ".join(g[len(GRAPH_NAMESPACE):] if g.startswith(GRAPH_NAMESPACE) else g
                                        for g in self.removed) + ")"
        else:
            out += "; graphs gone locally not looked for (--no-sync)"
        return out


_QUERY_FOR_STORE = [("/sparql-graph-crud-auth", "/sparql-auth"), ("/sparql-graph-crud", "/sparql"),  # Virtuoso
                    ("/store", "/query"),  # Oxigraph
                    ("/data", "/sparql")]  # Fuseki


def query_endpoint_for(store_endpoint: str) -> str | None:
    """The SPARQL query endpoint that goes with a Graph Store endpoint of a server unkg knows
    (Oxigraph /store -> /query, Fuseki /ds/data -> /ds/sparql, Virtuoso /sparql-graph-crud-auth
    -> /sparql-auth), or None."""
    p = urllib.parse.urlsplit(store_endpoint)
    path = p.path.rstrip("/")
    for store_path, q in _QUERY_FOR_STORE:
        if path.endswith(store_path):
            return urllib.parse.urlunsplit((p.scheme, p.netloc, path[: -len(store_path)] + q, "", ""))
    return None


def server_graphs(endpoint: str, *, namespace: str = GRAPH_NAMESPACE, timeout: float = TIMEOUT_S,
                  credentials: Credentials | None | bool = None, conn: Connection | None = None) -> list[str]:
    """The named graphs under ``namespace`` on a server, through its query endpoint, in pages
    ordered by name (so a server's row cap only makes more pages). A graph is found by its
    rdf:type statements, which every graph unkg writes has: on Virtuoso that is 4x faster than
    looking at every triple, and a graph without any is left alone."""
    own = conn is None
    conn = conn or Connection(endpoint, timeout=timeout, credentials=credentials)
    try:
        found: list[str] = []
        last = ""
        while True:
            after = f' && STR(?g) > "{_escape(last)}"' if last else ""
            text = (f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a ?type }} FILTER (STRSTARTS(STR(?g), "{_escape(namespace)}")'
                    f"{after}) }} ORDER BY (STR(?g)) LIMIT {_PAGE}")
            answer = _select(conn, endpoint, text)
            page = [row[0].value for row in answer.result.rows if isinstance(row[0], NamedNode)]
            page = [g for g in page if g > last]
            found += page
            if not page or len(answer.result.rows) < _PAGE and not answer.response.header("X-SPARQL-MaxRows"):
                return found
            last = max(page)
    finally:
        if own:
            conn.close()


_PAGE = 5000


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _graph_url(endpoint: str, graph: str) -> str:
    p = urllib.parse.urlsplit(endpoint)
    q = (p.query + "&" if p.query else "") + "graph=" + urllib.parse.quote(graph, safe="")
    return urllib.parse.urlunsplit((p.scheme, p.netloc, p.path, q, ""))


def push(st, endpoint: str, *, query_endpoint: str | None = None, sync: bool = True,
         timeout: float = TIMEOUT_S, credentials: Credentials | None | bool = None,
         on_graph: Callable[[int, int, str], None] | None = None) -> PushReport:
    """PUT every named graph of the store ``st`` to a Graph Store Protocol endpoint, replacing the graph
    of the same name there (so a document pushed twice is there once). With ``sync``, first ask
    the server (through ``query_endpoint``, by default the one that goes with ``endpoint``)
    which unkg graphs it has, and afterwards delete those gone locally: only graphs under
    https://w3id.org/unkg/graph/, never another. A failure part-way is a PushError saying how
    many graphs were pushed (or removed) before it; ``on_graph(i, n, graph)`` follows progress."""
    label = display_url(endpoint)
    local = store.named_graphs(st)
    if not local:  # with sync, pushing nothing would remove everything there
        raise EndpointError(label, "the graph has no named graphs: nothing pushed, nothing removed")
    if credentials is None:
        credentials = find_credentials(endpoint) or False
    there: set[str] | None = None
    if sync:
        q_endpoint = query_endpoint or query_endpoint_for(endpoint)
        if not q_endpoint:
            raise EndpointError(label, "cannot tell which SPARQL query endpoint goes with this Graph Store endpoint, "
                                       "to find the graphs gone locally: give it (--query-endpoint URL), or push "
                                       "without removing them (--no-sync)")
        try:
            there = set(server_graphs(q_endpoint, timeout=timeout, credentials=credentials))
        except EndpointError as exc:
            raise PushError(label, f"pushed nothing: could not list the server's graphs at {exc.url}: {exc.reason}",
                            PushReport(label, 0, 0)) from None
    triples = 0
    done = 0
    with Connection(endpoint, timeout=timeout, credentials=credentials) as conn:
        try:
            for done, g in enumerate(local):
                if on_graph:
                    on_graph(done, len(local), g)
                data = store.dump_graph(st, g)
                conn.request("PUT", _graph_url(endpoint, g), data, {"Content-Type": "application/n-triples"})
                triples += data.count(b"\n")
            done = len(local)
        except EndpointError as exc:
            report = PushReport(label, done, triples, None if there is None else len(there & set(local[:done])))
            raise PushError(label, f"pushed {done} of {len(local)} graphs before: {exc.reason}", report) from None
        replaced = None if there is None else len(there & set(local))
        if there is None:
            return PushReport(label, len(local), triples, replaced)
        stale = sorted(g for g in there - set(local) if g.startswith(GRAPH_NAMESPACE))
        removed: list[str] = []
        try:
            for g in stale:
                conn.request("DELETE", _graph_url(endpoint, g), ok=(404,))
                removed.append(g)
        except EndpointError as exc:
            report = PushReport(label, len(local), triples, replaced, tuple(removed), True)
            raise PushError(label, f"pushed all {len(local)} graphs, then removed {len(removed)} of the {len(stale)} "
                                   f"graphs gone locally before: {exc.reason}", report) from None
    return PushReport(label, len(local), triples, replaced, tuple(removed), True)


# --------------------------------------------------------------------------------------------
# Serve


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise errors.EndpointError(Errors.no_oxigraph)
    return found


def serve_command(graph_dir: Path, bind_addr: str = "127.0.0.1:7878") -> list[str]:
    """The command that serves a built store read-only, named graphs united as the default."""
    store_dir = Path(graph_dir) / "store"
    if not store_dir.is_dir():
        raise GraphNotFound(str(graph_dir))
    return [oxigraph_binary(), "serve-read-only", "--location", str(store_dir), "--bind", bind_addr,
            "--union-default-graph", "--cors"]


def serve(command: list[str]) -> int:
    """Run the server ``serve_command`` gave, in the foreground until interrupted; returns its
    exit status. SIGTERM and SIGHUP (``kill``, a closed terminal, a service manager) stop the
    server as Ctrl-C does, so that it never outlives ``unkg serve`` on its port."""
    import signal

    proc = subprocess.Popen(command)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return 0  # stopped as asked
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
