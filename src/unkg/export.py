"""export: the facts format of spec/facts-format.md, read back from the built graph with SPARQL,
so that what the export reports is exactly what a SPARQL user can find."""

from __future__ import annotations

import json
from collections import defaultdict

from . import registry
from .registry import DOC
from .store import Literal
from .vocab import ID, type_of

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


def facts(store) -> list[dict]:
    """One dict per document, sorted by file name, in the facts format."""
    from .query import run

    types = registry.entity_types()
    docs: dict[str, dict] = {}
    ents: dict[str, dict[str, dict]] = defaultdict(dict)
    ids: dict[str, str] = {}
    for row in run(store, _ENTITIES).rows:
        file, e, id_, label, alias = (t.value if t is not None else None for t in row)
        docs.setdefault(file, {"doc": file})
        type_ = type_of(e)
        if type_ is None:
            continue
        ids[e] = id_
        item = ents[file].setdefault(e, {"type": type_, "id": id_, "iri": e})
        names = types[type_].names
        if label and label != id_ and names:
            item["label"] = label
        if alias and names:
            item.setdefault("aliases", set()).add(alias)
    rels: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in run(store, _RELATIONS).rows:
        file, s, p, o = row
        file = file.value
        pred = p.value.rsplit("#", 1)[-1]
        subj = DOC if s.value.startswith(ID + "source/") else ids.get(s.value, s.value)
        obj = o.value if isinstance(o, Literal) else (DOC if o.value.startswith(ID + "source/") else ids.get(o.value, o.value))
        rels[file].add((subj, pred, obj))
    order = {t: i for i, t in enumerate(types)}
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


def facts_jsonl(store) -> str:
    return "".join(json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n" for d in facts(store))
