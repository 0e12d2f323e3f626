"""endpoint: the graph on a SPARQL 1.1 server, for when it outgrows one machine.

unkg writes no server of its own. ``push`` sends each named graph to any server's Graph Store
HTTP Protocol endpoint; ``query`` sends a query to any SPARQL 1.1 Protocol endpoint; ``serve``
runs Oxigraph's own server, read-only, over a built store.

Endpoints by server (the union of named graphs must be the default graph, as it is locally):
  Oxigraph   push http://host:7878/store      query http://host:7878/query   (serve --union-default-graph)
  Fuseki     push http://host:3030/ds/data    query http://host:3030/ds/sparql (tdb2:unionDefaultGraph true)
  Virtuoso   push http://host:8890/sparql-graph-crud   query http://host:8890/sparql
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import store
from .errors import EndpointError, Errors, GraphNotFound
from .query import QueryResult, bind
from .vocab import PREFIXES

TIMEOUT_S = 120

__all__ = ["EndpointError", "PushReport", "push", "query", "serve", "serve_command"]


def _request(url: str, *, data: bytes | None = None, method: str = "GET", headers: dict | None = None) -> bytes:
    req = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": "unkg", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            return resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise EndpointError(Errors.http_error.format(url=url, code=exc.code, reason=exc.reason,
                                                     detail=": " + body[0][:200] if body else "")) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(Errors.cannot_connect.format(url=url, reason=reason)) from exc


@dataclass(frozen=True)
class PushReport:
    graphs: int
    triples: int


def push(st, endpoint: str) -> PushReport:
    """PUT every named graph of the store ``st`` to a Graph Store Protocol endpoint, replacing
    the graph of the same name there (so a document pushed twice is there once)."""
    graphs = store.named_graphs(st)
    triples = 0
    for g in graphs:
        data = store.dump_graph(st, g)
        triples += data.count(b"\n")
        sep = "&" if "?" in endpoint else "?"
        _request(f"{endpoint}{sep}graph={urllib.parse.quote(g, safe='')}", data=data, method="PUT",
                 headers={"Content-Type": "application/n-triples"})
    return PushReport(len(graphs), triples)


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))


def query(endpoint: str, text: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a SELECT or ASK query on a SPARQL 1.1 Protocol endpoint; unkg's prefixes are
    declared for it, as they are locally."""
    body = _prologue() + bind(text, params or {})
    data = _request(endpoint, data=urllib.parse.urlencode({"query": body}).encode(), method="POST",
                    headers={"Content-Type": "application/x-www-form-urlencoded",
                             "Accept": "application/sparql-results+json"})
    try:
        s = store.parse_results(data, "json")
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(Errors.not_sparql_results.format(url=endpoint, detail=exc)) from exc
    return QueryResult(s.variables, s.rows, s.boolean)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise EndpointError(Errors.no_oxigraph)
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
    exit status."""
    proc = subprocess.Popen(command)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()
