"""store: the graph on disk, and the one module that knows the RDF backend (pyoxigraph).

An Oxigraph store (RocksDB) answers queries; beside it, Turtle and TriG exports and a manifest
of what was built from which input. Other modules take RDF terms (``NamedNode``, ``Literal``,
``Quad``), parsing, serialization and query execution from here, so the backend is one
module's concern.

A build is atomic: everything is written into a fresh folder beside the output and swapped in
at the end, so a build that fails or is killed leaves the previous graph intact and queryable.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .errors import GraphNotFound
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


@dataclass
class BuildOutput:
    """A build in progress: a private folder that becomes ``out`` on ``commit``."""

    out: Path
    work: Path

    @classmethod
    def begin(cls, out: Path) -> "BuildOutput":
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob(".build-*"):  # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
        return cls(out, work)

    def write_text(self, name: str, data: str | bytes) -> Path:
        path = self.work / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def commit(self, names: Iterable[str]) -> None:
        """Move each built file or folder into place. The store folder is swapped by renames;
        a crash between two renames leaves either the old or the new store, never half of one."""
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
        self.abort()

    def abort(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def prefix_header() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(_prefixes().items())).encode()


def turtle_body(triples: list[ox.Triple]) -> bytes:
    """Turtle of ``triples`` (already in order) without its @prefix lines, so that bodies of
    many graphs can be joined under one header into kg.ttl and wrapped into kg.trig."""
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    lines = data.split(b"\n")
    i = 0
    while i < len(lines) and lines[i].startswith(b"@prefix "):
        i += 1
    return b"\n".join(lines[i:])


def write_concatenated(ttl: Path, trig_path: Path, sections: list[tuple[str, bytes | Path]]) -> None:
    """kg.ttl (every graph's triples under one header) and kg.trig (each graph in its block),
    streamed section by section, so a large graph is never held in memory at once."""
    header = prefix_header()
    with open(ttl, "wb") as t, open(trig_path, "wb") as q:
        t.write(header)
        q.write(header)
        for graph, body in sections:
            data = body if isinstance(body, bytes) else Path(body).read_bytes()
            t.write(b"\n# graph <" + graph.encode() + b">\n")
            t.write(data)
            q.write(b"\n<" + graph.encode() + b"> {\n")
            q.write(data)
            q.write(b"}\n")


def load_store(folder: Path, trig_path: Path) -> ox.Store:
    """A new store holding the quads of a kg.trig."""
    st = ox.Store(str(folder))
    st.bulk_load(path=str(trig_path), format=ox.RdfFormat.TRIG)
    st.flush()
    st.optimize()
    return st


_DOC_SHAS = """SELECT ?g ?sha WHERE { GRAPH ?g { ?s a <https://w3id.org/unkg/ontology#SourceDocument> ;
  <https://w3id.org/unkg/ontology#sha256> ?sha } }"""


def update_store(old: Path, folder: Path, documents: dict[str, tuple[str, Path]], shared: dict[str, bytes]) -> ox.Store:
    """A copy of the store at ``old`` brought up to date: the named graph of each document
    whose content hash changed is replaced, graphs of documents no longer built are dropped,
    and the shared graphs are rewritten. ``documents`` maps graph IRI to (sha256, body)."""
    ox.Store.read_only(str(old)).backup(str(folder))  # hard links to immutable files: cheap
    st = ox.Store(str(folder))
    have = {g.value: sha.value for g, sha in st.query(_DOC_SHAS)}
    header = prefix_header()
    for g in sorted(set(have) - set(documents)):
        st.remove_graph(ox.NamedNode(g))
    for g, (sha, body) in sorted(documents.items()):
        if have.get(g) != sha:
            if g in have:
                st.remove_graph(ox.NamedNode(g))
            st.load(header + Path(body).read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(g))
    for g, body in sorted(shared.items()):
        st.remove_graph(ox.NamedNode(g))
        st.load(header + body, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(g))
    st.flush()
    return st


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
    quads = sorted_quads(store)
    data = quads if keeps_graphs else sorted_triples(quads)
    kw = {"prefixes": _prefixes()} if f in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return ox.serialize(data, format=f, **kw)


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


