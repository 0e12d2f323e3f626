"""Real SPARQL servers for the tests, on loopback, each with a throwaway database in a temporary
folder: Oxigraph (the binary of the oxigraph package, a dependency of unkg) and Virtuoso
(Debian's virtuoso-opensource-7-bin: virtuoso-t and isql-vt; .ci/run installs it).

Without Virtuoso its tests skip, saying how to install it, unless UNKG_REQUIRE_SERVERS=1 (CI sets
it): then they fail."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from unkg import endpoint as remote

REQUIRE = os.environ.get("UNKG_REQUIRE_SERVERS") == "1"
VIRTUOSO_INSTALL = "sudo apt-get install virtuoso-opensource-7-bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when the servers are required."""
    if REQUIRE:
        pytest.fail(f"{reason} (UNKG_REQUIRE_SERVERS=1)")
    pytest.skip(reason)


@dataclass
class Server:
    name: str
    base: str  # http://127.0.0.1:PORT
    proc: subprocess.Popen
    directory: Path
    log: Path
    user: str = ""
    password: str = field(default="", repr=False)
    extra: dict = field(default_factory=dict)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""


def _wait(url: str, server: Server, seconds: float = 60) -> None:
    """Until the query endpoint answers an ASK (any HTTP answer will do)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited ({server.proc.returncode}): {server.tail()}")
        try:
            urllib.request.urlopen(url + "?query=" + urllib.parse.quote("ASK {}"), timeout=2).read()
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer within {seconds:g} s: {server.tail()}")


def start_oxigraph(directory: Path, *, union: bool = True) -> Server:
    """An empty Oxigraph server, read-write: /store (Graph Store), /query, /update."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = directory / "oxigraph.log"
    cmd = [remote.oxigraph_binary(), "serve", "--location", str(directory / "db"), "--bind", f"127.0.0.1:{port}"]
    if union:
        cmd.append("--union-default-graph")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    server = Server("oxigraph", f"http://127.0.0.1:{port}", proc, directory, log)
    _wait(server.base + "/query", server)
    return server


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 40000
MaxDirtyBuffers = 30000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
; ResultSetMaxRows stays at Debian's 10000, so that the tests meet the cap
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def virtuoso_binaries() -> tuple[str, str] | None:
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    return (server, isql) if server and isql else None


def isql(server: Server, sql: str, password: str | None = None) -> str:
    """Run SQL statements as dba through Virtuoso's isql; a statement that fails raises."""
    out = subprocess.run([server.extra["isql"], f"127.0.0.1:{server.extra['sql_port']}", "dba",
                          password or server.extra["dba_password"], f"exec={sql}"],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
        raise RuntimeError(f"isql failed: {out.stdout[-1000:]} {out.stderr[-1000:]}")
    return out.stdout


def start_virtuoso(directory: Path) -> Server:
    """An empty Virtuoso with HTTP on one free loopback port and SQL on another; its dba password
    changed to a random one, and a user "unkg" (random password) with the SPARQL_UPDATE role,
    which lets it write through /sparql-graph-crud-auth (Digest) and read through /sparql-auth."""
    found = virtuoso_binaries()
    if not found:
        unavailable(f"Virtuoso is not installed ({VIRTUOSO_INSTALL})")
    binary, isql_binary = found
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vsp").mkdir(exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port))
    log = directory / "virtuoso.log"
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=directory,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server("virtuoso", f"http://127.0.0.1:{http_port}", proc, directory, log,
                    user="unkg", password=secrets.token_urlsafe(12),
                    extra={"isql": isql_binary, "sql_port": sql_port, "dba_password": secrets.token_urlsafe(12)})
    try:
        _wait(server.base + "/sparql", server)
        isql(server, f"USER_SET_PASSWORD('dba', '{server.extra['dba_password']}');", password="dba")
        isql(server, f"DB.DBA.USER_CREATE('{server.user}', '{server.password}'); "
                     f'GRANT SPARQL_UPDATE TO "{server.user}";')
    except BaseException:
        server.stop()
        raise
    return server


class SilentServer:
    """A socket that listens on loopback, takes connections (the kernel's backlog does) and never
    answers."""

    def __enter__(self) -> str:
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=8)
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def __exit__(self, *exc) -> None:
        self.sock.close()


# Values for the parameters of the named queries: an ASCII one first, then non-ASCII ones
# (Virtuoso mangles a plain non-ASCII literal in string functions, see unkg.query.bind).
PARAM_VALUES = {
    "entity": ["CSTO", "Nicolas de Rivière", "Côte d'Ivoire"],
    "state": ["RUS", "Côte d'Ivoire"],
    "a": ["CSTO", "Côte d'Ivoire"],
    "b": ["United Nations"],
    "document": ["S/RES/2195 (2014)", "S-RES-2195-2014.txt"],
    "date": ["2014-01-01", "2019-07-09"],
    "body": ["MINUSMA", "working group of the Security Council"],
    "from": ["2013-01-01"],
    "to": ["2024-12-31"],
    "theme": ["terrorism", "women-peace-security"],
    "meeting": ["S/PV.8699", "8699"],
}
# Where the seeds hold no row for a value above: no State with a non-ASCII name speaks in the
# seeds' meeting records or sends one of their documents.
QUERY_PARAM_VALUES = {
    ("state_themes", "state"): ["RUS", "Viet Nam"],
}


def query_cases() -> list[tuple[str, str, dict[str, str]]]:
    """(name, text, parameters) of every named query, once per value of its parameters."""
    from unkg import query as q

    out = []
    for nq in q.library():
        values = {p: QUERY_PARAM_VALUES.get((nq.name, p), PARAM_VALUES[p]) for p in nq.parameters}
        n = max((len(v) for v in values.values()), default=1)
        for i in range(n):
            out.append((nq.name, nq.text, {p: v[min(i, len(v) - 1)] for p, v in values.items()}))
    return out


def rows(result) -> list[tuple]:
    """The rows as RDF terms written out (datatypes included), in one order."""
    return sorted(tuple("" if t is None else str(t) for t in row) for row in result.rows)
