"""shapes: check a built graph against unkg's SHACL shapes (data/shapes.ttl) with pyshacl.

The shapes hold for the union of the named graphs: entity descriptions live in graph/entities,
the facts that use them in each document's graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: int
    report: str  # pyshacl's text report


def shapes_graph():
    import rdflib

    data = (resources.files("unkg") / "data" / "shapes.ttl").read_text(encoding="utf-8")
    return rdflib.Graph().parse(data=data, format="turtle")


def _rdflib_term(t):
    import rdflib

    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if t.language:
        return rdflib.Literal(t.value, lang=t.language)
    if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(t.value)  # RDF 1.1: the same literal; rdflib tells them apart
    # keep the lexical form: SHACL datatype checks must see what the graph says
    return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value), normalize=False)


def union_graph(store: ox.Store):
    """The union of the store's graphs as an rdflib Graph, converted term by term (several
    times faster than parsing a Turtle export of it)."""
    import rdflib

    g = rdflib.Graph()
    cache: dict = {}

    def conv(t):
        r = cache.get(t)
        if r is None:
            r = cache[t] = _rdflib_term(t)
        return r

    g.addN((conv(q.subject), conv(q.predicate), conv(q.object), g) for q in store)
    return g


def validate_store(store: ox.Store) -> Validation:
    return validate_graph(union_graph(store))


def validate_graph(graph) -> Validation:
    import pyshacl

    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes_graph(), inference="none",
                                               advanced=False, allow_warnings=True)
    from rdflib.namespace import SH, RDF

    violations = len(set(results.subjects(RDF.type, SH.ValidationResult)))
    return Validation(bool(conforms), violations, text)


def validate(graph_dir: str | Path) -> Validation:
    from .store import open_read_only

    return validate_store(open_read_only(Path(graph_dir)))
