"""shapes: check a built graph against unkg's SHACL shapes with pyshacl.

The shapes are ``data/shapes.ttl`` plus those of the registry's entity types and relations
(``shapes_turtle``). They hold for the union of the named graphs: entity descriptions live in
graph/entities, the facts that use them in each document's graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import registry


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: int
    report: str  # pyshacl's text report


def _classes(types: tuple[str, ...]) -> str:
    """``sh:class`` of one type, or ``sh:or`` over several."""
    if len(types) == 1:
        return f"sh:class unkg:{types[0]}"
    return "sh:or ( " + " ".join(f"[ sh:class unkg:{t} ]" for t in types) + " )"


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def registry_shapes() -> str:
    """Shapes of the registry's types and relations, in Turtle with the prefixes of
    ``data/shapes.ttl``: every entity is of exactly one type, ids have their type's pattern,
    every relation links what the registry says it links."""
    types = registry.entity_types().values()
    out = ["", "# ---------------------------------------------------------------- from the registry", "",
           "shapes:Entity sh:xone ( " + " ".join(f"[ sh:class unkg:{t.name} ]" for t in types) + " ) ."]
    for t in types:
        out.append(f"shapes:{t.name} a sh:NodeShape ; sh:targetClass unkg:{t.name} .")
        if t.id_pattern:
            out.append(f"shapes:{t.name} sh:property [ sh:path dcterms:identifier ; sh:pattern {_string(t.id_pattern)} ] .")
    rels = registry.relation_types().values()
    out.append("shapes:Assertion sh:property [ sh:path rdf:predicate ; sh:minCount 1 ; sh:maxCount 1 ; sh:in ( "
               + " ".join(f"unkg:{r.name}" for r in rels) + " ) ] .")
    for r in rels:
        value = f"sh:datatype {r.object[0]}" if r.literal else _classes(r.object)
        for subject in r.subject:
            shape = "SourceDocument" if subject == registry.DOC else subject
            out.append(f"shapes:{shape} sh:property [ sh:path unkg:{r.name} ; {value} ] .")
    return "\n".join(out) + "\n"


def shapes_turtle() -> str:
    return (resources.files("unkg") / "data" / "shapes.ttl").read_text(encoding="utf-8") + registry_shapes()


def shapes_graph():
    import rdflib

    return rdflib.Graph().parse(data=shapes_turtle(), format="turtle")


def validate_store(store) -> Validation:
    from .store import rdflib_graph

    return validate_graph(rdflib_graph(store))


def validate_graph(graph) -> Validation:
    import pyshacl
    from rdflib.namespace import RDF, SH

    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes_graph(), inference="none",
                                               advanced=False, allow_warnings=True)
    violations = len(set(results.subjects(RDF.type, SH.ValidationResult)))
    return Validation(bool(conforms), violations, text)


def validate(graph_dir: str | Path) -> Validation:
    from .store import open_read_only

    return validate_store(open_read_only(Path(graph_dir)))
