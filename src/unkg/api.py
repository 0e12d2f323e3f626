"""The Python API shared by the CLI and the notebooks (re-exported by ``unkg``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .settings import NETWORK_FILE

if TYPE_CHECKING:  # importing build pulls in ingest and numpy; `unkg query` must start fast
    from .pipeline import BuildReport


def build(paths: Iterable[str | Path] = ("seeds",), out: str | Path = "graph", *, model: str | None = None,
          workers: int = 1, incremental: bool = True, on_progress=None, scheduler: str | None = None,
          dump: bool = False) -> "BuildReport":
    """Build the knowledge graph of the files and folders in ``paths`` into ``out``.

    ``workers`` processes analyse documents in parallel; ``scheduler`` (``"tcp://host:8786"``)
    sends them to the workers of a Dask cluster instead (the ``cluster`` extra). With
    ``incremental`` (the default) a rebuild re-analyses only files that are new or changed
    since the last build into ``out`` and drops the graphs of files that are gone;
    ``incremental=False`` re-analyses everything. ``dump`` also writes the whole graph as
    gzip-compressed N-Quads (``kg.nq.gz``), for the bulk loaders of SPARQL servers.
    ``on_progress(result, reused)`` is called once per document."""
    from .pipeline import build as _build

    return _build(paths, out, model=model, workers=workers, incremental=incremental, on_progress=on_progress,
                  scheduler=scheduler, dump=dump)


class KnowledgeGraph:
    """A built graph, opened read-only."""

    def __init__(self, path: str | Path = "graph"):
        from . import store

        self.path = Path(path)
        self.store = store.open_read_only(self.path)

    def __repr__(self) -> str:
        return f"KnowledgeGraph({str(self.path)!r}, {len(self.store)} quads)"

    def query(self, query: str, params: dict[str, str] | None = None, **kwargs: str):
        """Run a named query (``"documents"``), a .rq file or SPARQL text. Keyword arguments are
        bound as parameters: ``kg.query("org_documents", org="CSTO")``."""
        from . import query as q

        bound = {**(params or {}), **kwargs}
        return q.run(self.store, q.resolve(query, params=bound), bound)

    def dataframe(self, query: str, params: dict[str, str] | None = None, **kwargs: str):
        """The same as ``query``, as a pandas DataFrame (needs pandas: the ``notebooks`` extra)."""
        import pandas as pd

        r = self.query(query, params, **kwargs)
        df = pd.DataFrame(r.values(), columns=r.variables)
        for i, col in enumerate(r.variables):  # counts and offsets as numbers, not text
            kinds = {_numeric(row[i]) for row in r.rows if row[i] is not None}
            if kinds == {int}:
                df[col] = df[col].astype("Int64")
            elif kinds and kinds <= {int, float}:
                df[col] = df[col].astype("float64")
        return df

    def facts(self) -> list[dict]:
        from .export import facts

        return facts(self.store)

    def facts_jsonl(self) -> str:
        """The facts export as JSON Lines (``unkg export facts``)."""
        from .export import facts_jsonl

        return facts_jsonl(self.store)

    def serialize(self, fmt: str = "trig") -> bytes:
        """The whole graph in an RDF serialization: turtle, trig, nquads, ntriples or jsonld."""
        from .store import export

        return export(self.store, fmt)

    def to_networkx(self, *, comentions: bool = True, documents: bool = False):
        from .network import to_networkx

        return to_networkx(self.store, comentions=comentions, documents=documents)

    def view(self, kind: str = "entities", *, focus: str | None = None, depth: int = 1, out: str | Path | None = None,
             meetings: Iterable[str] | None = None, by: str = "state", top: int | None = None,
             max_nodes: int | None = None) -> Path:
        """Write an HTML network view and return its path (default: ``<graph>/network.html``).
        The page opens on the ``top`` most linked nodes (default 80; a slider shows more) and
        embeds at most ``max_nodes`` (default ``settings.VIEW_MAX_NODES``, the most linked; with
        ``focus``, the nearest) and their strongest links.
        ``kind="debate"``: who raised which themes in ``meetings`` (symbols, numbers or file
        names of meeting records; default all), the States and bodies spoken for (``by="state"``)
        or the speakers (``by="speaker"``)."""
        from .view import render
        from .view.page import TOP

        meetings = list(meetings) if meetings else None
        if out is None:
            name = NETWORK_FILE if kind == "entities" and not focus else f"network-{focus or kind}.html".replace("/", "-")
            out = self.path / name
        return render(self.store, Path(out), kind=kind, focus=focus, depth=depth, meetings=meetings, by=by,
                      top=top or TOP, max_nodes=max_nodes)

    def show(self, kind: str = "entities", *, focus: str | None = None, depth: int = 1, height: int = 650,
             meetings: Iterable[str] | None = None, by: str = "state", top: int | None = None,
             max_nodes: int | None = None):
        """Write a view (as ``view`` does) and return it for display inline in a notebook."""
        from .view import InlineView

        return InlineView(self.view(kind, focus=focus, depth=depth, meetings=meetings, by=by, top=top,
                                    max_nodes=max_nodes), height=height)


_INTEGER = {"integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger", "unsignedInt"}


def _numeric(term):
    dt = getattr(getattr(term, "datatype", None), "value", "")
    name = dt.rsplit("#", 1)[-1] if dt.startswith("http://www.w3.org/2001/XMLSchema#") else ""
    return int if name in _INTEGER else float if name in ("decimal", "double", "float") else str


def run_query(graph: str | Path, text: str, params: dict[str, str] | None = None, *, update: bool = False):
    """Run SPARQL text on the graph in ``graph``; with ``update``, a SPARQL Update that changes
    it (the graph must exist: an update never creates one)."""
    from . import query as q
    from . import store

    st = store.open_for_update(Path(graph)) if update else store.open_read_only(Path(graph))
    return q.run(st, text, params or {}, update=update)


def queries():
    """The library of named queries (``queries/*.rq``): name, description, parameters, text."""
    from .query import library

    return library()


def open(path: str | Path = "graph") -> KnowledgeGraph:  # noqa: A001 - unkg.open mirrors the built-in on purpose
    return KnowledgeGraph(path)
