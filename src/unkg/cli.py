"""The command line: a thin layer over the Python API that turns its errors into one-line
messages and exit statuses (0 ok, 1 something failed, 2 usage). The options every command
shares are declared once (``GraphDir``, ``Debug``, ``Quiet``)."""

from __future__ import annotations

import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from .errors import UnkgError
from .settings import VIEW_MAX_NODES

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="Knowledge graphs of UN Security Council documents.\n\n"
                       "Example: unkg build seeds && unkg query documents")
export_app = typer.Typer(no_args_is_help=True, help="Write the graph in another format to standard output or a file.")
app.add_typer(export_app, name="export")

_state = {"debug": False}

# ------------------------------------------------------------------ options shared by commands

GraphDir = Annotated[Path, typer.Option("--graph", "-g", help="The built graph folder.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logging.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")]
Timeout = Annotated[float, typer.Option("--timeout", min=0.1, help="With a server: seconds to wait to connect, and for each answer.")]
Model = Annotated[Optional[str], typer.Option("--model", help="spaCy model name or path (default: en_core_web_sm, "
                                                               "else its PyPI re-upload; env UNKG_MODEL).")]


def _logging(debug: bool = False, quiet: bool = False) -> None:
    """Set up logging once; ``--debug`` and ``-q`` work before or after the command name."""
    _state["debug"] = _state["debug"] or debug
    level = logging.DEBUG if _state["debug"] else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="unkg: %(levelname)s: %(message)s", stream=sys.stderr, force=True)


def _err(message: str) -> None:
    typer.echo(f"unkg: error: {message}", err=True)


def _fail(exc: BaseException) -> "typer.Exit":
    if _state["debug"]:
        raise exc
    _err(str(exc))
    return typer.Exit(1)


@app.callback()
def main_options(debug: Debug = False, quiet: Quiet = False) -> None:
    _state["debug"] = debug
    _logging(debug, quiet)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"


class _BuildProgress:
    """A progress bar of documents and words per second, on a terminal only."""

    def __init__(self, console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.words = 0
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=console,
                                 transient=True, disable=not console.is_terminal)
        self.task = self.progress.add_task("analysing", total=None, rate="")

    def __enter__(self) -> "_BuildProgress":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def advance(self, result, reused: bool) -> None:
        if not reused:
            self.words += result.words
        elapsed = self.progress.tasks[0].elapsed or 1e-9
        done = self.progress.tasks[0].completed + 1
        self.progress.update(self.task, advance=1, description=result.name[:40],
                             rate=f"{done / elapsed:.1f} docs/s, {self.words / elapsed:,.0f} words/s")


@app.command()
def build(
    paths: Optional[List[Path]] = typer.Argument(None, help="Files or folders to read (default: seeds/)."),
    out: Path = typer.Option(Path("graph"), "--out", "-o", help="Output folder."),
    model: Model = None,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes that analyse documents in parallel."),
    full: bool = typer.Option(False, "--full", help="Re-analyse every document, not only new or changed ones."),
    view: bool = typer.Option(True, "--view/--no-view", help="Write the network view (graph/network.html: the "
                              f"most linked entities, at most {VIEW_MAX_NODES:,})."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Analyse the documents on a Dask cluster, e.g. "
                                            "tcp://HOST:8786 (needs the cluster extra)."),
    dump: bool = typer.Option(False, "--dump", help="Also write the whole graph as gzip-compressed N-Quads "
                              "(OUT/kg.nq.gz), for the bulk loaders of SPARQL servers."),
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Build the knowledge graph of PATHS into OUT.

    A rebuild into the same OUT re-analyses only new or changed files and drops the graphs of
    files that are gone (--full re-analyses all).

    Example: unkg build seeds --out graph --workers 2
    """
    from rich.console import Console

    from . import api

    _logging(debug, quiet)
    console = Console(stderr=True)
    try:
        with _BuildProgress(console) as progress:
            report = api.build(paths or [Path("seeds")], out, model=model, workers=workers, incremental=not full,
                               on_progress=progress.advance, scheduler=scheduler, dump=dump)
    except UnkgError as exc:
        raise _fail(exc)
    for w in report.warnings:
        typer.echo(f"unkg: warning: {w}", err=True)  # one line each, never wrapped
    for e in report.errors:
        _err(str(e))
    if report.documents:
        console.print(report.summary(), highlight=False, markup=False, soft_wrap=True)
        _build_view(console, out, view)
    elif not report.errors:
        _err("nothing to build")
    if report.errors or not report.documents:
        raise typer.Exit(1)


def _build_view(console, out: Path, view: bool) -> None:
    """The network view after a build, unless --no-view: a page holds at most
    settings.VIEW_MAX_NODES of the graph's entities, so it is written for any graph."""
    from . import api

    if not view:
        return
    try:
        path = api.open(out).view()
        console.print(f"network view: {path}", highlight=False, markup=False)
    except UnkgError as exc:
        raise _fail(exc)


def _params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        if "=" not in item:
            _err(f"--param {item!r}: expected NAME=VALUE")
            raise typer.Exit(2)
        k, v = item.split("=", 1)
        params[k.strip().lstrip("?$")] = v
    return params


def _print_result(result, fmt: Format) -> None:
    from . import query as q

    if fmt is Format.tsv:
        sys.stdout.write(q.to_delimited(result, "\t"))
    elif fmt is not Format.table:
        sys.stdout.buffer.write(q.serialize(result, fmt.value))
        sys.stdout.buffer.write(b"" if fmt is Format.csv else b"\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for v in result.variables:
            table.add_column(v, overflow="fold")
        for row in q.to_table_rows(result):
            table.add_row(*row)
        Console().print(table)
        typer.echo(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}", err=True)


@app.command()
def query(
    query_: Optional[str] = typer.Argument(None, metavar="QUERY", help="A named query, a .rq file, SPARQL text, or - for standard input."),
    graph: GraphDir = Path("graph"),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format (tsv: plain values; csv, json, xml: SPARQL 1.1 results)."),
    param: Optional[List[str]] = typer.Option(None, "--param", "-p", help="Bind a parameter: NAME=VALUE (repeatable)."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the named queries with their descriptions."),
    update: bool = typer.Option(False, "--update", help="Allow SPARQL Update (changes the graph)."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", "-e", help="Query this SPARQL 1.1 endpoint instead of the local graph, e.g. http://localhost:7878/query (credentials: env UNKG_ENDPOINT_USER and UNKG_ENDPOINT_PASSWORD, or ~/.netrc)."),
    timeout: Timeout = 60.0,
    queries: Optional[Path] = typer.Option(None, "--queries", help="A folder of your own named queries (.rq), beside the library (env UNKG_QUERIES)."),
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Run a SPARQL query against the built graph.

    Example: unkg query state_documents --param state=Peru --format csv
    """
    from . import api
    from . import query as q

    _logging(debug, quiet)
    try:
        if list_:
            for nq in q.library(queries):
                extra = f"  [params: {', '.join(nq.parameters)}]" if nq.parameters else ""
                typer.echo(f"{nq.name:28} {nq.description}{extra}")
            return
        if not query_:
            _err("give a QUERY (a name from `unkg query --list`, a .rq file, SPARQL text, or -)")
            raise typer.Exit(2)
        params = _params(param or [])
        text = sys.stdin.read() if query_ == "-" else q.resolve(query_, queries, params=params)
        if endpoint:
            from . import endpoint as remote

            if update:
                _err("--update is not sent to remote endpoints; use the server's own update service")
                raise typer.Exit(2)
            result = remote.query(endpoint, text, params, timeout=timeout)
        else:
            result = api.run_query(graph, text, params, update=update)
    except UnkgError as exc:
        raise _fail(exc)
    _print_result(result, fmt)


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", "-e", help="Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), http://localhost:3030/ds/data (Fuseki)."),
    graph: GraphDir = Path("graph"),
    query_endpoint: Optional[str] = typer.Option(None, "--query-endpoint", help="The server's SPARQL query endpoint, to find the graphs gone locally (default: the one that goes with --endpoint on Oxigraph, Fuseki and Virtuoso)."),
    sync: bool = typer.Option(True, "--sync/--no-sync", help="Also remove on the server the unkg graphs of documents gone locally (never other graphs)."),
    timeout: Timeout = 60.0,
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Load the graph into a SPARQL server, one named graph per document (each replaced if
    there), and remove there the graphs of documents gone locally. Credentials, when the server
    asks (Basic or Digest): env UNKG_ENDPOINT_USER and UNKG_ENDPOINT_PASSWORD, or ~/.netrc.

    Example: unkg push --endpoint http://localhost:7878/store
    """
    from . import api
    from . import endpoint as remote

    _logging(debug, quiet)
    try:
        r = remote.push(api.open(graph).store, endpoint, query_endpoint=query_endpoint, sync=sync, timeout=timeout)
    except UnkgError as exc:
        raise _fail(exc)
    typer.echo(r.summary(), err=True)


@app.command()
def serve(
    graph: GraphDir = Path("graph"),
    bind: str = typer.Option("127.0.0.1:7878", "--bind", "-b", help="Host and port to listen on."),
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Serve the built graph as a read-only SPARQL endpoint (Oxigraph's server) for YASGUI,
    SPARQLWrapper or another tool; the named graphs together are the default graph.

    Example: unkg serve, then query http://127.0.0.1:7878/query
    """
    from . import endpoint as remote

    _logging(debug, quiet)
    try:
        cmd = remote.serve_command(graph, bind)
    except UnkgError as exc:
        raise _fail(exc)
    typer.echo(f"SPARQL endpoint (read-only): http://{bind}/query  (Ctrl-C stops it)", err=True)
    raise typer.Exit(remote.serve(cmd))


@app.command()
def validate(graph: GraphDir = Path("graph"), debug: Debug = False, quiet: Quiet = False) -> None:
    """Check the graph against unkg's SHACL shapes (exit status 1 and the report if it does not conform).

    Example: unkg validate --graph graph
    """
    from . import shapes

    _logging(debug, quiet)
    try:
        v = shapes.validate(graph)
    except UnkgError as exc:
        raise _fail(exc)
    if not v.conforms:
        typer.echo(v.report)
        _err(f"{graph}: {v.violations} SHACL violation{'s' if v.violations != 1 else ''}")
        raise typer.Exit(1)
    typer.echo(f"{graph}: conforms to the unkg shapes", err=True)


@export_app.command("facts")
def export_facts(graph: GraphDir = Path("graph"), debug: Debug = False, quiet: Quiet = False) -> None:
    """The facts of every document as JSON Lines (spec/facts-format.md).

    Example: unkg export facts > facts.jsonl
    """
    from . import api

    _logging(debug, quiet)
    try:
        sys.stdout.write(api.open(graph).facts_jsonl())
    except UnkgError as exc:
        raise _fail(exc)


class RdfFormatName(str, Enum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"
    jsonld = "jsonld"


@export_app.command("rdf")
def export_rdf(
    fmt: RdfFormatName = typer.Option(RdfFormatName.trig, "--format", "-f"),
    graph: GraphDir = Path("graph"),
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """The whole graph in an RDF serialization (named graphs kept in TriG, N-Quads and JSON-LD).

    Example: unkg export rdf --format nquads > kg.nq
    """
    from . import api

    _logging(debug, quiet)
    try:
        kg = api.open(graph)
        if fmt is RdfFormatName.nquads:  # one named graph at a time: no copy of the whole graph in memory
            from .store import iter_nquads

            for chunk in iter_nquads(kg.store):
                sys.stdout.buffer.write(chunk)
        else:
            sys.stdout.buffer.write(kg.serialize(fmt.value))
    except UnkgError as exc:
        raise _fail(exc)


class NetworkKind(str, Enum):
    entities = "entities"
    citations = "citations"


_KIND_HELP = "entities (relations and co-mentions) or citations (documents and what they cite)."


def _network(graph: Path, kind: "NetworkKind"):
    from . import api
    from .view import subgraph

    kg = api.open(graph)
    if kind is NetworkKind.citations:
        return subgraph(kg.to_networkx(documents=True), "citations")
    return kg.to_networkx()


@export_app.command("graphml")
def export_graphml(graph: GraphDir = Path("graph"),
                   kind: NetworkKind = typer.Option(NetworkKind.entities, "--kind", "-k", help=_KIND_HELP),
                   debug: Debug = False, quiet: Quiet = False) -> None:
    """The network as GraphML, for Gephi: one edge per kind, co-mentions undirected.

    Example: unkg export graphml --kind citations > citations.graphml
    """
    from .network import graphml_text

    _logging(debug, quiet)
    try:
        sys.stdout.write(graphml_text(_network(graph, kind)))
    except UnkgError as exc:
        raise _fail(exc)


@export_app.command("gexf")
def export_gexf(graph: GraphDir = Path("graph"),
                kind: NetworkKind = typer.Option(NetworkKind.entities, "--kind", "-k", help=_KIND_HELP),
                debug: Debug = False, quiet: Quiet = False) -> None:
    """The network as GEXF 1.3, for Gephi: one edge per kind, co-mentions undirected.

    Example: unkg export gexf > kg.gexf
    """
    from .network import gexf_text

    _logging(debug, quiet)
    try:
        sys.stdout.write(gexf_text(_network(graph, kind)))
    except UnkgError as exc:
        raise _fail(exc)


@app.command()
def evaluate(
    gold: Optional[Path] = typer.Option(None, "--gold", help="Gold annotations (JSON Lines in the facts format)."),
    silver: Optional[Path] = typer.Option(None, "--silver", help="Silver facts from the documents' own structure (../shared/silver/silver.jsonl)."),
    speeches: Optional[Path] = typer.Option(None, "--speeches", help="A speeches gold (tests/gold/speeches.jsonl): "
                                            "the meeting and speeches of meeting records."),
    acts: Optional[Path] = typer.Option(None, "--acts", help="An acts gold (tests/gold/acts.jsonl): the Council's acts, "
                                        "addressees, time terms, mandates and Chapter VII paragraphs."),
    docs: Optional[List[Path]] = typer.Option(None, "--docs", help="Folders holding the documents (default: seeds/ for gold, the docs/ beside the silver file)."),
    model: Model = None,
    errors: bool = typer.Option(False, "--errors", help="List every disagreement."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Build the documents of a gold (or silver) file and print how the graph agrees with it:
    P/R/F1 per entity type and relation (--gold); cites recall, dates, paragraph roles and acts
    (--silver); the speeches and meeting facts of meeting records (--speeches); the Council's
    acts, addressees, time terms and mandates (--acts).

    Example: unkg evaluate --gold ../shared/gold/dev.jsonl; unkg evaluate --speeches tests/gold/speeches.jsonl
    """
    import json

    _logging(debug, quiet)
    given = [(name, path) for name, path in (("gold", gold), ("silver", silver), ("speeches", speeches), ("acts", acts))
             if path is not None]
    if len(given) != 1:
        _err("give one of --gold FILE, --silver FILE, --speeches FILE or --acts FILE")
        raise typer.Exit(2)
    kind, path = given[0]
    try:
        from . import evaluate as ev_mod
        from .silver import evaluate_silver

        run_eval = {"gold": ev_mod.evaluate, "silver": evaluate_silver, "speeches": ev_mod.evaluate_speeches,
                    "acts": ev_mod.evaluate_acts}[kind]
        ev = run_eval(path, docs, model=model)
    except UnkgError as exc:
        raise _fail(exc)
    typer.echo(json.dumps(ev.as_dict(), indent=2) if as_json else ev.table())
    if errors:
        for e in ev.errors:
            if kind == "speeches":
                typer.echo(f"{e['doc']}\t{e['what']}\tgold: {e['gold']}\tfound: {e['found']}")
            else:
                typer.echo(f"{e['kind']}\t{e['doc']}\t{e['what']}\t{e['item']}")


class ViewKind(str, Enum):
    entities = "entities"
    citations = "citations"
    themes = "themes"
    debate = "debate"


class DebateBy(str, Enum):
    state = "state"
    speaker = "speaker"


@app.command()
def view(
    graph: GraphDir = Path("graph"),
    kind: ViewKind = typer.Option(ViewKind.entities, "--kind", "-k", help="entities, citations, themes or debate "
                                  "(who raised which themes in meeting records)."),
    meeting: Optional[List[str]] = typer.Option(None, "--meeting", "-m", help="With --kind debate: a meeting record's "
                                                "symbol, number or file (repeatable; default all)."),
    by: DebateBy = typer.Option(DebateBy.state, "--by", help="With --kind debate: the States and bodies spoken for, "
                                "or the speakers."),
    focus: Optional[str] = typer.Option(None, "--focus", help="Show the neighbourhood of one entity (id, label or acronym)."),
    depth: int = typer.Option(1, "--depth", min=1, max=5),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="HTML file to write (default: under the graph folder)."),
    top: Optional[int] = typer.Option(None, "--top", min=1, help="Open on this many of the most linked nodes (default 80)."),
    max_nodes: Optional[int] = typer.Option(None, "--max-nodes", min=1, help="Embed at most this many nodes, the most "
                                            f"linked (default {VIEW_MAX_NODES:,}; more make a larger, slower page)."),
    open_: bool = typer.Option(False, "--open", help="Open it in the browser."),
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Write an interactive HTML network view and print its path.

    Example: unkg view --focus CSTO --depth 2 --open

    Who raised which themes in one meeting: unkg view --kind debate --meeting S/PV.8699
    """
    from . import api

    _logging(debug, quiet)
    try:
        path = api.open(graph).view(kind.value, focus=focus, depth=depth, out=out, meetings=meeting, by=by.value, top=top,
                                         max_nodes=max_nodes)
    except UnkgError as exc:
        raise _fail(exc)
    typer.echo(str(path))
    if open_:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


def main() -> None:
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line, no traceback, unless --debug
        if _state["debug"] or "--debug" in sys.argv:
            raise
        _err(f"unexpected {exc.__class__.__name__}: {exc} (run again with --debug for the traceback)")
        sys.exit(1)
