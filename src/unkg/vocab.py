"""Vocabulary terms as closed namespaces, and every IRI unkg mints.

``UNKG`` is generated from the ontology (``data/ontology.ttl`` plus the classes and properties
of the registry's entity types and relations): ``UNKG.cites`` is a NamedNode, and a term that
the ontology does not define raises AttributeError instead of minting a wrong IRI.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from . import registry
from .names import person_key
from .refdata import PACKAGE_DATA
from .store import NamedNode, parse_turtle

BASE = "https://w3id.org/unkg/"
ONTOLOGY = BASE + "ontology#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

PREFIXES = {
    "unkg": ONTOLOGY,
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "cito": "http://purl.org/spar/cito/",
}


class ClosedNamespace:
    def __init__(self, base: str, terms: set[str]):
        self._base = base
        self._terms = frozenset(terms)

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of {self._base}")
        node = self.__dict__[name] = NamedNode(self._base + name)  # found without __getattr__ next time
        return node

    def __contains__(self, name: str) -> bool:
        return name in self._terms


@lru_cache(maxsize=1)
def _ontology_terms() -> set[str]:
    terms = {*registry.type_names(), *registry.relation_types()}
    for q in parse_turtle(PACKAGE_DATA / "ontology.ttl"):
        if q.subject.value.startswith(ONTOLOGY):
            terms.add(q.subject.value[len(ONTOLOGY):])
    return terms


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def registry_turtle() -> str:
    """The ontology's classes of entity types and properties of relations, from the registry,
    in Turtle (to be read after ``data/ontology.ttl``, whose prefixes it uses)."""
    out = ["", "# ---------------------------------------------------------------- from the registry", ""]
    for t in registry.entity_types().values():
        supers = ", ".join(["unkg:Entity", *t.also])
        out.append(f"unkg:{t.name} a owl:Class ; rdfs:subClassOf {supers} ;\n    rdfs:label {_literal(t.label)} ;\n"
                   f"    rdfs:comment {_literal(t.comment)} .")
    for r in registry.relation_types().values():
        kind = "owl:DatatypeProperty" if r.literal else "owl:ObjectProperty"
        lines = [f"unkg:{r.name} a {kind}"]
        if r.super:
            lines.append(f"rdfs:subPropertyOf {', '.join(r.super)}")
        if r.domain:
            lines.append(f"rdfs:domain {r.domain}")
        if r.literal:
            lines.append(f"rdfs:range {r.object[0]}")
        elif len(r.object) == 1:
            lines.append(f"rdfs:range unkg:{r.object[0]}")
        lines += [f"rdfs:label {_literal(r.label)}", f"rdfs:comment {_literal(r.comment)}"]
        out.append(" ;\n    ".join(lines) + " .")
    return "\n".join(out) + "\n"


def ontology_turtle() -> str:
    """The whole ontology: ``data/ontology.ttl`` and the registry's part."""
    return (PACKAGE_DATA / "ontology.ttl").read_text(encoding="utf-8") + registry_turtle()


UNKG = ClosedNamespace(ONTOLOGY, _ontology_terms())
RDF = ClosedNamespace(PREFIXES["rdf"], {"type", "subject", "predicate", "object"})
XSD = ClosedNamespace(PREFIXES["xsd"], {"integer", "date", "gYearMonth", "gYear", "boolean"})
RDFS = ClosedNamespace(PREFIXES["rdfs"], {"label"})
SKOS = ClosedNamespace(PREFIXES["skos"], {"Concept", "ConceptScheme", "prefLabel", "altLabel", "inScheme",
                                          "scopeNote", "notation", "hasTopConcept", "broader"})
DCTERMS = ClosedNamespace(PREFIXES["dcterms"], {"title", "date", "identifier", "source"})
PROV = ClosedNamespace(PREFIXES["prov"], {"wasDerivedFrom", "Entity"})
OA = ClosedNamespace(PREFIXES["oa"], {"hasBody"})
OWL = ClosedNamespace(PREFIXES["owl"], {"sameAs"})

TYPE_CLASS = {t: getattr(UNKG, t) for t in registry.type_names()}
PATH_TYPE = {t.path: t.name for t in registry.entity_types().values()}


def slug(text: str) -> str:
    """A readable, stable IRI segment: ASCII, hyphens, no spaces ("Al-Qaida", "1267-Committee")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9.]+", "-", folded).strip("-")
    return s or quote(text, safe="")


def _resolution_segment(id_: str) -> str:
    m = re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", id_)
    return m[1] if m else slug(id_)


_SEGMENT = {
    "slug": slug,
    "resolution": _resolution_segment,
    "symbol": lambda id_: quote(id_.replace("/", "_").replace(" ", ""), safe="-._()~"),
    "as-is": lambda id_: id_,
    "person": lambda id_: slug(person_key(id_)),
}


def entity_iri(type_: str, id_: str) -> NamedNode:
    t = registry.entity_type(type_)
    return NamedNode(f"{ID}{t.path}/{_SEGMENT[t.id_rule](id_)}")


def type_of(iri: str) -> str | None:
    """The entity type of an entity IRI (None for other IRIs)."""
    if not iri.startswith(ID):
        return None
    return PATH_TYPE.get(iri[len(ID):].split("/", 1)[0])


#: How entity IRIs look, for documentation.
ENTITY_PATH_PATTERN = ID + "{" + "|".join(t.path for t in registry.entity_types().values()) + "}/..."


#: Graph IRIs of the shared graphs, which no document graph may take.
_SHARED_GRAPHS = ("entities", "themes")


def file_segment(file_name: str) -> str:
    """The IRI segment of a document: its file name percent-encoded (letters, digits and
    ``-._~`` kept), so that two file names never share it ("a b.txt" is ``a%20b.txt``,
    "a-b.txt" stays ``a-b.txt``). A name equal to a shared graph's has its first letter
    encoded too ("themes" is ``%74hemes``), so a document graph never is a shared graph."""
    seg = quote(file_name, safe="-._~")
    if seg in _SHARED_GRAPHS:
        seg = f"%{ord(seg[0]):02X}{seg[1:]}"
    return seg


def source_iri(file_name: str) -> NamedNode:
    return NamedNode(f"{ID}source/{file_segment(file_name)}")


def graph_iri(file_name: str) -> NamedNode:
    return NamedNode(f"{GRAPH}{file_segment(file_name)}")


def act_iri(notation: str) -> NamedNode:
    """A concept of the scheme of Council acts: ``id/act/call-upon``."""
    return NamedNode(f"{ID}act/{slug(notation)}")


def group_iri(group: str) -> NamedNode:
    """A group that is not an entity, one the Council asks to act or a speech is made for:
    ``id/group/member-states``, ``id/group/african-members-of-the-security-council``."""
    return NamedNode(f"{ID}group/{slug(group.lower())}")


THEMES_GRAPH = NamedNode(GRAPH + "themes")
#: The schemes of Council acts and of the groups it addresses
ACTS_GRAPH = NamedNode(GRAPH + "acts")
#: Descriptions (type, labels, identifiers) of every entity some document names: shared by all
#: documents, so each description is stated once and SPARQL joins over labels stay small.
ENTITIES_GRAPH = NamedNode(GRAPH + "entities")
SCHEME = UNKG.themeScheme
ACT_SCHEME = UNKG.actScheme
GROUP_SCHEME = UNKG.addresseeGroupScheme


def part_iri(source: NamedNode, kind: str, n: int) -> NamedNode:
    return NamedNode(f"{source.value}/{kind}/{n}")


def mention_iri(source: NamedNode, start: int, end: int) -> NamedNode:
    """A mention is the characters it covers, named as RFC 5147 names a span of a plain-text file
    (``.../source/S-RES-2482-2019.txt#char=120,135``), as NIF names its strings: the IRI gives the
    document and the offsets, so no quad has to."""
    return NamedNode(f"{source.value}#char={start},{end}")


def meeting_iri(number: int) -> NamedNode:
    """A meeting of the Security Council, by its number: the same IRI in every document that
    states it, so that SPARQL joins a record, its resumptions and what others say of it."""
    return NamedNode(f"{ID}meeting/{int(number)}")


