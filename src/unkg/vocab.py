"""Vocabulary terms as closed namespaces, and every IRI unkg mints.

``UNKG`` is generated from ``data/ontology.ttl``: ``UNKG.cites`` is a NamedNode, and a term that
the ontology does not define raises AttributeError instead of minting a wrong IRI.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

import pyoxigraph as ox

from .refdata import PACKAGE_DATA

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

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of {self._base}")
        return ox.NamedNode(self._base + name)

    def __contains__(self, name: str) -> bool:
        return name in self._terms


@lru_cache(maxsize=1)
def _ontology_terms() -> set[str]:
    terms = set()
    for q in ox.parse(path=str(PACKAGE_DATA / "ontology.ttl"), format=ox.RdfFormat.TURTLE):
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ONTOLOGY):
            terms.add(q.subject.value[len(ONTOLOGY):])
    return terms


UNKG = ClosedNamespace(ONTOLOGY, _ontology_terms())
RDF = ClosedNamespace(PREFIXES["rdf"], {"type", "subject", "predicate", "object", "Statement"})
RDFS = ClosedNamespace(PREFIXES["rdfs"], {"label", "comment"})
XSD = ClosedNamespace(PREFIXES["xsd"], {"integer", "date", "gYearMonth", "boolean", "string"})
SKOS = ClosedNamespace(PREFIXES["skos"], {"Concept", "ConceptScheme", "prefLabel", "altLabel", "inScheme",
                                          "scopeNote", "notation", "hasTopConcept", "exactMatch", "closeMatch"})
DCTERMS = ClosedNamespace(PREFIXES["dcterms"], {"title", "date", "identifier", "isPartOf", "references", "source"})
PROV = ClosedNamespace(PREFIXES["prov"], {"wasDerivedFrom", "Entity"})
OA = ClosedNamespace(PREFIXES["oa"], {"Annotation", "hasBody", "hasTarget", "hasSource", "hasSelector",
                                      "SpecificResource", "TextPositionSelector", "TextQuoteSelector",
                                      "start", "end", "exact", "motivatedBy", "identifying"})
OWL = ClosedNamespace(PREFIXES["owl"], {"sameAs"})

TYPE_CLASS = {t: getattr(UNKG, t) for t in ("State", "Organization", "Resolution", "Document", "Instrument", "Person", "Theme")}
_TYPE_PATH = {"State": "state", "Organization": "org", "Resolution": "resolution", "Document": "document",
              "Instrument": "instrument", "Person": "person", "Theme": "theme"}
PATH_TYPE = {v: k for k, v in _TYPE_PATH.items()}


def slug(text: str) -> str:
    """A readable, stable IRI segment: ASCII, hyphens, no spaces ("Al-Qaida", "1267-Committee")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9.]+", "-", folded).strip("-")
    return s or quote(text, safe="")


def entity_iri(type_: str, id_: str) -> ox.NamedNode:
    if type_ == "Resolution":
        m = re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", id_)
        seg = m[1] if m else slug(id_)
    elif type_ == "Document":
        seg = quote(id_.replace("/", "_").replace(" ", ""), safe="-._()~")
    elif type_ == "Theme":
        seg = id_
    else:
        seg = slug(id_)
    return ox.NamedNode(f"{ID}{_TYPE_PATH[type_]}/{seg}")


def source_iri(file_name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}source/{slug(file_name)}")


def graph_iri(file_name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{GRAPH}{slug(file_name)}")


THEMES_GRAPH = ox.NamedNode(GRAPH + "themes")
#: Descriptions (type, labels, identifiers) of every entity some document names: shared by all
#: documents, so each description is stated once and SPARQL joins over labels stay small.
ENTITIES_GRAPH = ox.NamedNode(GRAPH + "entities")
SCHEME = UNKG.themeScheme


def part_iri(source: ox.NamedNode, kind: str, n: int) -> ox.NamedNode:
    return ox.NamedNode(f"{source.value}/{kind}/{n}")
