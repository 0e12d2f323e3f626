"""build: the whole path for a batch of files, ingest -> nlp -> extract -> rdf -> store.

Bad files are reported one line each and skipped; the rest of the batch is built; the output
folder changes only when the build completes (see store.BuildOutput).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .errors import InputError
from .ingest import discover, read_document
from .model import Extraction, SourceDocument
from .settings import FACTS_FILE, TRIG_FILE, TURTLE_FILE

log = logging.getLogger(__name__)


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

    @property
    def ok(self) -> bool:
        return not self.errors


def read_all(paths: Iterable[str | Path], report: BuildReport) -> list[SourceDocument]:
    files, errors = discover(list(paths))
    report.errors.extend(errors)
    docs = []
    names: set[str] = set()
    for f in files:
        try:
            d = read_document(f)
        except InputError as exc:
            report.errors.append(exc)
            continue
        if d.name in names:
            report.errors.append(InputError(str(f), f"another input has the same file name {d.name!r}; rename one"))
            continue
        names.add(d.name)
        report.warnings.extend(d.warnings)
        docs.append(d)
    return docs


def extract_all(docs: list[SourceDocument], model: str | None = None, workers: int = 1,
                on_doc: Callable[[Extraction], None] | None = None) -> tuple[list[Extraction], str]:
    from .extract import extract
    from .nlp import load_pipeline, model_name

    nlp = load_pipeline(model)
    out = []
    n_process = max(1, workers)
    for d, doc in zip(docs, nlp.pipe((d.text for d in docs), n_process=n_process, batch_size=4)):
        x = extract(doc, d)
        out.append(x)
        if on_doc:
            on_doc(x)
    return out, model_name(nlp)


def build(paths: Iterable[str | Path] = ("seeds",), out: str | Path = "graph", *, model: str | None = None,
          workers: int = 1, on_doc: Callable[[Extraction], None] | None = None) -> BuildReport:
    """Build the knowledge graph of ``paths`` into ``out``. Returns a report; never raises for a
    bad input file (it is in ``report.errors``)."""
    from . import rdf, store
    from .export import facts_jsonl

    out = Path(out)
    report = BuildReport(out)
    docs = read_all(paths, report)
    if not docs:
        return report
    extractions, report.model = extract_all(docs, model=model, workers=workers, on_doc=on_doc)

    quads = rdf.theme_scheme_quads()
    manifest_docs = {}
    for x in extractions:
        q = rdf.document_quads(x)
        quads.extend(q)
        report.documents.append(x.document.name)
        report.entities += len(x.entities)
        report.mentions += len(x.mentions)
        report.relations += len(x.relations)
        manifest_docs[x.document.name] = {"path": x.document.path, "sha256": x.document.sha256,
                                          "graph": rdf.graph_iri(x.document.name).value, "quads": len(q)}
    quads.extend(rdf.entities_graph_quads(extractions))
    ordered = store.sorted_quads(quads)
    report.quads = len(ordered)

    work = store.BuildOutput.begin(out)
    try:
        st = work.open_store()
        store.write_store(st, ordered)
        work.write_text(TURTLE_FILE, store.turtle(ordered))
        work.write_text(TRIG_FILE, store.trig(ordered))
        work.write_text(FACTS_FILE, facts_jsonl(st))
        del st
        store.write_manifest(work, {"unkg": __version__, "model": report.model, "documents": manifest_docs})
        work.commit(store.export_files() + (FACTS_FILE,))
    except BaseException:
        work.abort()
        raise
    return report
