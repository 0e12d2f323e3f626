"""registry: the entity types and relations of the graph, read from ``data/entity_types.tsv``
and ``data/relations.tsv``.

Everything that depends on the list of types reads it here: the dataclasses, IRIs, RDF, the
facts export, the views, evaluation, the ontology, the shapes and the vocabulary page. A new
entity type is a row in the table plus the data or rule that finds it; a new relation is a row
plus the rule that states it (``extract.relations``).

The constants below are the only place in the code that writes a type's name: rules say
``registry.STATE``, never the string.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: The document a relation is stated by, as subject or object (the facts format's ``$doc``).
DOC = "$doc"

STATE = "State"
ORGANIZATION = "Organization"
RESOLUTION = "Resolution"
DOCUMENT = "Document"
INSTRUMENT = "Instrument"
PERSON = "Person"
THEME = "Theme"

#: Cited by symbol: what the citation finder proposes.
CITED = (RESOLUTION, DOCUMENT)


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    path: str  # IRI segment: https://w3id.org/unkg/id/<path>/...
    id_rule: str  # slug | resolution | symbol | as-is
    match: str  # id | name: how evaluation matches it with gold
    names: bool  # the facts export gives label and aliases
    id_pattern: str
    color: str
    shape: str
    also: tuple[str, ...]  # other classes (CURIEs)
    comment: str


@dataclass(frozen=True)
class RelationType:
    name: str  # also the local name of its property unkg:<name>
    subject: tuple[str, ...]  # entity types, or ("$doc",)
    object: tuple[str, ...]  # entity types, or one datatype CURIE ("xsd:gYearMonth")
    super: tuple[str, ...]  # super-properties (CURIEs)
    domain: str  # rdfs:domain (CURIE), or empty
    spec: bool  # one of the facts format's relations (judged by evaluation)
    label: str
    comment: str

    @property
    def literal(self) -> bool:
        """Its object is a value (a datatype CURIE), not an entity."""
        return len(self.object) == 1 and ":" in self.object[0]


def _table(name: str) -> list[dict[str, str]]:
    text = (resources.files("unkg") / "data" / name).read_text(encoding="utf-8")
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(text.splitlines(), delimiter="\t")]


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


@lru_cache(maxsize=1)
def entity_types() -> dict[str, EntityType]:
    """The entity types, in the facts format's order."""
    out = {}
    for r in _table("entity_types.tsv"):
        out[r["name"]] = EntityType(r["name"], r["label"], r["path"], r["id_rule"], r["match"], r["names"] == "yes",
                                    r["id_pattern"], r["color"], r["shape"], _split(r["also"]), r["comment"])
    return out


@lru_cache(maxsize=1)
def relation_types() -> dict[str, RelationType]:
    return {r["name"]: RelationType(r["name"], _split(r["subject"]), _split(r["object"]), _split(r["super"]),
                                    r["domain"], r["spec"] == "yes", r["label"], r["comment"])
            for r in _table("relations.tsv")}


def type_names() -> tuple[str, ...]:
    return tuple(entity_types())


def entity_type(name: str) -> EntityType:
    return entity_types()[name]


def by_path(path: str) -> EntityType | None:
    return next((t for t in entity_types().values() if t.path == path), None)


def spec_relations() -> tuple[str, ...]:
    return tuple(r.name for r in relation_types().values() if r.spec)
