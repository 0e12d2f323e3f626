"""pipeline: the whole path for a batch of files, ingest -> nlp -> extract -> rdf -> store.

Each document is processed on its own (in a pool of worker processes when ``workers > 1``)
into the serialized Turtle of its named graph and the entities it names. Those two are kept
in ``<out>/cache/``, keyed by the file's SHA-256 and a fingerprint of the pipeline (unkg's
code and data, spaCy, the model), so the next build re-processes only new or changed files,
replaces their named graphs in the store, and drops the graphs of files that are gone.

Bad files are reported one line each and skipped; the rest of the batch is built; the output
folder changes only when the build completes (see store.BuildOutput). Documents stream
through: only their entity lists stay in memory, never their text or their quads.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import traceback
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import __version__
from .errors import Errors, InputError
from .ingest import discover
from .model import Entity
from .settings import CACHE_DIR, FACTS_FILE, MANIFEST_FILE, STORE_DIR, TRIG_FILE, TURTLE_FILE, configured_models

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
    body: bytes = b""  # the Turtle of the document's named graph, without @prefix lines

    def record(self) -> dict:
        d = asdict(self)
        del d["body"]
        return d

    @classmethod
    def from_record(cls, d: dict) -> "DocResult":
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
    """Read, analyse and extract one file; returns its graph as Turtle. Raises InputError."""
    from . import rdf, store
    from .extract import extract
    from .ingest import read_document
    from .nlp import load_pipeline, model_name

    d = read_document(path)
    nlp = load_pipeline(model)
    doc = nlp(d.text)
    x = extract(doc, d)
    triples = store.sorted_triples(rdf.document_quads(x))
    return DocResult(
        name=d.name, path=d.path, sha256=d.sha256, graph=rdf.graph_iri(d.name).value, symbol=d.meta.symbol,
        entities=sorted(x.entities.values(), key=lambda e: (e.type, e.id)),
        quads=len(triples), mentions=len(x.mentions), relations=len(x.relations),
        words=sum(1 for t in doc if not t.is_space), warnings=list(d.warnings), model=model_name(nlp),
        body=store.turtle_body(triples),
    )


def _process_safely(job: tuple[Path, str | None]) -> DocResult | InputError:
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


def _run(jobs: list[Path], model: str | None, workers: int) -> Iterator[DocResult | InputError]:
    """Results in the order of ``jobs``, computed in-process or by a pool of workers."""
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        for p in jobs:
            yield _process_safely((p, model))
        return
    import multiprocessing

    # spawn, not fork: the parent may hold RocksDB and spaCy state that must not be copied.
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(min(workers, len(jobs))) as pool:
        yield from pool.imap(_process_safely, [(p, model) for p in jobs], chunksize=1)


# -------------------------------------------------------------------------------- the batch

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
    """``<out>/cache/``: per document, ``<slug>.json`` (its DocResult record) and ``<slug>.ttl``."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint

    @staticmethod
    def slug(name: str) -> str:
        return hashlib.sha256(name.encode("utf-8")).hexdigest()[:20]

    def meta_path(self, name: str) -> Path:
        return self.folder / f"{self.slug(name)}.json"

    def body_path(self, name: str) -> Path:
        return self.folder / f"{self.slug(name)}.ttl"

    def lookup(self, name: str, sha: str | None) -> DocResult | None:
        meta = self.meta_path(name)
        if sha is None or not meta.is_file():
            return None
        try:
            rec = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if rec.get("fingerprint") != self.fingerprint or rec["result"].get("sha256") != sha \
                or rec["result"].get("name") != name or not self.body_path(name).is_file():
            return None
        return DocResult.from_record(rec["result"])

    def write(self, r: DocResult) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.body_path(r.name).write_bytes(r.body)
        rec = {"fingerprint": self.fingerprint, "result": r.record()}
        self.meta_path(r.name).write_text(
            json.dumps(rec, sort_keys=True, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def link_from(self, old: "_Cache", name: str) -> None:
        """Carry an unchanged entry over into the new build's cache (hard link: no copy)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for src in (old.meta_path(name), old.body_path(name)):
            dst = self.folder / src.name
            try:
                os.link(src, dst)
            except OSError:
                dst.write_bytes(src.read_bytes())


def _tally(report: BuildReport, results: list[DocResult], analysed: set[str],
           on_progress: ProgressCallback | None) -> None:
    """Count ``results`` into the report; tell ``on_progress`` of those taken unchanged (the
    analysed ones were told as they finished)."""
    for r in results:
        report.documents.append(r.name)
        report.entities += len(r.entities)
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


def _analyse(todo: list[Path], model: str | None, workers: int, cache: _Cache, cached: dict[str, DocResult],
             report: BuildReport, on_progress: ProgressCallback | None) -> None:
    """Analyse ``todo``, each result into the cache (and its entities into ``cached``)."""
    for item in _run(todo, model, workers):
        if isinstance(item, InputError):
            report.errors.append(item)
            continue
        cache.write(item)
        report.processed += 1
        report.model = item.model
        report.warnings.extend(item.warnings)
        item.body = b""  # on disk now; keep memory flat
        cached[item.name] = item
        if on_progress:
            on_progress(item, False)


def _write_graph(out: Path, work, cache: _Cache, results: list[DocResult], reuse: bool) -> int:
    """The shared graphs, the serializations, the store and the facts export, written into the
    work folder. Returns the number of quads of the shared graphs."""
    from . import rdf, store
    from .export import facts_jsonl

    # The shared graphs: entity descriptions merged over all documents, and the themes.
    shared = {
        rdf.ENTITIES_GRAPH.value: store.sorted_triples(rdf.entities_graph_quads((r.entities, r.symbol) for r in results)),
        rdf.THEMES_GRAPH.value: store.sorted_triples(rdf.theme_scheme_quads()),
        rdf.ACTS_GRAPH.value: store.sorted_triples(rdf.act_scheme_quads()),
    }
    shared_bodies = {g: store.turtle_body(t) for g, t in shared.items()}
    sections = sorted([(g, b) for g, b in shared_bodies.items()] + [(r.graph, cache.body_path(r.name)) for r in results],
                      key=lambda s: s[0])
    store.write_concatenated(work.work / TURTLE_FILE, work.work / TRIG_FILE, sections)
    if reuse:
        st = store.update_store(out / STORE_DIR, work.work / STORE_DIR,
                                {r.graph: (r.sha256, cache.body_path(r.name)) for r in results}, shared_bodies)
    else:
        st = store.load_store(work.work / STORE_DIR, work.work / TRIG_FILE)
    work.write_text(FACTS_FILE, facts_jsonl(st))
    return sum(len(t) for t in shared.values())


def build(paths: Iterable[str | Path] = ("seeds",), out: str | Path = "graph", *, model: str | None = None,
          workers: int = 1, incremental: bool = True, on_progress: ProgressCallback | None = None) -> BuildReport:
    """Build the knowledge graph of ``paths`` into ``out``. Returns a report; never raises for a
    bad input file (it is in ``report.errors``). With ``incremental`` (the default), documents
    unchanged since the last build into ``out`` are taken from it rather than re-analysed."""
    from . import store

    out = Path(out)
    report = BuildReport(out)
    files, errors = discover(list(paths))
    report.errors.extend(errors)
    unique = _unique_names(files, report)

    fingerprint = pipeline_fingerprint(model)
    previous = store.read_manifest(out)
    old_cache = _Cache(out / CACHE_DIR, fingerprint)
    reuse = incremental and previous.get("fingerprint") == fingerprint and (out / STORE_DIR).is_dir()

    cached: dict[str, DocResult] = {}
    todo: list[Path] = []
    for f in unique:
        hit = old_cache.lookup(f.name, _sha256(f)) if incremental else None
        if hit is not None:
            hit.path = str(f)  # the same content may have moved
            cached[f.name] = hit
        else:
            todo.append(f)

    before = previous.get("documents", {})
    if reuse and not todo and cached and set(cached) == set(before) \
            and all(before[n].get("path") == r.path for n, r in cached.items()) \
            and all((out / n).exists() for n in (TURTLE_FILE, TRIG_FILE, FACTS_FILE)):
        # Nothing to do: the graph in ``out`` is already the graph of these inputs.
        _tally(report, [cached[f.name] for f in unique], set(), on_progress)
        report.model = previous.get("model", "")
        report.quads = sum(d.get("quads", 0) for d in before.values()) + previous.get("shared_quads", 0)
        return report

    work = store.BuildOutput.begin(out)
    try:
        cache = _Cache(work.work / CACHE_DIR, fingerprint)
        for f in unique:
            if f.name in cached:
                cache.link_from(old_cache, f.name)
        _analyse(todo, model, workers, cache, cached, report, on_progress)
        results = [cached[f.name] for f in unique if f.name in cached]
        _tally(report, results, {p.name for p in todo}, on_progress)
        if not results:
            work.abort()
            return report
        report.model = report.model or previous.get("model", "") or results[0].model
        report.removed = sorted(set(before) - set(cached))
        shared_quads = _write_graph(out, work, cache, results, reuse)
        report.quads = shared_quads + sum(r.quads for r in results)
        manifest_docs = {r.name: {"path": r.path, "sha256": r.sha256, "graph": r.graph, "quads": r.quads} for r in results}
        store.write_manifest(work, {"unkg": __version__, "model": report.model, "fingerprint": fingerprint,
                                    "documents": manifest_docs, "shared_quads": shared_quads})
        # The cache first and the manifest last: a build killed between two renames leaves a
        # cache that still describes itself correctly (see _Cache.lookup).
        work.commit((CACHE_DIR, STORE_DIR, TURTLE_FILE, TRIG_FILE, FACTS_FILE, MANIFEST_FILE))
    except BaseException:
        work.abort()
        raise
    return report
