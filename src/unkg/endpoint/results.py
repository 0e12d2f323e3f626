"""endpoint.results: the same rows from every server. Virtuoso sends booleans as 1/0, keeps
xsd:int, sends "" for a GROUP_CONCAT over nothing, and every server joins GROUP_CONCAT items in
its own order; ``normalise`` puts results as Oxigraph gives them, with GROUP_CONCAT items sorted.
Which columns are booleans or GROUP_CONCATs is read from the query text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..query import QueryResult
from ..store import BlankNode, Literal, NamedNode

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_INTEGER = NamedNode(XSD + "integer")
_XSD_BOOLEAN = NamedNode(XSD + "boolean")
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                               "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}
_TRUE, _FALSE = Literal("true", datatype=_XSD_BOOLEAN), Literal("false", datatype=_XSD_BOOLEAN)


def order_key(term) -> tuple:
    """SPARQL's order of terms (ORDER BY): unbound, blank nodes, IRIs, literals; numbers by
    value, other literals by their characters (for ISO dates, their order in time)."""
    if term is None:
        return (0, 0, "")
    if isinstance(term, BlankNode):
        return (1, 0, term.value)
    if isinstance(term, NamedNode):
        return (2, 0, term.value)
    dt = term.datatype.value
    if dt in _INTEGERS or dt in _FLOATS or dt == XSD + "decimal":
        try:
            return (3, 0, float(term.value), term.value)
        except ValueError:
            pass
    return (3, 1, term.value, dt, term.language or "")

_TOKEN = re.compile(r'''
    (?P<ws>\s+|\#[^\n]*)
  | (?P<str>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+)
  | (?P<op>\|\||&&|!=|<=|>=|\^\^|[(){}\[\],;=<>!+\-*/.])
  | (?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][\w-]*(?::(?:[\w%-]|\.(?=[\w%-]))*)?|:(?:[\w%-]|\.(?=[\w%-]))*)
  | (?P<other>.)''', re.X | re.S)


def _scan(text: str) -> list[tuple[str, str]]:
    """The query's tokens (kind, text), comments and white space left out."""
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup != "ws"]


_BOOLEAN_CALLS = {"BOUND", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "STRSTARTS", "STRENDS",
                  "CONTAINS", "SAMETERM", "LANGMATCHES", "EXISTS", "XSD:BOOLEAN", f"<{XSD.upper()}BOOLEAN>"}


def _close(toks: list[tuple[str, str]], i: int) -> int:
    """The index of the bracket that closes the one at ``i``."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j][1] in "([{" and toks[j][0] == "op":
            depth += 1
        elif toks[j][1] in ")]}" and toks[j][0] == "op":
            depth -= 1
            if depth == 0:
                return j
    return len(toks)


def _args(toks: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    out, depth, cur = [], 0, []
    for t in toks:
        if t[0] == "op" and t[1] in "([":
            depth += 1
        elif t[0] == "op" and t[1] in ")]":
            depth -= 1
        if depth == 0 and t == ("op", ","):
            out.append(cur)
            cur = []
        else:
            cur.append(t)
    return out + [cur]


def _is_boolean(expr: list[tuple[str, str]], known: set[str]) -> bool:
    """Whether an expression's value is a boolean (Virtuoso returns every boolean as 1 or 0,
    typed xsd:integer)."""
    while expr and expr[0] == ("op", "(") and _close(expr, 0) == len(expr) - 1:
        expr = expr[1:-1]
    if not expr:
        return False
    depth = 0
    for k, (kind, tok) in enumerate(expr):
        if kind == "op" and tok in "([":
            depth += 1
        elif kind == "op" and tok in ")]":
            depth -= 1
        elif depth == 0 and (kind == "op" and tok in ("||", "&&", "=", "!=", "<", ">", "<=", ">=")
                             or kind == "word" and tok.upper() == "IN" and k > 0):
            return True
    kind, tok = expr[0]
    if kind == "op" and tok == "!":
        return True
    if kind == "var":
        return len(expr) == 1 and tok[1:] in known
    if kind == "word" and len(expr) == 1:
        return tok.lower() in ("true", "false")
    if kind == "str" and len(expr) == 3 and expr[1][1] == "^^":
        return expr[2][1] in ("xsd:boolean", f"<{XSD}boolean>")
    if kind in ("word", "iri") and len(expr) > 1 and expr[1] == ("op", "(") and _close(expr, 1) == len(expr) - 1:
        name, inner = tok.upper(), _args(expr[2:-1])
        if name in _BOOLEAN_CALLS:
            return True
        if name == "IF" and len(inner) == 3:
            return _is_boolean(inner[1], known) and _is_boolean(inner[2], known)
        if name == "COALESCE":
            return all(_is_boolean(a, known) for a in inner)
        if name in ("SAMPLE", "MIN", "MAX") and len(inner) == 1:
            return _is_boolean([t for t in inner[0] if t[1].upper() != "DISTINCT"], known)
    if kind == "word" and tok.upper() == "NOT" and len(expr) > 1 and expr[1][1].upper() == "EXISTS":
        return True
    return False


def _unquote(tok: str) -> str:
    body = tok[3:-3] if tok[:3] in ('"""', "'''") else tok[1:-1]
    escapes = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

    def one(m: re.Match) -> str:
        e = m.group(1)
        return chr(int(e[1:], 16)) if e[0] in "uU" else escapes.get(e, e)
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, body)


@dataclass
class _Columns:
    booleans: set[str]
    concat: dict[str, str]  # GROUP_CONCAT variables and their separators


def _columns(text: str) -> _Columns:
    """From the query text, which variables are booleans and which GROUP_CONCATs: every
    ``(expression AS ?v)`` of the query, in projections, BINDs and GROUP BY."""
    toks = _scan(text)
    out = _Columns(set(), {})
    for i, (kind, tok) in enumerate(toks):
        if not (kind == "word" and tok.upper() == "AS" and i + 1 < len(toks) and toks[i + 1][0] == "var"):
            continue
        depth, j = 0, i - 1
        while j >= 0:
            if toks[j] == ("op", ")"):
                depth += 1
            elif toks[j] == ("op", "("):
                if depth == 0:
                    break
                depth -= 1
            j -= 1
        expr, var = toks[j + 1:i], toks[i + 1][1][1:]
        if _is_boolean(expr, out.booleans):
            out.booleans.add(var)
        elif expr and expr[0][1].upper() == "GROUP_CONCAT" and len(expr) > 1 and _close(expr, 1) == len(expr) - 1:
            sep = " "
            for k in range(2, len(expr) - 3):
                if expr[k] == ("op", ";") and expr[k + 1][1].upper() == "SEPARATOR" and expr[k + 3][0] == "str":
                    sep = _unquote(expr[k + 3][1])
            out.concat[var] = sep
    return out


def _number(value: str, integer: bool) -> str | None:
    try:
        d = Decimal(value.strip())
    except InvalidOperation:
        return None
    if not d.is_finite():
        return {"Infinity": "INF", "-Infinity": "-INF"}.get(str(d), "NaN")
    if integer:
        return str(int(d)) if d == d.to_integral_value() else None
    s = format(d.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def _term(t, boolean: bool):
    if not isinstance(t, Literal) or t.language:
        return t
    dt = t.datatype.value
    if dt in _INTEGERS:
        v = _number(t.value, integer=True)
        if v is None:
            return t
        if boolean and v in ("0", "1"):
            return _TRUE if v == "1" else _FALSE
        return t if (dt == _XSD_INTEGER.value and v == t.value) else Literal(v, datatype=_XSD_INTEGER)
    if dt == _XSD_BOOLEAN.value:
        v = t.value.strip().lower()
        return _TRUE if v in ("1", "true") else _FALSE if v in ("0", "false") else t
    if dt in _FLOATS or dt == XSD + "decimal":
        if dt != XSD + "decimal" and t.value.strip() in ("INF", "-INF", "NaN"):
            return t
        v = _number(t.value, integer=False)
        return t if v is None or v == t.value else Literal(v, datatype=t.datatype)
    return t


def normalise(result: QueryResult, text: str, *, terms: bool = True) -> QueryResult:
    """The result as every server should have given it, in place: booleans as true/false (not
    Virtuoso's 1/0), integers as xsd:integer in canonical form, doubles and decimals in canonical
    form, a GROUP_CONCAT over nothing unbound (Virtuoso gives ""), and the items of every
    GROUP_CONCAT sorted, since servers join them in any order. ``terms=False`` does only the
    GROUP_CONCATs (what a local Oxigraph result needs)."""
    if result.boolean is not None or not result.rows:
        return result
    if not terms and "group_concat" not in text.lower():
        return result
    cols = _columns(text)
    concat = [(k, cols.concat[v]) for k, v in enumerate(result.variables) if v in cols.concat]
    if terms:
        flags = [v in cols.booleans for v in result.variables]
        result.rows = [[_term(t, b) for t, b in zip(row, flags)] for row in result.rows]
    for k, sep in concat:
        for row in result.rows:
            t = row[k]
            if isinstance(t, Literal) and not t.language:
                if t.value == "":
                    row[k] = None
                elif sep and sep in t.value:
                    row[k] = Literal(sep.join(sorted(t.value.split(sep))), datatype=t.datatype)
    return result


