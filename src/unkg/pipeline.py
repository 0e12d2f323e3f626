"""pipeline: the whole path for a batch of files, ingest -> nlp -> extract -> rdf -> store.

Each document is processed on its own (in worker processes with ``workers > 1``, on the
workers of a Dask cluster with ``scheduler``) into the N-Triples of its named graph and the
entities it names. As each result comes back it is written into the store and into
``<out>/cache/`` (one compressed file per document, keyed by the file's SHA-256 and a
fingerprint of the pipeline: unkg's code and data, spaCy, the model), so the next build
re-processes only new or changed files, replaces their named graphs, and drops the graphs of
files that are gone.

Bad files are reported one line each and skipped; the rest of the batch is built; the output
folder changes only when the build completes (see store.BuildOutput). Documents stream
through: the build holds one document's graph at a time (or one bulk-load batch), and the
descriptions of the distinct entities, never the corpus.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import logging
import os
import traceback
import zlib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .errors import Errors, InputError, Warnings
from .inputs import find_inputs
from .model import Entity
from .settings import (CACHE_DIR, DUMP_FILE, FACTS_FILE, MANIFEST_FILE, OLD_OUTPUTS, STORE_DIR, configured_models)

log = logging.getLogger(__name__)


@dataclass
class DocResult:
    """What one document contributes to the graph. Plain and picklable: it crosses from the
    worker processes, and (without ``body``) it is the document's cache record."""

    name: str
    path: str
    sha256: str
    graph: str
    symbol: str | None
    entities: list[Entity]
    quads: int
    mentions: int
    relations: int
    words: int
    warnings: list[str] = field(default_factory=list)
    model: str = ""
    body: bytes = b""  # the N-Triples of the document's named graph
    entity_count: int = -1  # len(entities), kept when the list is let go (``light``)

    def record(self) -> dict:
        d = asdict(self)
        del d["body"], d["entity_count"]
        return d

    def light(self) -> "DocResult":
        """The same without its graph (in the store now) and entity list (in the cache), so
        that what a build keeps per document stays small."""
        self.entity_count = len(self.entities) if self.entity_count < 0 else self.entity_count
        self.entities, self.body = [], b""
        return self

    @classmethod
    def from_record(cls, d: dict) -> "DocResult":
        d = dict(d)
        ents = [Entity(**{**e, "aliases": tuple(e["aliases"])}) for e in d.pop("entities")]
        return cls(entities=ents, **d)


@dataclass
class BuildReport:
    out: Path
    documents: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    model: str = ""
    quads: int = 0
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    processed: int = 0  # documents read and analysed in this build
    reused: int = 0  # documents taken unchanged from the previous build
    removed: list[str] = field(default_factory=list)  # documents of the previous build that are gone
    words: int = 0
    distinct_entities: int = 0  # entities described in the entities graph

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line: what was built, and how much was analysed anew."""
        changes = f"{self.processed} analysed, {self.reused} unchanged"
        if self.removed:
            changes += f", {len(self.removed)} removed"
        return (f"built {len(self.documents)} documents ({changes}) into {self.out}/: {self.entities} entities, "
                f"{self.mentions} mentions, {self.relations} relations, {self.quads} quads (model {self.model})")


#: Called once per document as it is done: (result, reused from the previous build).
ProgressCallback = Callable[[DocResult, bool], None]


# -------------------------------------------------------------------------------- fingerprint

def _model_key(model: str | None) -> str:
    """Which model a build would load, and its version, without importing spaCy."""
    import importlib.metadata
    import importlib.util

    for name in ((model,) if model else configured_models()):
        if Path(name).exists():
            meta = Path(name) / "meta.json"
            return f"{Path(name).resolve()}:{hashlib.sha256(meta.read_bytes()).hexdigest()[:12] if meta.exists() else ''}"
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            try:
                return f"{name}=={importlib.metadata.version(name)}"
            except importlib.metadata.PackageNotFoundError:
                return name
    return "blank"


@lru_cache(maxsize=8)
def pipeline_fingerprint(model: str | None = None) -> str:
    """Changes whenever anything that shapes a document's graph changes: unkg's code or
    reference data, spaCy, or the model. A cache entry from another fingerprint is not used."""
    import importlib.metadata

    h = hashlib.sha256()
    pkg = Path(__file__).parent
    for f in sorted(pkg.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".tsv", ".ttl", ".json") and "__pycache__" not in f.parts:
            h.update(f.relative_to(pkg).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    h.update(f"spacy=={importlib.metadata.version('spacy')};{_model_key(model)};unkg_data={os.environ.get('UNKG_DATA', '')}".encode())
    return h.hexdigest()[:16]


# -------------------------------------------------------------------------------- one document

def process(path: Path, model: str | None = None) -> DocResult:
    """Read, analyse and extract one file; returns its graph as N-Triples. Raises InputError.

    Python's cyclic garbage collector is off meanwhile: the objects of one document (spans,
    mentions, quads) are freed by reference counting, and collections that scan all of them
    again and again made extraction and RDF grow faster than the document (2.6x the time per
    character from 100k to 600k characters; flat without them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _process(path, model)
    finally:
        if enabled:
            gc.enable()


def _process(path: Path, model: str | None) -> DocResult:
    from . import rdf, store
    from .extract import extract
    from .ingest import read_document
    from .nlp import load_pipeline, model_name

    d = read_document(path)
    nlp = load_pipeline(model)
    doc = analyse_text(nlp, d.text)
    x = extract(doc, d)
    triples = store.sorted_triples(rdf.document_quads(x))
    return DocResult(
        name=d.name, path=d.path, sha256=d.sha256, graph=rdf.graph_iri(d.name).value, symbol=d.meta.symbol,
        entities=sorted(x.entities.values(), key=lambda e: (e.type, e.id)),
        quads=len(triples), mentions=len(x.mentions), relations=len(x.relations),
        words=sum(1 for t in doc if not t.is_space), warnings=list(d.warnings), model=model_name(nlp),
        body=store.ntriples(triples),
    )


#: Texts longer than this go through the trained components in pieces of about
#: ``PIECE_CHARS``: their cost per character grows with the length of one Doc (5.9 GB and twice
#: the time per character for one of 2 million characters), that of pieces does not.
CHUNK_ABOVE_CHARS = 250_000
PIECE_CHARS = 100_000
#: unkg's components that read the whole document (a definition applies to every later use):
#: they run once, on the joined Doc.
_WHOLE_DOCUMENT = ("unkg_citations", "unkg_names", "unkg_definitions", "unkg_themes")


def _cut(text: str, lo: int, hi: int) -> int:
    """The first start of a line in ``text[lo:hi]`` (else of a word) after all the white space
    before it; -1 if none."""
    for sep in ("\n", " "):
        j = text.find(sep, lo, hi)
        if j >= 0:
            k = j + 1
            while k < len(text) and text[k].isspace():
                k += 1
            return k if k < len(text) else -1
    return -1


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of about ``size`` characters, each cut at the start of a line
    (else of a word), where the tokenizer splits anyway: the pieces' tokens are the text's."""
    out, start = [], 0
    while len(text) - start > size:
        cut = _cut(text, start + size, start + 2 * size)
        if cut < 0:
            break
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def analyse_text(nlp, text: str):
    """``nlp(text)``; a long text goes through the trained components in pieces joined into one
    Doc (``Doc.from_docs``) before unkg's whole-document components run."""
    if len(text) <= CHUNK_ABOVE_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    names = nlp.pipe_names
    first = next((i for i, n in enumerate(names) if n in _WHOLE_DOCUMENT), len(names))
    with nlp.select_pipes(enable=names[:first]):
        docs = list(nlp.pipe(pieces(text, PIECE_CHARS), batch_size=1))  # one piece at a time: memory of one piece
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    for _, proc in nlp.pipeline[first:]:
        doc = proc(doc)
    return doc


def process_safely(job: tuple[Path, str | None]) -> DocResult | InputError:
    """``process`` for one file of a batch: any failure becomes that file's InputError, so a
    bug met on one odd document costs that document, not the batch."""
    path, model = job
    try:
        return process(path, model)
    except InputError as exc:
        return exc
    except MemoryError:
        return InputError(str(path), Errors.out_of_memory)
    except Exception as exc:  # noqa: BLE001 - reported per file; the traceback goes with it for --debug
        err = InputError(str(path), Errors.bug.format(kind=type(exc).__name__, detail=exc))
        err.detail = traceback.format_exc()
        return err


_process_safely = process_safely  # the name the benchmarks wrap


def _run(jobs: list[Path], model: str | None, workers: int,
         scheduler: str | None) -> Iterator[tuple[int, DocResult | InputError]]:
    """(index in ``jobs``, result) for every job, in the order they finish: in-process, in a
    pool of worker processes, or on a Dask cluster."""
    if not jobs:
        return
    if scheduler:
        from .cluster import run_on_cluster

        yield from run_on_cluster(jobs, model, scheduler)
        return
    if workers <= 1 or len(jobs) == 1:
        for i, p in enumerate(jobs):
            yield i, _process_safely((p, model))
        return
    import multiprocessing

    # spawn, not fork: the parent may hold RocksDB and spaCy state that must not be copied.
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(min(workers, len(jobs))) as pool:
        yield from pool.imap_unordered(_indexed, [(i, p, model) for i, p in enumerate(jobs)], chunksize=1)


def _indexed(job: tuple[int, Path, str | None]) -> tuple[int, DocResult | InputError]:
    i, path, model = job
    return i, _process_safely((path, model))


# -------------------------------------------------------------------------------- the cache

def _sha256(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None  # process() will say why


class _Cache:
    """``<out>/cache/<slug>.gz`` per document: gzip of one JSON line, the fingerprint and the
    DocResult record (what the build reports, the entities for the shared graphs). The graph
    itself is in the store only."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint

    @staticmethod
    def slug(name: str) -> str:
        return hashlib.sha256(name.encode("utf-8")).hexdigest()[:20]

    def path(self, name: str) -> Path:
        return self.folder / f"{self.slug(name)}.gz"

    def lookup(self, name: str, sha: str | None) -> tuple[DocResult | None, str | None]:
        """The cached result of ``name`` at content ``sha``, or None; and a warning when the
        entry exists but cannot be used (corrupt, or written by something else)."""
        path = self.path(name)
        if sha is None or not path.is_file():
            return None, None
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                rec = json.loads(f.readline())
            if not isinstance(rec, dict) or rec.get("fingerprint") != self.fingerprint:
                return None, None  # another version of unkg's: not an error
            res = rec["result"]
            if res["sha256"] != sha or res["name"] != name:
                return None, None
            return DocResult.from_record(res), None
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError, zlib.error) as exc:
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            return None, Warnings.bad_cache_entry.format(path=path, name=name, reason=reason)

    def write(self, r: DocResult) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        head = json.dumps({"fingerprint": self.fingerprint, "result": r.record()}, sort_keys=True,
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.path(r.name).write_bytes(gzip.compress(head + b"\n", compresslevel=6, mtime=0))

    def link_from(self, old: "_Cache", name: str) -> None:
        """Carry an unchanged entry over into the new build's cache (hard link: no copy)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        src, dst = old.path(name), self.path(name)
        try:
            os.link(src, dst)
        except OSError:
            dst.write_bytes(src.read_bytes())

    def entities(self, names: Iterable[str]) -> Iterator[tuple[list[Entity], str | None]]:
        """(entities, own symbol) of each document, read back one at a time."""
        for name in names:
            with gzip.open(self.path(name), "rt", encoding="utf-8") as f:
                r = DocResult.from_record(json.loads(f.readline())["result"])
            yield r.entities, r.symbol


# -------------------------------------------------------------------------------- the batch

def _tally(report: BuildReport, results: list[DocResult], analysed: set[str],
           on_progress: ProgressCallback | None) -> None:
    """Count ``results`` into the report; tell ``on_progress`` of those taken unchanged (the
    analysed ones were told as they finished)."""
    for r in results:
        report.documents.append(r.name)
        report.entities += r.entity_count if r.entity_count >= 0 else len(r.entities)
        report.mentions += r.mentions
        report.relations += r.relations
        report.words += r.words
        if r.name not in analysed and on_progress:
            on_progress(r, True)
    report.reused = len(results) - len(analysed & {r.name for r in results})


def _unique_names(files: list[Path], report: BuildReport) -> list[Path]:
    """One document per file name: the name is its key in the facts export and its graph IRI."""
    seen: dict[str, Path] = {}
    unique: list[Path] = []
    for f in files:
        if f.name in seen:
            report.errors.append(InputError(str(f), Errors.same_file_name.format(name=f.name, other=seen[f.name])))
            continue
        seen[f.name] = f
        unique.append(f)
    return unique


def _analyse(todo: list[Path], model: str | None, workers: int, scheduler: str | None, cache: "_Cache",
             writer, cached: dict[str, DocResult], report: BuildReport,
             on_progress: ProgressCallback | None) -> None:
    """Analyse ``todo``; each result goes into the cache and the store as it comes back (and
    its record, without entities or graph, into ``cached``). Errors and warnings are reported
    in the order of ``todo``, whatever the order results come back in."""
    errors: dict[int, InputError] = {}
    warnings: dict[int, list[str]] = {}
    for i, item in _run(todo, model, workers, scheduler):
        if isinstance(item, InputError):
            errors[i] = item
            continue
        cache.write(item)
        writer.put(item.graph, item.body, item.sha256)
        report.processed += 1
        report.model = report.model or item.model
        warnings[i] = item.warnings
        if on_progress:
            on_progress(item, False)
        cached[item.name] = item.light()  # in the store and on disk now: keep memory flat
    report.errors.extend(errors[i] for i in sorted(errors))
    report.warnings.extend(w for i in sorted(warnings) for w in warnings[i])


def _shared_graphs(cache: "_Cache", names: list[str]) -> tuple[dict[str, bytes], int, int]:
    """The shared graphs as N-Triples: the entities graph (descriptions merged over all documents,
    in document order), the themes and acts schemes, the record of the Council; their number of
    quads, and of entities described."""
    from . import rdf, record, store

    entities = store.sorted_triples(rdf.entities_graph_quads(cache.entities(names)))
    others = {rdf.THEMES_GRAPH.value: store.sorted_triples(rdf.theme_scheme_quads()),
              rdf.ACTS_GRAPH.value: store.sorted_triples(rdf.act_scheme_quads()),
              **{g: store.sorted_triples(q) for g, q in record.graphs().items()}}
    described = len({t.subject for t in entities})
    bodies = {rdf.ENTITIES_GRAPH.value: store.ntriples(entities), **{g: store.ntriples(q) for g, q in others.items()}}
    return bodies, len(entities) + sum(len(q) for q in others.values()), described


def _nothing_to_do(reuse: bool, todo: list, cached: dict, before: dict, out: Path, dump: bool) -> bool:
    return (reuse and not todo and bool(cached) and set(cached) == set(before)
            and all(before[n].get("path") == r.path for n, r in cached.items())
            and (out / FACTS_FILE).exists() and (out / DUMP_FILE).exists() == dump)


def build(paths: Iterable[str | Path] = ("seeds",), out: str | Path = "graph", *, model: str | None = None,
          workers: int = 1, incremental: bool = True, on_progress: ProgressCallback | None = None,
          scheduler: str | None = None, dump: bool = False) -> BuildReport:
    """Build the knowledge graph of ``paths`` into ``out``. Returns a report; never raises for a
    bad input file (it is in ``report.errors``). With ``incremental`` (the default), documents
    unchanged since the last build into ``out`` are taken from it rather than re-analysed.
    ``scheduler`` (``tcp://host:8786``) sends the documents to the workers of a Dask cluster;
    ``dump`` also writes the whole graph as ``kg.nq.gz``."""
    from . import store

    out = Path(out)
    report = BuildReport(out)
    found = find_inputs(list(paths), exclude=[out])
    report.errors.extend(found.errors)
    if found.unsupported:
        report.warnings.append(found.unsupported_warning())
    unique = _unique_names(found.files, report)

    fingerprint = pipeline_fingerprint(model)
    previous = store.read_manifest(out)
    old_cache = _Cache(out / CACHE_DIR, fingerprint)
    reuse = incremental and previous.get("fingerprint") == fingerprint and (out / STORE_DIR).is_dir()

    cached: dict[str, DocResult] = {}
    todo: list[Path] = []
    for f in unique:
        hit, warning = old_cache.lookup(f.name, _sha256(f)) if incremental else (None, None)
        if warning:
            report.warnings.append(warning)
        if hit is not None:
            hit.path = str(f)  # the same content may have moved
            cached[f.name] = hit.light()
        else:
            todo.append(f)

    before = previous.get("documents", {})
    if _nothing_to_do(reuse, todo, cached, before, out, dump):
        # Nothing to do: the graph in ``out`` is already the graph of these inputs.
        _tally(report, [cached[f.name] for f in unique], set(), on_progress)
        report.model = previous.get("model", "")
        report.quads = sum(d.get("quads", 0) for d in before.values()) + previous.get("shared_quads", 0)
        report.distinct_entities = previous.get("entities", 0)
        return report

    work = store.BuildOutput.begin(out)
    try:
        _build_into(work, out, unique, todo, cached, reuse, old_cache, report, fingerprint, previous,
                    model=model, workers=workers, scheduler=scheduler, dump=dump, on_progress=on_progress)
    except BaseException:
        work.abort()
        raise
    return report


def _build_into(work, out: Path, unique: list[Path], todo: list[Path], cached: dict[str, DocResult], reuse: bool,
                old_cache: _Cache, report: BuildReport, fingerprint: str, previous: dict, *, model, workers,
                scheduler, dump, on_progress) -> None:
    """The build proper, inside the work folder ``work``: analyse, write the store, the shared
    graphs, the facts export and the manifest, and commit."""
    from . import store
    from .export import write_facts

    cache = _Cache(work.work / CACHE_DIR, fingerprint)
    writer = store.GraphWriter(work.work / STORE_DIR, out / STORE_DIR if reuse else None)
    # Unchanged documents the store lacks (a new store, a lost graph) are analysed again: the
    # cache keeps a document's record, not a second copy of its graph.
    lacking = {n for n, r in cached.items() if not writer.has(r.graph, r.sha256)}
    for n in lacking:
        del cached[n]
    again = lacking | {f.name for f in todo}
    todo = [f for f in unique if f.name in again]
    for f in unique:
        if f.name in cached:
            cache.link_from(old_cache, f.name)
    _analyse(todo, model, workers, scheduler, cache, writer, cached, report, on_progress)
    results = [cached[f.name] for f in unique if f.name in cached]
    _tally(report, results, {p.name for p in todo}, on_progress)
    if not results:
        writer.finish(0)
        work.abort()
        return
    report.model = report.model or previous.get("model", "") or results[0].model
    report.removed = sorted(set(previous.get("documents", {})) - set(cached))
    shared, shared_quads, report.distinct_entities = _shared_graphs(cache, [r.name for r in results])
    writer.drop_except({r.graph for r in results} | set(shared))
    for g, body in shared.items():
        writer.put(g, body)
    report.quads = shared_quads + sum(r.quads for r in results)
    st = writer.finish(report.quads)
    write_facts(st, work.work / FACTS_FILE)
    if dump:
        store.write_dump(st, work.work / DUMP_FILE)
    del st, writer
    manifest_docs = {r.name: {"path": r.path, "sha256": r.sha256, "graph": r.graph, "quads": r.quads} for r in results}
    store.write_manifest(work, {"unkg": __version__, "model": report.model, "fingerprint": fingerprint,
                                "documents": manifest_docs, "shared_quads": shared_quads,
                                "entities": report.distinct_entities})
    # The cache first and the manifest last: a build killed between two renames leaves a
    # cache that still describes itself correctly (see _Cache.lookup).
    work.commit((CACHE_DIR, STORE_DIR, FACTS_FILE, DUMP_FILE, MANIFEST_FILE),
                remove=OLD_OUTPUTS + (() if dump else (DUMP_FILE,)))
