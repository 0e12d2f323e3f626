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

Results are normalised (``normalise``) so that the same query prints the same rows on every
server: Virtuoso's 1/0 for booleans, xsd:int for xsd:integer, "" for a GROUP_CONCAT over nothing,
GROUP_CONCAT items in any order.
"""

from __future__ import annotations

import base64
import hashlib
import html
import http.client
import json
import logging
import netrc
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

from . import errors, store
from .errors import Errors, GraphNotFound
from .query import QueryResult, bind
from .store import Literal, NamedNode
from .vocab import GRAPH, PREFIXES

__all__ = ["Connection", "Credentials", "EndpointError", "PushError", "PushReport", "TruncatedResult", "normalise",
           "push", "query", "serve", "serve_command", "server_graphs"]

log = logging.getLogger(__name__)

TIMEOUT_S = 60.0
USER_ENV = "UNKG_ENDPOINT_USER"
PASSWORD_ENV = "UNKG_ENDPOINT_PASSWORD"
GRAPH_NAMESPACE = GRAPH  # the only graphs a push ever removes on a server
_PROBE_BODY = 64 * 1024  # a larger body is sent only once the server has said whether it wants a password


class EndpointError(errors.EndpointError):
    """A server could not be reached, did not answer, or refused; ``reason`` is the message
    without the URL."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class PushError(EndpointError):
    """A push that failed part-way; ``report`` says what was done before."""

    def __init__(self, url: str, reason: str, report: "PushReport"):
        super().__init__(url, reason)
        self.report = report


class _Dropped(EndpointError):
    """The server closed the connection without an answer."""


class TruncatedResult(EndpointError):
    """The server sent only part of the result (a row cap or a time limit); ``result`` is
    the part."""

    def __init__(self, url: str, reason: str, result: QueryResult):
        super().__init__(url, reason)
        self.result = result


# --------------------------------------------------------------------------------------------
# Credentials


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)
    source: str = "given"  # where they came from, for messages


def find_credentials(url: str) -> Credentials | None:
    """The environment's credentials, else those ~/.netrc (or $NETRC) has for the URL's host."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user or password:
        if not (user and password is not None):
            missing = PASSWORD_ENV if user else USER_ENV
            raise EndpointError(_display(url), f"{missing} is not set (set both {USER_ENV} and {PASSWORD_ENV}, or neither)")
        return Credentials(user, password, f"{USER_ENV}/{PASSWORD_ENV}")
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except netrc.NetrcParseError as exc:  # its message can quote a token of the file: not shown
        raise EndpointError(_display(url), f"{path}: cannot read it (line {exc.lineno}); fix or remove it") from None
    except OSError as exc:
        raise EndpointError(_display(url), f"{path}: cannot read it ({exc.strerror})") from None
    if not entry or not entry[0]:
        return None
    return Credentials(entry[0], entry[2] or "", str(path))


def _display(url: str) -> str:
    """The URL as messages show it: no user or password in it, no query string."""
    p = urllib.parse.urlsplit(url)
    host = p.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = p.port
    except ValueError:  # not a number: Connection says so
        port = None
    netloc = host + (f":{port}" if port else "")
    return urllib.parse.urlunsplit((p.scheme, netloc, p.path, "", ""))


# --------------------------------------------------------------------------------------------
# HTTP


@dataclass
class Response:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def server_reason(body: bytes, content_type: str | None = None) -> str:
    """The useful line of an error body: the text of an HTML page (Virtuoso's error pages,
    without their title and status lines), the message of a JSON error, or the first lines of
    plain text, without the query a server echoes back."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return ""
    ctype = (content_type or "").lower()
    if "json" in ctype or text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for key in ("exception", "message", "error", "detail"):
                if isinstance(data.get(key), str) and data[key].strip():
                    text = data[key]
                    break
    if "html" in ctype or re.match(r"(?is)\s*(<!doctype|<html)", text):
        text = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>", "\n", text)
        text = html.unescape(re.sub(r"(?s)<[^>]*>", "\n", text))
    lines = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if re.match(r"(?i)^(SPARQL query|query):?$", line):
            break  # what follows is the query, echoed back
        if not line or re.match(r"(?i)^(error\s+)?(HTTP/\d(\.\d)?\s+)?\d{3}\b[\w ]*$", line) \
                or re.match(r"(?i)^error\s+\w+$", line):
            continue  # status lines and bare error codes say nothing the status does not
        lines.append(line)
        if len(lines) == 2:
            break
    reason = " ".join(lines)
    return reason if len(reason) <= 300 else reason[:297] + "..."


def _challenges(headers: http.client.HTTPMessage) -> dict[str, dict[str, str]]:
    """The WWW-Authenticate challenges by scheme (lower case): {"digest": {"realm": ...}}."""
    out: dict[str, dict[str, str]] = {}
    values = [v for header in headers.get_all("WWW-Authenticate") or []  # one header may hold several
              for v in re.split(r',\s*(?=[A-Za-z][\w-]*\s+[\w-]+\s*=)', header)]
    for value in values:
        m = re.match(r"\s*([A-Za-z][\w-]*)\s*(.*)", value, re.S)
        if not m:
            continue
        params = {k.lower(): (q.replace('\\"', '"').replace("\\\\", "\\") if q or v == "" else v)
                  for k, q, v in re.findall(r'([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))', m.group(2))}
        out.setdefault(m.group(1).lower(), params)
    return out


_DIGESTS = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256, "SHA-256-SESS": hashlib.sha256,
            "SHA-512-256": lambda b: hashlib.new("sha512_256", b), "SHA-512-256-SESS": lambda b: hashlib.new("sha512_256", b)}


class _Auth:
    """The answer to one server's challenge, kept for the next requests (Digest counts its
    uses of the server's nonce), so that a password is sent only where one was asked for."""

    def __init__(self, scheme: str, params: dict[str, str], credentials: Credentials):
        self.scheme, self.params, self.credentials = scheme, params, credentials
        self.count = 0
        algorithm = params.get("algorithm", "MD5").upper()
        if scheme == "digest" and algorithm not in _DIGESTS:
            raise ValueError(f"Digest algorithm {params.get('algorithm')} is not supported")
        if scheme == "digest" and params.get("qop") and "auth" not in [q.strip() for q in params["qop"].split(",")]:
            raise ValueError(f"Digest qop={params['qop']} is not supported")

    def header(self, method: str, target: str) -> str:
        user, password = self.credentials.user, self.credentials.password
        if self.scheme == "basic":
            return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        p = self.params
        algorithm = p.get("algorithm", "MD5")
        h = lambda s: _DIGESTS[algorithm.upper()](s.encode()).hexdigest()  # noqa: E731
        self.count += 1
        nc, cnonce = f"{self.count:08x}", os.urandom(8).hex()
        ha1 = h(f"{user}:{p.get('realm', '')}:{password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{p['nonce']}:{cnonce}")
        ha2 = h(f"{method}:{target}")
        fields = {"username": user, "realm": p.get("realm", ""), "nonce": p.get("nonce", ""), "uri": target}
        if p.get("qop"):
            response = h(f"{ha1}:{p.get('nonce', '')}:{nc}:{cnonce}:auth:{ha2}")
        else:
            response = h(f"{ha1}:{p.get('nonce', '')}:{ha2}")
        fields["response"] = response
        if "opaque" in p:
            fields["opaque"] = p["opaque"]
        out = ", ".join(f'{k}="{v}"' for k, v in fields.items()) + f", algorithm={algorithm}"
        if p.get("qop"):
            out += f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        return "Digest " + out


class Connection:
    """HTTP to one server: one kept-alive connection, a password sent only once the server asks
    for it (Basic or Digest), and every failure turned into one EndpointError saying which it
    was. ``credentials=None`` looks them up (environment, then ~/.netrc); ``False`` sends none."""

    def __init__(self, url: str, *, timeout: float = TIMEOUT_S, credentials: Credentials | None | bool = None):
        p = urllib.parse.urlsplit(url)
        self.label = _display(url)
        if p.scheme not in ("http", "https") or not p.hostname:
            raise EndpointError(self.label or url, "not an http:// or https:// URL")
        if p.username or p.password:
            raise EndpointError(self.label, f"put the user and password in {USER_ENV} and {PASSWORD_ENV} "
                                            "or ~/.netrc, not in the URL")
        self.scheme, self.host = p.scheme, p.hostname
        try:
            self.port = p.port or (443 if p.scheme == "https" else 80)
        except ValueError:
            raise EndpointError(self.label, "the port is not a number") from None
        self.timeout = float(timeout)
        if credentials is None:
            credentials = find_credentials(url)
        self.credentials: Credentials | None = credentials or None
        self._conn: http.client.HTTPConnection | None = None
        self._auth: _Auth | None = None
        self._probed = False
        self.server: str = ""  # the Server header of the last answer
        self.virtuoso = False  # the server is Virtuoso (from its answers), which binds parameters its own way

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _fail(self, reason: str, cls: type = EndpointError) -> EndpointError:
        if self.credentials and self.credentials.password and self.credentials.password in reason:
            reason = reason.replace(self.credentials.password, "***")
        return cls(self.label, reason)

    def _connect(self) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = cls(self.host, self.port, timeout=self.timeout)
        where = f"{self.host}:{self.port}"
        try:
            conn.connect()
        except socket.timeout:
            raise self._fail(f"cannot connect to {where}: no connection within {self.timeout:g} s") from None
        except socket.gaierror as exc:
            raise self._fail(f"cannot connect: unknown host {self.host} ({exc.strerror})") from None
        except ConnectionRefusedError:
            raise self._fail(f"cannot connect to {where}: connection refused (is the server running there?)") from None
        except ssl.SSLError as exc:
            raise self._fail(f"cannot connect to {where}: TLS failed ({exc.reason or exc})") from None
        except OSError as exc:
            raise self._fail(f"cannot connect to {where}: {exc.strerror or exc}") from None
        return conn

    def _send(self, method: str, target: str, body: bytes | None, headers: dict[str, str]) -> Response:
        for attempt in (0, 1):
            fresh = self._conn is None
            if fresh:
                self._conn = self._connect()
            conn = self._conn
            phase = "send"
            try:
                conn.request(method, target, body=body, headers=headers)
                phase = "answer"
                resp = conn.getresponse()
                data = resp.read()
            except socket.timeout:
                self.close()
                if phase == "send":
                    raise self._fail(f"connected, but the server took no request data for {self.timeout:g} s "
                                     "(--timeout)") from None
                raise self._fail(f"connected, but no answer within {self.timeout:g} s (--timeout; the server may be "
                                 "busy, or this is not a SPARQL server)") from None
            except (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead) as exc:
                self.close()
                if not fresh and attempt == 0:
                    continue  # a kept-alive connection the server had closed: once more, on a new one
                what = "closed the connection" if not isinstance(exc, http.client.IncompleteRead) else "broke off its answer"
                raise self._fail(f"connected, but the server {what} without an answer"
                                 + (" (while unkg was sending)" if phase == "send" else ""), _Dropped) from None
            except http.client.HTTPException as exc:
                self.close()
                raise self._fail(f"connected, but the answer is not HTTP ({exc.__class__.__name__})") from None
            except OSError as exc:
                self.close()
                raise self._fail(f"connected, but the connection failed: {exc.strerror or exc}") from None
            if resp.will_close:
                self.close()
            self.server = resp.getheader("Server") or self.server
            return Response(resp.status, resp.reason, resp.headers, data)
        raise AssertionError("unreachable")

    def _take_challenge(self, resp: Response) -> bool:
        """Answer the server's challenge from now on; False if there is no supported one, or no
        credentials to answer it with."""
        challenges = _challenges(resp.headers)
        scheme = "digest" if "digest" in challenges else "basic" if "basic" in challenges else None
        if scheme is None or self.credentials is None:
            return False
        try:
            self._auth = _Auth(scheme, challenges[scheme], self.credentials)
        except ValueError as exc:
            raise self._fail(f"HTTP 401 {resp.reason}: {exc}") from None
        return True

    def _unauthorized(self, resp: Response) -> EndpointError:
        challenges = _challenges(resp.headers)
        scheme = next((s for s in ("digest", "basic") if s in challenges), next(iter(challenges), ""))
        realm = challenges.get(scheme, {}).get("realm")
        asks = f"{scheme.capitalize()}{f' realm {realm!r}' if realm else ''}" if scheme else "no WWW-Authenticate"
        reason = server_reason(resp.body, resp.header("Content-Type"))
        tail = f": {reason}" if reason else ""
        if self.credentials is None:
            return self._fail(f"HTTP 401 {resp.reason}: the server asks for a user and password ({asks}){tail}; set "
                              f"{USER_ENV} and {PASSWORD_ENV}, or add a `machine {self.host} login USER password "
                              "PASSWORD` line to ~/.netrc")
        if scheme not in ("digest", "basic"):
            return self._fail(f"HTTP 401 {resp.reason}: the server refused user {self.credentials.user!r} "
                              f"(from {self.credentials.source}) and offers no Basic or Digest authentication "
                              f"({asks}){tail}")
        return self._fail(f"HTTP 401 {resp.reason}: the server refused the password of user "
                          f"{self.credentials.user!r} (from {self.credentials.source}; {asks}){tail}")

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                ok=()) -> Response:
        """Send one request to this server; an answer other than 2xx (or a status in ``ok``) is
        an EndpointError with the server's reason."""
        p = urllib.parse.urlsplit(url)
        target = (p.path or "/") + (f"?{p.query}" if p.query else "")
        hdrs = {"User-Agent": "unkg", **(headers or {})}
        if body is not None and len(body) > _PROBE_BODY and not self._probed:
            # A server that wants a password may answer at once and close the connection without
            # reading a large body (Virtuoso does, and the answer is lost): settle the password
            # first with an empty request.
            self._probed = True
            self.request("OPTIONS", url, None, ok=range(100, 600))
        fresh = False  # whether the Authorization sent answers a challenge of this very request
        reprobed = False
        while True:
            h = dict(hdrs)
            if self._auth is not None:
                h["Authorization"] = self._auth.header(method, target)
            try:
                resp = self._send(method, target, body, h)
            except _Dropped:
                if reprobed or self._auth is None or body is None or len(body) <= _PROBE_BODY:
                    raise
                # The password kept from an earlier request may have expired, and the server said
                # so and hung up before reading the body: settle it again, then send once more.
                reprobed, self._auth = True, None
                self.request("OPTIONS", url, None, ok=range(100, 600))
                continue
            if resp.status != 401:
                break
            if fresh or not self._take_challenge(resp):  # refused, or nothing to answer with
                raise self._unauthorized(resp)
            fresh = True  # an answer kept from an earlier request may just have expired: once more
        if 200 <= resp.status < 300 or resp.status in ok:
            return resp
        reason = server_reason(resp.body, resp.header("Content-Type"))
        message = f"HTTP {resp.status} {resp.reason}" + (f": {reason}" if reason else "")
        if 300 <= resp.status < 400 and resp.header("Location"):
            # not followed: a password is for the server it was given for
            message = f"HTTP {resp.status} {resp.reason}: the server points elsewhere, to " \
                      f"{_display(urllib.parse.urljoin(url, resp.header('Location')))}: use that URL"
        if resp.status == 403 and "virtuoso" in self.server.lower() and p.path.rstrip("/").endswith("/sparql-graph-crud"):
            message += " (Virtuoso lets only authenticated users write: push to /sparql-graph-crud-auth as a user " \
                       "with the SPARQL_UPDATE role)"
        raise self._fail(message)


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
# Normalisation: the same rows from every server


XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_INTEGER = NamedNode(XSD + "integer")
_XSD_BOOLEAN = NamedNode(XSD + "boolean")
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                               "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}
_TRUE, _FALSE = Literal("true", datatype=_XSD_BOOLEAN), Literal("false", datatype=_XSD_BOOLEAN)

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
    for store, q in _QUERY_FOR_STORE:
        if path.endswith(store):
            return urllib.parse.urlunsplit((p.scheme, p.netloc, path[: -len(store)] + q, "", ""))
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
    label = _display(endpoint)
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
    exit status."""
    proc = subprocess.Popen(command)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()
