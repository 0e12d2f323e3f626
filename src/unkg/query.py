"""query: SPARQL over the built graph, named queries from ``queries/``, and result formats.

Parameters are bound with SPARQL substitutions (SEP-0007) by the engine, never pasted into
the query text, so a value cannot change a query's structure. Queries are read-only unless
``update=True`` is asked for explicitly.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .vocab import PREFIXES

_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*|#[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    description: str
    parameters: tuple[str, ...]
    text: str


@dataclass
class QueryResult:
    variables: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]
    boolean: bool | None = None

    def values(self) -> list[list[str | None]]:
        return [[term_value(t) for t in row] for row in self.rows]

    def records(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, r)) for r in self.values()]


def term_value(t) -> str | None:
    if t is None:
        return None
    return t.value


def queries_dir() -> Path:
    """``$UNKG_QUERIES``, else ./queries, else the repository's queries/ beside the package."""
    env = os.environ.get("UNKG_QUERIES")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd() / "queries", Path(__file__).resolve().parents[2] / "queries"]
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


def _describe(text: str) -> tuple[str, tuple[str, ...]]:
    lines = []
    params: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        m = re.match(r"@param\s+(\w+)", body)
        if m:
            params.append(m.group(1))
        elif body:
            lines.append(body)
    return " ".join(lines), tuple(params)


def library(directory: Path | None = None) -> list[NamedQuery]:
    d = directory or queries_dir()
    out = []
    for p in sorted(d.glob("*.rq")):
        text = p.read_text(encoding="utf-8")
        desc, params = _describe(text)
        out.append(NamedQuery(p.stem, p, desc, params, text))
    return out


def resolve(query: str, directory: Path | None = None) -> str:
    """A query given as a name from the library, a path to a .rq file, or SPARQL text."""
    if "{" in query or "\n" in query.strip():
        return query
    p = Path(query)
    if p.suffix == ".rq" or p.is_file():
        if not p.is_file():
            raise QueryError(f"{query}: no such query file")
        return p.read_text(encoding="utf-8")
    for q in library(directory):
        if q.name == query:
            return q.text
    names = ", ".join(q.name for q in library(directory))
    raise QueryError(f"{query}: no such named query (try `unkg query --list`; known: {names})")


def _term(value: str):
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if re.fullmatch(r"-?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(value)


def run(store: ox.Store, query: str, params: dict[str, str] | None = None, *, update: bool = False) -> QueryResult:
    text = query
    if _UPDATE.match(text):
        if not update:
            raise QueryError("this is a SPARQL Update; queries are read-only unless you pass --update")
        try:
            store.update(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        return QueryResult([], [])
    subs = {ox.Variable(k): _term(v) for k, v in (params or {}).items()}
    try:
        result = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(["result"], [[ox.Literal(str(bool(result)).lower())]], bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[sol[v] for v in variables] for sol in result]
        return QueryResult(variables, rows)
    rows = [[t.subject, t.predicate, t.object] for t in result]  # CONSTRUCT / DESCRIBE
    return QueryResult(["subject", "predicate", "object"], rows)


# --------------------------------------------------------------------------------------------
# Formats


def _short(value: str | None) -> str:
    if value is None:
        return ""
    for prefix, ns in (("id:", PREFIXES["id"]), ("unkg:", PREFIXES["unkg"])):
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value


def to_delimited(result: QueryResult, delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(result.variables)
    for row in result.values():
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2)
    bindings = []
    for row in result.rows:
        b = {}
        for var, t in zip(result.variables, row):
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                b[var] = {"type": "uri", "value": t.value}
            elif isinstance(t, ox.BlankNode):
                b[var] = {"type": "bnode", "value": t.value}
            else:
                d = {"type": "literal", "value": t.value}
                if t.language:
                    d["xml:lang"] = t.language
                elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    d["datatype"] = t.datatype.value
                b[var] = d
        bindings.append(b)
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False)


def to_table_rows(result: QueryResult) -> list[list[str]]:
    return [[_short(v) for v in row] for row in result.values()]
