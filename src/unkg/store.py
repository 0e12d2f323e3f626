"""store: the graph on disk. An Oxigraph store (RocksDB) for queries, plus Turtle and TriG
exports and a manifest of what was built from which input.

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
from typing import Iterable

import pyoxigraph as ox

from .errors import GraphNotFound
from .settings import MANIFEST_FILE, STORE_DIR
from .vocab import PREFIXES


def _term_key(t) -> str:
    return str(t)


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

    def open_store(self) -> ox.Store:
        return ox.Store(str(self.work / STORE_DIR))

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
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(PREFIXES.items())).encode()


def turtle_body(triples: list[ox.Triple]) -> bytes:
    """Turtle of ``triples`` (already in order) without its @prefix lines, so that bodies of
    many graphs can be joined under one header into kg.ttl and wrapped into kg.trig."""
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
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


