"""One error hierarchy and one catalogue of messages.

The exceptions say which part failed; the messages (``Errors``, ``Warnings``) say what went
wrong and what to do next. The CLI prints a message on one line and chooses the exit status;
the Python API raises the exception. Messages are ``str.format`` templates.
"""

from __future__ import annotations


class Errors:
    # ---------------------------------------------------------------- inputs (one file each)
    no_such_input = "no such file or folder"
    empty_folder = "folder holds no .txt, .md, .pdf or .html documents"
    not_a_file = "not a regular file"
    file_too_large = "too large ({mb} MB > {limit} MB)"
    text_too_large = ("too large: {chars:,} characters of text, above the limit of {limit:,} "
                      "(raise it with {env}=<millions of characters>, or split the file)")
    empty_document = "empty document (no text)"
    binary_file = "binary file, not text (contains NUL bytes)"
    image_file = "an image, not a text document"
    invalid_text = "invalid {encoding} text ({reason})"
    encrypted_pdf = "encrypted PDF: decrypt it first (e.g. qpdf --decrypt)"
    unreadable_pdf = "unreadable PDF ({kind}: {detail})"
    permission_denied = "permission denied"
    symlink_loop = "symbolic link loop (too many levels of symbolic links)"
    broken_symlink = "broken symbolic link (its target does not exist)"
    same_file_name = "another input has the same file name {name!r} ({other}); rename one"
    out_of_memory = "out of memory while processing it; split the document"
    bug = "could not be processed ({kind}: {detail}); this is a bug in unkg, please report it"
    build_locked = ("{out}: another build is writing into this folder ({holder}); wait for it to finish, "
                    "or build into another --out")
    # ---------------------------------------------------------------- clusters
    no_dask = "--scheduler needs Dask's distributed: pip install 'unkg[cluster]'"
    no_scheduler = "cannot connect to the Dask scheduler at {scheduler} ({reason}); is `dask scheduler` running there?"
    no_workers = "the Dask scheduler at {scheduler} has no workers: start some with `dask worker {scheduler}`"
    other_pipeline = ("Dask workers {workers} of {scheduler} run another unkg, spaCy or model than this machine "
                      "(their pipeline fingerprint differs): install the same versions there")
    cluster_failed = "could not be processed on the cluster ({kind}: {detail})"
    # ---------------------------------------------------------------- model
    model_not_installed = "spaCy model {model!r} is not installed: pip install it, or omit --model"
    # ---------------------------------------------------------------- graph and queries
    no_graph = "no built graph in {path}: run `unkg build` first (or pass --graph DIR)"
    no_query_folder = "{path}: no such folder of queries (from --queries or UNKG_QUERIES)"
    no_query_file = "{query}: no such query file"
    no_named_query = "{query}: no such named query (try `unkg query --list`; known: {names})"
    unknown_parameters = "{query}: takes no parameter {names} (its parameters: {takes})"
    missing_parameters = "{query}: needs {names}: give {example}"
    unused_parameters = "parameter{s} {names} not used in any {{ ... }} group of the query"
    update_not_allowed = "this is a SPARQL Update; queries are read-only unless you pass --update"
    syntax_error = "SPARQL syntax error: {detail}"
    query_failed = "query failed: {detail}"
    # ---------------------------------------------------------------- views
    no_focus = "--focus {focus!r}: no entity with that id, label or acronym in the graph"
    no_meeting = "--meeting {meeting!r}: no meeting record with that symbol, number or file name in the graph (see `unkg query meeting_outcomes`)"
    # ---------------------------------------------------------------- evaluation
    no_gold_file = "{path}: no such gold file"
    gold_not_json = "{path}:{line}: not JSON ({detail})"
    gold_no_doc = "{path}:{line}: no 'doc' key"
    gold_documents_missing = "gold documents not found in {dirs}: {names}"
    # ---------------------------------------------------------------- servers
    http_error = "{url}: HTTP {code} {reason}{detail}"
    cannot_connect = "{url}: cannot connect ({reason})"
    not_sparql_results = "{url}: the answer is not SPARQL JSON results ({detail})"
    no_oxigraph = "the oxigraph server is not installed: pip install oxigraph (it comes with unkg)"


class Warnings:
    no_model = ("no trained English model installed (tried {models}): running on rule components only; "
                "persons and unlisted organizations will be missed. Install one with `make install`.")
    bad_text_limit = "{env}={value!r} is not a positive number of millions of characters: using the default, {default:g}"
    not_utf8 = "{path}: not valid UTF-8, read as cp1252"
    bad_cache_entry = "{path}: the build cache entry of {name} is unreadable ({reason}); analysing the file again"
    unsupported_files = "skipped {n} file{s} of unsupported types ({suffixes}): {names}"


class UnkgError(Exception):
    """Base class of every error unkg raises on purpose."""


class InputError(UnkgError):
    """A source document cannot be read. Carries the file so that batch builds can go on."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # it crosses from worker processes (a pool's, a Dask cluster's)
        return (type(self), (self.path, self.reason), self.__dict__)


class GraphNotFound(UnkgError):
    def __init__(self, path: str):
        super().__init__(Errors.no_graph.format(path=path))


class QueryError(UnkgError):
    """A SPARQL query is malformed, not found, or not allowed (an update without --update)."""


class BuildLocked(UnkgError):
    """Another build is writing into the same output folder."""


class ClusterError(UnkgError):
    """A Dask cluster cannot be used for a build."""


class ModelNotFound(UnkgError):
    pass


class GoldError(UnkgError):
    pass


class ViewError(UnkgError):
    pass


class EndpointError(UnkgError):
    """A SPARQL server refused, failed or could not be reached."""
