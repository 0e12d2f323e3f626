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


_ACTS = """
SELECT ?file ?index ?number ?role ?notation ?text ?main ?who ?whoId ?deadline ?within ?every WHERE {
  ?a a unkg:Act ; unkg:inDocument ?src ; unkg:index ?index ; unkg:inParagraph ?p ; unkg:actText ?text ;
     unkg:opensParagraph ?main .
  ?src unkg:fileName ?file . ?p unkg:role ?role .
  OPTIONAL { ?p unkg:number ?number } OPTIONAL { ?a unkg:act/skos:notation ?notation }
  OPTIONAL { ?a unkg:addressee ?who . ?who dcterms:identifier ?whoId }
  OPTIONAL { ?a unkg:deadline ?deadline } OPTIONAL { ?a unkg:within ?within } OPTIONAL { ?a unkg:every ?every }
}"""

_MANDATES = """
SELECT ?file ?index ?number ?event ?bodyId ?bodyName ?until ?period WHERE {
  ?m a unkg:MandateEvent ; unkg:inDocument ?src ; unkg:index ?index ; unkg:inParagraph ?p ; unkg:event ?event .
  ?src unkg:fileName ?file .
  OPTIONAL { ?p unkg:number ?number } OPTIONAL { ?m unkg:mandateOf/dcterms:identifier ?bodyId }
  OPTIONAL { ?m unkg:mandateOfBody ?bodyName } OPTIONAL { ?m unkg:until ?until } OPTIONAL { ?m unkg:period ?period }
}"""

_CHAPTER7 = """
SELECT ?file ?index ?number WHERE {
  ?src a unkg:SourceDocument ; unkg:fileName ?file ; unkg:underChapterVII true .
  OPTIONAL { ?p unkg:inDocument ?src ; unkg:underChapterVII true ; unkg:index ?index OPTIONAL { ?p unkg:number ?number } }
}"""


def _v(t):
    return None if t is None else t.value


def council(store) -> dict[str, dict]:
    """Per document, what the Council does in it: its acts in order (with addressees and time
    terms), its mandate events, and the paragraphs Chapter VII governs."""
    from . import refdata
    from .query import run

    asking = {r["notation"] for r in refdata.rows("acts.tsv") if r["asks"] == "yes"}
    out: dict[str, dict] = defaultdict(lambda: {"chapter7": False, "chapter7_paragraphs": [], "acts": [], "mandates": []})
    for row in sorted(run(store, _ACTS).rows, key=lambda r: (r[0].value, int(r[1].value))):
        file, _, number, role, note, text, main, who, who_id, deadline, within, every = map(_v, row)
        kind = type_of(who) if who else None
        out[file]["acts"].append({
            "paragraph": number, "role": role, "act": note, "text": text, "opens": main == "true",
            "operative": role == "operative", "asks": note in asking,
            "addressee": {"type": kind or "Group", "id": who_id} if who else None,
            "deadline": deadline, "within": within, "every": every})
    for row in sorted(run(store, _MANDATES).rows, key=lambda r: (r[0].value, int(r[1].value))):
        file, _, number, event, body_id, body_name, until, period = map(_v, row)
        out[file]["mandates"].append({"paragraph": number, "body": body_id or body_name, "event": event,
                                      "until": until, "period": period})
    for row in sorted(run(store, _CHAPTER7).rows, key=lambda r: (r[0].value, int(r[1].value) if r[1] is not None else -1)):
        file, _, number = map(_v, row)
        out[file]["chapter7"] = True
        if number:
            out[file]["chapter7_paragraphs"].append(number)
    return dict(out)


def facts(store) -> list[dict]:
    """One dict per document, sorted by file name, in the facts format."""
    from .query import run

    types = registry.entity_types()
    acts = council(store)
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
        if file in acts:
            out[-1]["council"] = acts[file]
    return out


def facts_jsonl(store) -> str:
    return "".join(json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n" for d in facts(store))
