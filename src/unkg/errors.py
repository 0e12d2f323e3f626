"""One error hierarchy. Messages say what went wrong and what to do next; the CLI prints
them on one line and chooses the exit status."""

from __future__ import annotations


class UnkgError(Exception):
    """Base class of every error unkg raises on purpose."""


class InputError(UnkgError):
    """A source document cannot be read. Carries the file so that batch builds can go on."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class GraphNotFound(UnkgError):
    def __init__(self, path: str):
        super().__init__(f"no built graph in {path}: run `unkg build` first (or pass --graph DIR)")


class QueryError(UnkgError):
    """A SPARQL query is malformed, not found, or not allowed (an update without --update)."""


class ModelNotFound(UnkgError):
    pass


class GoldError(UnkgError):
    pass
