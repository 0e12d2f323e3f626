"""unkg: knowledge graphs of United Nations Security Council documents.

The Python API that the CLI and the notebooks share::

    import unkg
    report = unkg.build(["seeds"], out="graph")       # ingest -> nlp -> extract -> rdf -> store
    kg = unkg.open("graph")                           # the built graph, read-only
    unkg.queries()                                    # the library of named queries
    kg.query("documents")                             # a named query, or SPARQL text
    kg.query("org_documents", org="CSTO")             # parameters are bound, never pasted
    kg.facts()                                        # the facts export (spec/facts-format.md)
    kg.to_networkx()                                  # entities and their links as networkx
    kg.view()                                         # graph/network.html
    kg.show(focus="CSTO", depth=2)                    # the same, inline in a notebook

Heavy imports (spaCy, pyvis) happen inside the functions that need them, so that opening and
querying a graph starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import KnowledgeGraph, build, open, queries  # noqa: E402,F401  (shadowing open() is deliberate: unkg.open)

__all__ = ["build", "open", "queries", "KnowledgeGraph", "__version__"]
