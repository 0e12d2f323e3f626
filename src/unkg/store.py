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
from .settings import MANIFEST_FILE, STORE_DIR, TRIG_FILE, TURTLE_FILE
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


def write_store(store: ox.Store, quads: list[ox.Quad]) -> None:
    store.bulk_extend(quads)
    store.flush()
    store.optimize()


def turtle(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(sorted_triples(quads), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def trig(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(sorted_quads(quads), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)


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


def export_files() -> tuple[str, ...]:
    return (STORE_DIR, TURTLE_FILE, TRIG_FILE, MANIFEST_FILE)
