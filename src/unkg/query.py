"""query: SPARQL over the built graph, named queries from ``queries/``, and result formats.

Parameters are bound as RDF terms in VALUES blocks (``bind``), never pasted into the query
text, so a value cannot change a query's structure. Queries are read-only unless
``update=True`` is asked for explicitly.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import store
from .errors import Errors, QueryError
from .store import Literal, NamedNode
from .vocab import PREFIXES, XSD

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
    rows: list[list]  # RDF terms, None where unbound
    boolean: bool | None = None

    def values(self) -> list[list[str | None]]:
        return [[term_value(t) for t in row] for row in self.rows]

    def records(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, r)) for r in self.values()]


def term_value(t) -> str | None:
    if t is None:
        return None
    return t.value


#: The library of named queries: package data (``unkg/queries/*.rq``).
PACKAGE_QUERIES = Path(str(resources.files("unkg") / "queries"))


def user_queries() -> Path | None:
    """A user's own folder of queries, named by ``$UNKG_QUERIES`` (or ``--queries DIR``): never
    found by looking at the current directory."""
    env = os.environ.get("UNKG_QUERIES")
    return Path(env) if env else None


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
    """The named queries: the package's, and those of a user's folder (``directory``, else
    ``$UNKG_QUERIES``), which may add queries or replace one of the package's by its name."""
    found: dict[str, NamedQuery] = {}
    extra = directory or user_queries()
    if extra is not None and not Path(extra).is_dir():
        raise QueryError(Errors.no_query_folder.format(path=extra))
    for d in (PACKAGE_QUERIES, *([Path(extra)] if extra else [])):
        for p in sorted(d.glob("*.rq")):
            text = p.read_text(encoding="utf-8")
            desc, params = _describe(text)
            found[p.stem] = NamedQuery(p.stem, p, desc, params, text)
    return [found[k] for k in sorted(found)]


def resolve(query: str, directory: Path | None = None, params: dict[str, str] | None = None) -> str:
    """A query given as a name from the library, a path to a .rq file, or SPARQL text. With
    ``params``, a named query's parameters are checked against those it declares: a name it does
    not take, or one it needs and lacks, is an error that lists them."""
    if "{" in query or "\n" in query.strip():
        return query
    p = Path(query)
    if p.suffix == ".rq" or p.is_file():
        if not p.is_file():
            raise QueryError(Errors.no_query_file.format(query=query))
        return p.read_text(encoding="utf-8")
    for q in library(directory):
        if q.name == query:
            if params is not None:
                check_parameters(q, params)
            return q.text
    names = ", ".join(q.name for q in library(directory))
    raise QueryError(Errors.no_named_query.format(query=query, names=names))


def check_parameters(q: NamedQuery, params: dict[str, str]) -> None:
    takes = ", ".join(q.parameters) or "none"
    unknown = sorted(set(params) - set(q.parameters))
    if unknown:
        raise QueryError(Errors.unknown_parameters.format(query=q.name, names=", ".join(unknown), takes=takes))
    missing = [p for p in q.parameters if p not in params]
    if missing:
        raise QueryError(Errors.missing_parameters.format(query=q.name, names=", ".join(missing),
                                                          example=" ".join(f"--param {m}=..." for m in missing)))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term(value: str):
    if value.startswith("<") and value.endswith(">"):
        return NamedNode(value[1:-1])
    if re.fullmatch(r"-?\d+", value):
        return Literal(value, datatype=XSD.integer)
    return Literal(value)


def _bind_term(t) -> str:
    if isinstance(t, Literal) and not t.language and t.datatype.value == _XSD_STRING:
        return f"STR({t}^^<{_XSD_STRING}>)"
    return str(t)


def _tokens(query: str):
    """(kind, start, end) of the query's braces, parentheses, variables and words, skipping
    comments, strings and IRIs, which may contain anything."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = query[i:i + 3] if query[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            j = i + 1
            while j < n and query[j] not in "<>\"{}|^`\\ \n\t":
                j += 1
            if j < n and query[j] == ">":  # an IRI; otherwise a less-than sign
                i = j + 1
                continue
        if c in "{}()":
            yield c, i, i + 1
        elif c in "?$" and i + 1 < n and (query[i + 1].isalnum() or query[i + 1] == "_"):
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            yield "var", i, j
            i = j
            continue
        elif c.isalpha():
            j = i
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            yield "word", i, j
            i = j
            continue
        i += 1


def closing_order(query: str) -> tuple[int, list[tuple[str, bool]]] | None:
    """Where a SELECT query's closing ORDER BY starts and its keys (variable, descending), if
    the clause is nothing but variables the query projects (``?a DESC(?b) ASC(?c)``) and nothing
    follows it; else None."""
    toks = [(kind, query[a:b].upper() if kind == "word" else query[a:b], a) for kind, a, b in _tokens(query)]
    first = next((i for i, (k, t, _) in enumerate(toks) if t in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")), None)
    if first is None or toks[first][1] != "SELECT":
        return None
    projected, depth = set(), 0
    for i in range(first + 1, len(toks)):
        kind, tok, _ = toks[i]
        if kind == "{" or tok == "WHERE":
            break
        depth += (kind == "(") - (kind == ")")
        if kind == "var" and (depth == 0 or toks[i - 1][1] == "AS"):  # ?v, or (... AS ?v)
            projected.add(tok[1:])
    depth, at = 0, None
    for i, (kind, tok, _) in enumerate(toks):
        depth += (kind == "{") - (kind == "}")
        if depth == 0 and tok == "ORDER" and i + 1 < len(toks) and toks[i + 1][1] == "BY":
            at = i
    if at is None:
        return None
    keys, rest = [], toks[at + 2:]
    while rest:
        if rest[0][0] == "var":
            keys.append((rest[0][1][1:], False))
            rest = rest[1:]
        elif [k for k, _, _ in rest[:4]] == ["word", "(", "var", ")"] and rest[0][1] in ("ASC", "DESC"):
            keys.append((rest[2][1][1:], rest[0][1] == "DESC"))
            rest = rest[4:]
        else:  # an expression, LIMIT, OFFSET: the engine's to do
            return None
    return (toks[at][2], keys) if keys and all(v in projected for v, _ in keys) else None


def bind(query: str, params: dict[str, str], *, style: str = "values") -> str:
    """The query with its parameters bound, for servers that know nothing of unkg's local
    substitutions: each group pattern that uses a parameter opens with a one-row VALUES block
    binding it. Joined in every group where the variable appears (subqueries and FILTERs
    included), that is what substituting the value would do. Values are serialized as RDF
    terms (escaped), so a value can never change the query's structure.

    ``style="bind"`` opens each group with ``BIND(STR("value"^^xsd:string) AS ?name)`` instead,
    for Virtuoso 7, where no literal in VALUES works both ways: a plain "Côte d'Ivoire" joins with
    the data but STR() of it is mangled (non-ASCII), a typed one works in STR() but joins with
    nothing (RDF 1.0: "x" and "x"^^xsd:string are different terms there). Oxigraph plans that
    form 40-200x slower, hence VALUES everywhere else."""
    if not params:
        return query
    toks = list(_tokens(query))
    groups: list[dict] = []  # open groups: where they start, which parameters they use
    inserts: list[tuple[int, set[str]]] = []
    data_block = 0  # depth inside VALUES data blocks, which are not groups
    after_values = False  # the next "{" opens a VALUES data block
    just_opened = None  # the group whose first token comes next
    for kind, a, b in toks:
        if just_opened is not None and kind == "word" and query[a:b].upper() == "SELECT":
            just_opened["subselect"] = True  # "{ SELECT ... }" may hold nothing but the subquery
        just_opened = None
        if kind == "{":
            if data_block or after_values:
                data_block += 1
            else:
                groups.append({"at": b, "uses": set(), "subselect": False})
                just_opened = groups[-1]
            after_values = False
        elif kind == "}":
            if data_block:
                data_block -= 1
            elif groups:
                g = groups.pop()
                if g["uses"] and not g["subselect"]:
                    inserts.append((g["at"], g["uses"]))
                if groups:
                    groups[-1]["uses"] |= g["uses"]
        elif kind == "var":
            name = query[a + 1:b]
            if name in params and groups and not data_block:
                groups[-1]["uses"].add(name)
        elif query[a:b].upper() == "VALUES":
            after_values = True
    if not inserts:
        raise QueryError(Errors.unused_parameters.format(s="s" if len(params) > 1 else "", names=", ".join(sorted(params))))
    out, last = [], 0
    for at, uses in sorted(inserts):
        names = sorted(uses)
        if style == "bind":
            block = " ".join(f"BIND({_bind_term(_term(params[k]))} AS ?{k})" for k in names)
        else:
            block = f"VALUES ({' '.join('?' + k for k in names)}) {{ ({' '.join(str(_term(params[k])) for k in names)}) }}"
        out += [query[last:at], f" {block} "]
        last = at
    out.append(query[last:])
    return "".join(out)


def run(st, query: str, params: dict[str, str] | None = None, *, update: bool = False) -> QueryResult:
    """Run a query (or, with ``update``, a SPARQL Update) on a local store."""
    text = query
    if _UPDATE.match(text):
        if not update:
            raise QueryError(Errors.update_not_allowed)
        try:
            store.update(st, text)
        except SyntaxError as exc:
            raise QueryError(Errors.syntax_error.format(detail=exc)) from None
        return QueryResult([], [])
    # Bound by VALUES blocks (see bind) rather than Oxigraph's substitutions: the same text runs
    # on any SPARQL server, and Oxigraph plans it better (a name matched inside a subquery).
    text = bind(text, params or {})
    # A closing ORDER BY of projected variables is applied here, to the decoded rows: Oxigraph
    # reads both strings from the store at every comparison, and sorting 18,000 rows by file
    # name took it 4.3 s of a 5 s query on the whole archive.
    order = closing_order(text)
    try:
        s = store.select(st, text if order is None else text[:order[0]])
    except SyntaxError as exc:
        raise QueryError(Errors.syntax_error.format(detail=exc)) from None
    except OSError as exc:
        raise QueryError(Errors.query_failed.format(detail=exc)) from None
    from .endpoint import normalise, order_key  # GROUP_CONCAT items in one order, as from any server

    for v, desc in reversed(order[1] if order else []):  # stable sorts, the last key first
        i = s.variables.index(v)
        s.rows.sort(key=lambda r: order_key(r[i]), reverse=desc)
    return normalise(QueryResult(s.variables, s.rows, s.boolean), text, terms=False)


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
    """Plain values, one row a line (``--format tsv``: what ``cut`` and spreadsheets read)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(result.variables)
    for row in result.values():
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def serialize(result: QueryResult, fmt: str) -> bytes:
    """A SPARQL 1.1 results format (``json``, ``csv``, ``xml``), written by the RDF backend."""
    return store.serialize_results(store.Solutions(result.variables, result.rows, result.boolean), fmt)


def to_table_rows(result: QueryResult) -> list[list[str]]:
    return [[_short(v) for v in row] for row in result.values()]
