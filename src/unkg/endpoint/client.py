"""endpoint.client: HTTP to a SPARQL server. One kept-alive connection per server, a password
sent only once the server asks for it (Basic or Digest; from the environment or ~/.netrc, never
printed), and every failure turned into one EndpointError that says which it was: cannot
connect, connected but no answer in time, or the server's HTTP error with its own reason."""

from __future__ import annotations

import base64
import hashlib
import html
import http.client
import json
import netrc
import os
import re
import socket
import ssl
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from .. import errors
from ..query import QueryResult

TIMEOUT_S = 60.0
USER_ENV = "UNKG_ENDPOINT_USER"
PASSWORD_ENV = "UNKG_ENDPOINT_PASSWORD"
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
            raise EndpointError(display_url(url), f"{missing} is not set (set both {USER_ENV} and {PASSWORD_ENV}, or neither)")
        return Credentials(user, password, f"{USER_ENV}/{PASSWORD_ENV}")
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except netrc.NetrcParseError as exc:  # its message can quote a token of the file: not shown
        raise EndpointError(display_url(url), f"{path}: cannot read it (line {exc.lineno}); fix or remove it") from None
    except OSError as exc:
        raise EndpointError(display_url(url), f"{path}: cannot read it ({exc.strerror})") from None
    if not entry or not entry[0]:
        return None
    return Credentials(entry[0], entry[2] or "", str(path))


def display_url(url: str) -> str:
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
        self.label = display_url(url)
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
                      f"{display_url(urllib.parse.urljoin(url, resp.header('Location')))}: use that URL"
        if resp.status == 403 and "virtuoso" in self.server.lower() and p.path.rstrip("/").endswith("/sparql-graph-crud"):
            message += " (Virtuoso lets only authenticated users write: push to /sparql-graph-crud-auth as a user " \
                       "with the SPARQL_UPDATE role)"
        raise self._fail(message)
