"""store: the graph on disk, and the one module that knows the RDF backend (pyoxigraph).

An Oxigraph store (RocksDB) is the graph: a build writes it one named graph at a time
(``GraphWriter``), beside a manifest of what was built from which input; serializations are
written only when asked (``export``, ``write_dump``). Other modules take RDF terms
(``NamedNode``, ``Literal``, ``Quad``), parsing, serialization and query execution from here,
so the backend is one module's concern.

A build is atomic: everything is written into a fresh folder beside the output and swapped in
at the end, so a build that fails or is killed leaves the previous graph intact and queryable;
the build holds the folder's lock meanwhile (``BuildOutput``).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .errors import BuildLocked, Errors, GraphNotFound
from .settings import MANIFEST_FILE, STORE_DIR

# The backend's RDF terms, for the modules that build or read quads.
NamedNode = ox.NamedNode
Literal = ox.Literal
BlankNode = ox.BlankNode
Quad = ox.Quad
Triple = ox.Triple
Store = ox.Store

#: ``unkg export rdf --format NAME``: the serializations and whether each keeps named graphs.
RDF_FORMATS = {"turtle": (ox.RdfFormat.TURTLE, False), "trig": (ox.RdfFormat.TRIG, True),
               "nquads": (ox.RdfFormat.N_QUADS, True), "ntriples": (ox.RdfFormat.N_TRIPLES, False),
               "jsonld": (ox.RdfFormat.JSON_LD, True)}
#: Query result serializations (SPARQL 1.1 Query Results formats).
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}


def _prefixes() -> dict[str, str]:
    from .vocab import PREFIXES  # vocab mints its IRIs with this module's terms

    return PREFIXES


def parse_turtle(path: Path) -> Iterator[ox.Quad]:
    return ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Deduplicated and in a fixed order, so the same inputs give byte-identical files."""
    unique = {(str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)): q for q in quads}
    return [unique[k] for k in sorted(unique)]


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    unique = {(str(q.subject), str(q.predicate), str(q.object)): q.triple for q in quads}
    return [unique[k] for k in sorted(unique)]


#: The lock file of an output folder: held (flock) by the build writing into it.
LOCK_FILE = ".unkg-build.lock"


@dataclass
class BuildOutput:
    """A build in progress: a private folder that becomes ``out`` on ``commit``. Holds the
    output folder's lock from ``begin`` to ``commit`` or ``abort``: a second build into the same
    folder fails at once with a message saying so, and never touches the first one's work."""

    out: Path
    work: Path
    lock: object = None

    @classmethod
    def begin(cls, out: Path) -> "BuildOutput":
        out.mkdir(parents=True, exist_ok=True)
        lock = _acquire_lock(out)
        for stale in out.glob(".build-*"):  # left by a build that was killed (we hold the lock)
            shutil.rmtree(stale, ignore_errors=True)
        for stale in out.glob(".old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
        return cls(out, work, lock)

    def write_text(self, name: str, data: str | bytes) -> Path:
        path = self.work / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def commit(self, names: Iterable[str], remove: Iterable[str] = ()) -> None:
        """Move each built file or folder into place, and delete the outputs of older versions
        named in ``remove`` (kg.ttl, kg.trig). The store folder is swapped by renames; a crash
        between two renames leaves either the old or the new store, never half of one."""
        for name in names:
            src = self.work / name
            dst = self.out / name
            if not src.exists():
                continue
            if src.is_dir():
                old = self.out / f".old-{name}-{os.getpid()}"
                if dst.exists():
                    os.replace(dst, old)
                os.replace(src, dst)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(src, dst)
        for name in remove:
            with contextlib.suppress(FileNotFoundError):
                (self.out / name).unlink()
        self.abort()

    def abort(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        if self.lock is not None:
            self.lock.close()  # releases the flock
            self.lock = None


def _acquire_lock(out: Path):
    import fcntl

    f = open(out / LOCK_FILE, "a+", encoding="utf-8")
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.seek(0)
        holder = f.read().strip() or "another process"
        f.close()
        raise BuildLocked(Errors.build_locked.format(out=out, holder=holder)) from None
    f.seek(0)
    f.truncate()
    f.write(f"pid {os.getpid()}\n")
    f.flush()
    return f


def prefix_header() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(_prefixes().items())).encode()


def ntriples(triples: list[ox.Triple]) -> bytes:
    """N-Triples of ``triples`` (already in order): a document graph's body, in the build cache
    and on its way from a worker into the store."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _nquads(body: bytes, graph: str) -> bytes:
    """N-Triples lines into N-Quads lines of ``graph``. An N-Triples line ends with " .\n" and
    has no other line break (literals escape theirs)."""
    return body.replace(b" .\n", b" <" + graph.encode() + b"> .\n")


#: A new store takes its graphs in as few bulk loads as memory allows: about this many quads
#: each. The loader writes LZ4-compressed files (about 190 bytes a quad here); whatever RocksDB
#: compacts afterwards it rewrites uncompressed (Oxigraph leaves RocksDB's base level
#: uncompressed, and a store of a few GB has all its data there): 4.4 M quads took 829 MB after
#: the load and 1.36 GB once a read-write open had compacted the loader's million-quad batches.
#: So a built store is opened read-write only to replace graphs, and is packed again (``_repack``)
#: when compaction has grown it past ``REPACK_BYTES_PER_QUAD``. The loader runs in a child process
#: on one thread (``_LOADER``): its memory is then 1.1 GB for 3.2 M quads, 1.26 GB for 6.4 M,
#: against 1.65 and 1.8 GB on two threads.
BULK_LOAD_QUADS = 6_000_000
#: Packed by the loader, the graph takes 185-190 bytes a quad; compacted, 310-325.
REPACK_BYTES_PER_QUAD = 260

# The child that bulk-loads staged N-Quads into a store: one CPU, so one loader thread.
_LOADER = """
import os, sys
import pyoxigraph as ox
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
store.flush()
"""

_DOC_SHAS = """SELECT ?g ?sha WHERE { GRAPH ?g { ?s a <https://w3id.org/unkg/ontology#SourceDocument> ;
  <https://w3id.org/unkg/ontology#sha256> ?sha } }"""


class GraphWriter:
    """The store of a build being written, one named graph at a time.

    A new store (``base`` None) stages the graphs as N-Quads in a file beside it and takes them
    through Oxigraph's bulk loader when ``BULK_LOAD_QUADS`` are staged and at ``finish`` (the
    store is opened only then); a store brought up to date from ``base`` (a copy of the previous
    build's, by hard links) replaces each changed graph in its own transaction. Either way the
    build holds one document in memory, whatever the size of the corpus."""

    def __init__(self, folder: Path, base: Path | None = None):
        self.folder = folder
        self.fresh = base is None
        self._store: ox.Store | None = None
        self.have: dict[str, str] = {}
        if base is not None:
            previous = ox.Store.read_only(str(base))
            previous.backup(str(folder))  # hard links to immutable files: cheap
            # read from the previous store: a read-write open would start RocksDB compacting
            self.have = {g.value: sha.value for g, sha in previous.query(_DOC_SHAS)}
        self._staged_path = folder.with_name(folder.name + ".staged.nq")
        self._staged = None
        self._staged_quads = 0
        self.changed = 0

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            self._store = ox.Store(str(self.folder))
        return self._store

    def has(self, graph: str, sha: str) -> bool:
        """Whether the store already holds this version of a document's graph."""
        return self.have.get(graph) == sha

    def put(self, graph: str, body: bytes, sha: str | None = None) -> None:
        """Add a graph (N-Triples ``body``), replacing the one of the same name."""
        self.changed += 1
        if self.fresh and graph not in self.have:
            if self._staged is None:
                self._staged = open(self._staged_path, "wb")
            self._staged.write(_nquads(body, graph))
            self._staged_quads += body.count(b"\n")
            if self._staged_quads >= BULK_LOAD_QUADS:
                self._load_staged()
        else:
            g = ox.NamedNode(graph)
            self._load_staged()
            self.store.remove_graph(g)
            self.store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=g)
        self.have[graph] = sha or ""

    def drop_except(self, keep: set[str]) -> list[str]:
        """Remove the document graphs not in ``keep``; returns their IRIs."""
        if self.fresh:
            present = set(self.have)
        else:  # read-only unless already open for writing: see __init__
            present = {g.value for g in (self._store or ox.Store.read_only(str(self.folder))).named_graphs()}
        gone = sorted(present - keep)
        if gone:
            self._load_staged()
        for g in gone:
            self.store.remove_graph(ox.NamedNode(g))
            self.have.pop(g, None)
        self.changed += len(gone)
        return gone

    def _load_staged(self) -> None:
        """Bulk-load what is staged, in a child process (the store closed here meanwhile)."""
        if self._staged is None:
            return
        self._staged.close()
        self._staged = None
        if self._store is not None:
            self._store.flush()
            self._store = None  # RocksDB's lock: one process opens a store at a time
        self._bulk_load()

    def _bulk_load(self) -> None:
        """The staged file into the store, by the loader child; the file is removed."""
        self.folder.mkdir(parents=True, exist_ok=True)
        p = subprocess.run([sys.executable, "-c", _LOADER, str(self.folder), str(self._staged_path)],
                           capture_output=True, text=True)
        self._staged_path.unlink()
        self._staged_quads = 0
        if p.returncode != 0:
            last = (p.stderr.strip().splitlines() or [f"exit status {p.returncode}"])[-1]
            raise OSError(f"bulk load into {self.folder} failed: {last}")

    def finish(self, quads: int) -> ox.Store:
        """The finished store of ``quads`` quads, opened read-only (no compaction: see
        ``BULK_LOAD_QUADS``), packed again first if compaction has grown it."""
        self._load_staged()
        if self._store is not None:
            self._store.flush()
            self._store = None
        if not self.folder.is_dir():  # nothing was written: an empty store
            ox.Store(str(self.folder)).flush()
        if quads and _size(self.folder) > REPACK_BYTES_PER_QUAD * quads:
            self._repack()
        return ox.Store.read_only(str(self.folder))

    def _repack(self) -> None:
        """The store written again by the bulk loader, from a dump of itself."""
        with open(self._staged_path, "wb") as f:
            ox.Store.read_only(str(self.folder)).dump(f, format=ox.RdfFormat.N_QUADS)
        shutil.rmtree(self.folder)
        self._bulk_load()


def _size(folder: Path) -> int:
    """The bytes of a store's table files (not its logs and options, a fixed few hundred KB)."""
    return sum(f.stat().st_size for f in folder.glob("*.sst"))


def write_manifest(out: BuildOutput, manifest: dict) -> None:
    out.write_text(MANIFEST_FILE, json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_manifest(graph_dir: Path) -> dict:
    path = Path(graph_dir) / MANIFEST_FILE
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def open_read_only(graph_dir: Path) -> ox.Store:
    path = Path(graph_dir) / STORE_DIR
    if not path.is_dir():
        raise GraphNotFound(str(graph_dir))
    return ox.Store.read_only(str(path))


def open_for_update(graph_dir: Path) -> ox.Store:
    """The built store opened for writing (``unkg query --update``)."""
    path = Path(graph_dir) / STORE_DIR
    if not path.is_dir():
        raise GraphNotFound(str(graph_dir))
    return ox.Store(str(path))


def export(store: ox.Store, fmt: str) -> bytes:
    """The whole graph in one of ``RDF_FORMATS``, in a fixed order (byte-identical for the same
    graph); formats without named graphs get the union of the graphs."""
    f, keeps_graphs = RDF_FORMATS[fmt]
    if fmt == "nquads":
        return b"".join(iter_nquads(store))
    quads = sorted_quads(store)
    data = quads if keeps_graphs else sorted_triples(quads)
    kw = {"prefixes": _prefixes()} if f in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return ox.serialize(data, format=f, **kw)


def iter_nquads(store: ox.Store) -> Iterator[bytes]:
    """The whole dataset as N-Quads, one named graph at a time (graphs in order, each graph's
    quads in order): the same bytes as ``export(store, "nquads")``, holding one graph in
    memory at a time."""
    for node in sorted(store.named_graphs(), key=str):  # the order of sorted_quads' keys
        yield ox.serialize(sorted_quads(store.quads_for_pattern(None, None, None, node)), format=ox.RdfFormat.N_QUADS)
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default:
        yield ox.serialize(sorted_quads(default), format=ox.RdfFormat.N_QUADS)


def write_dump(store: ox.Store, path: Path) -> Path:
    """The dataset as gzip-compressed N-Quads (``kg.nq.gz``): what server bulk loaders read
    (``oxigraph load``, Virtuoso's ``ld_dir``). Byte-identical for the same graph."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as f:
        for chunk in iter_nquads(store):
            f.write(chunk)
    return path


def named_graphs(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs())


def dump_graph(store: ox.Store, graph: str) -> bytes:
    """One named graph as N-Triples."""
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))


# -------------------------------------------------------------------------------- queries

@dataclass
class Solutions:
    """What a query returned, in the backend's terms: variables and rows (``None`` where a
    variable is unbound), or the answer of an ASK."""

    variables: list[str]
    rows: list[list]
    boolean: bool | None = None


def _solutions(result) -> Solutions:
    if isinstance(result, ox.QueryBoolean):
        return Solutions(["result"], [[ox.Literal(str(bool(result)).lower())]], bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        return Solutions(variables, [[sol[v] for v in variables] for sol in result])
    return Solutions(["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result])


def select(store: ox.Store, text: str) -> Solutions:
    """Run a SPARQL query with unkg's prefixes, the named graphs together as the default graph.
    Raises SyntaxError (malformed) or OSError (the store failed)."""
    return _solutions(store.query(text, prefixes=_prefixes(), use_default_graph_as_union=True))


def update(store: ox.Store, text: str) -> None:
    store.update(text, prefixes=_prefixes())


def parse_results(data: bytes, fmt: str = "json") -> Solutions:
    """SPARQL results received from a server. Raises SyntaxError or ValueError."""
    return _solutions(ox.parse_query_results(data, format=RESULT_FORMATS[fmt]))


def serialize_results(s: Solutions, fmt: str) -> bytes:
    """``s`` in a SPARQL 1.1 results format, written by the backend. The rows go through
    SPARQL TSV, where every term is written as itself, and are parsed back as results."""
    if s.boolean is not None:  # the backend's own ASK answer, from an empty store
        return ox.Store().query("ASK {}" if s.boolean else "ASK { FILTER (false) }").serialize(format=RESULT_FORMATS[fmt])
    lines = ["\t".join("?" + v for v in s.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in s.rows]
    parsed = ox.parse_query_results(("\n".join(lines) + "\n").encode(), format=ox.QueryResultsFormat.TSV)
    return parsed.serialize(format=RESULT_FORMATS[fmt])


def rdflib_graph(store: ox.Store):
    """The union of the store's graphs as an rdflib Graph (for pyshacl), converted term by term
    (several times faster than parsing a Turtle export of it)."""
    import rdflib

    def conv(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(t.value)  # RDF 1.1: the same literal; rdflib tells them apart
        # keep the lexical form: SHACL datatype checks must see what the graph says
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value), normalize=False)

    g = rdflib.Graph()
    cache: dict = {}

    def cached(t):
        r = cache.get(t)
        if r is None:
            r = cache[t] = conv(t)
        return r

    g.addN((cached(q.subject), cached(q.predicate), cached(q.object), g) for q in store)
    return g


