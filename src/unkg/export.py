"""export: the facts format of spec/facts-format.md, read back from the built graph with SPARQL,
so that what the export reports is exactly what a SPARQL user can find."""

from __future__ import annotations

import json
from collections import defaultdict

import pyoxigraph as ox

from .vocab import ID, PATH_TYPE

_ENTITIES = """
SELECT ?file ?e ?id ?label ?alias WHERE {
  ?src a unkg:SourceDocument ; unkg:fileName ?file ; unkg:mentions ?e .
  ?e dcterms:identifier ?id .
  OPTIONAL { ?e skos:prefLabel ?label }
  OPTIONAL { ?e skos:altLabel ?alias }
}"""

_RELATIONS = """
SELECT ?file ?s ?p ?o WHERE {
  ?src a unkg:SourceDocument ; unkg:fileName ?file .
  ?f a unkg:Assertion ; unkg:inDocument ?src ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
}"""


def _type_of(iri: str) -> str | None:
    if not iri.startswith(ID):
        return None
    return PATH_TYPE.get(iri[len(ID):].split("/", 1)[0])


def facts(store: ox.Store) -> list[dict]:
    """One dict per document, sorted by file name, in the facts format."""
    from .query import run

    docs: dict[str, dict] = {}
    ents: dict[str, dict[str, dict]] = defaultdict(dict)
    ids: dict[str, str] = {}
    for row in run(store, _ENTITIES).rows:
        file, e, id_, label, alias = (t.value if t is not None else None for t in row)
        docs.setdefault(file, {"doc": file})
        type_ = _type_of(e)
        if type_ is None:
            continue
        ids[e] = id_
        item = ents[file].setdefault(e, {"type": type_, "id": id_, "iri": e})
        if label and label != id_ and type_ not in ("Resolution", "Document", "Theme"):
            item["label"] = label
        if alias and type_ not in ("Resolution", "Document", "Theme"):
            item.setdefault("aliases", set()).add(alias)
    rels: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in run(store, _RELATIONS).rows:
        file, s, p, o = row
        file = file.value
        pred = p.value.rsplit("#", 1)[-1]
        subj = "$doc" if s.value.startswith(ID + "source/") else ids.get(s.value, s.value)
        obj = o.value if isinstance(o, ox.Literal) else ("$doc" if o.value.startswith(ID + "source/") else ids.get(o.value, o.value))
        rels[file].add((subj, pred, obj))
    order = {"State": 0, "Organization": 1, "Resolution": 2, "Document": 3, "Instrument": 4, "Person": 5, "Theme": 6}
    out = []
    for file in sorted(docs):
        entities = []
        for item in sorted(ents[file].values(), key=lambda d: (order[d["type"]], d["id"])):
            if "aliases" in item:
                item["aliases"] = sorted(item["aliases"])
            entities.append(item)
        relations = [{"subject": s, "predicate": p, "object": o} for s, p, o in sorted(rels[file])]
        out.append({"doc": file, "entities": entities, "relations": relations})
    return out


def facts_jsonl(store: ox.Store) -> str:
    return "".join(json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n" for d in facts(store))
