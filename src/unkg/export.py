"""export: the facts format of spec/facts-format.md, read back from the built graph with SPARQL,
so that what the export reports is exactly what a SPARQL user can find.

One line per document (also for a document in which nothing was found), read one named graph
at a time: the export of a corpus holds one document's facts in memory, not the corpus's.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Iterator

from . import registry
from .model import GROUP
from .registry import DOC
from .store import Literal
from .vocab import ID, type_of

_DOCUMENTS = """
SELECT ?g ?file WHERE { GRAPH ?g { ?src a unkg:SourceDocument ; unkg:fileName ?file } }"""

#: The identifier of every entity some document names (relations name entities by IRI).
_IDS = """
SELECT DISTINCT ?e ?id WHERE { ?src unkg:mentions ?e . ?e dcterms:identifier ?id }"""

_ENTITIES = """
SELECT ?e ?id ?label ?alias WHERE {
  GRAPH <%s> { ?src a unkg:SourceDocument ; unkg:mentions ?e }
  ?e dcterms:identifier ?id .
  OPTIONAL { ?e skos:prefLabel ?label }
  OPTIONAL { ?e skos:altLabel ?alias }
}"""

_RELATIONS = """
SELECT ?s ?p ?o WHERE { GRAPH <%s> {
  ?src a unkg:SourceDocument .
  ?f a unkg:Assertion ; unkg:inDocument ?src ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
} }"""


_ACTS = """
SELECT ?file ?a ?number ?role ?notation ?text ?main ?who ?whoId ?deadline ?within ?every WHERE {
  ?a a unkg:Act ; unkg:inDocument ?src ; unkg:inParagraph ?p ; unkg:actText ?text ;
     unkg:opensParagraph ?main .
  ?src unkg:fileName ?file . ?p unkg:role ?role .
  OPTIONAL { ?p unkg:number ?number } OPTIONAL { ?a unkg:act/skos:notation ?notation }
  OPTIONAL { ?a unkg:addressee ?who . ?who dcterms:identifier ?whoId }
  OPTIONAL { ?a unkg:deadline ?deadline } OPTIONAL { ?a unkg:within ?within } OPTIONAL { ?a unkg:every ?every }
}"""

_MANDATES = """
SELECT ?file ?m ?number ?event ?bodyId ?bodyName ?until ?period WHERE {
  ?m a unkg:MandateEvent ; unkg:inDocument ?src ; unkg:inParagraph ?p ; unkg:event ?event .
  ?src unkg:fileName ?file .
  OPTIONAL { ?p unkg:number ?number } OPTIONAL { ?m unkg:mandateOf/dcterms:identifier ?bodyId }
  OPTIONAL { ?m unkg:mandateOfBody ?bodyName } OPTIONAL { ?m unkg:until ?until } OPTIONAL { ?m unkg:period ?period }
}"""

_CHAPTER7 = """
SELECT ?file ?p ?number WHERE {
  ?src a unkg:SourceDocument ; unkg:fileName ?file ; unkg:underChapterVII true .
  OPTIONAL { ?p unkg:inDocument ?src ; unkg:underChapterVII true OPTIONAL { ?p unkg:number ?number } }
}"""

_MEETINGS = """
SELECT ?file ?number ?date ?time ?agenda ?state WHERE {
  GRAPH ?g { ?src unkg:fileName ?file ; unkg:recordOf ?m . ?m unkg:meetingNumber ?number .
    OPTIONAL { ?m dcterms:date ?date } OPTIONAL { ?m unkg:time ?time } OPTIONAL { ?m unkg:agenda ?agenda } }
  OPTIONAL { GRAPH ?g { ?m unkg:presidingState ?s } ?s dcterms:identifier ?state }
}"""

_MEETING_LISTS = """
SELECT ?file ?what ?id ?label WHERE {
  GRAPH ?g { ?src unkg:fileName ?file ; unkg:recordOf ?m .
    { ?m unkg:councilMember ?e BIND ("members" AS ?what) } UNION { ?m unkg:considers ?e BIND ("documents" AS ?what) } }
  ?e dcterms:identifier ?id . OPTIONAL { ?e skos:prefLabel ?label }
}"""

_OUTCOMES = """
SELECT ?file ?o ?start ?act ?kind ?decision ?draft ?how ?state WHERE {
  GRAPH ?g { ?src unkg:fileName ?file ; unkg:recordOf ?m . ?m unkg:outcome ?o .
    ?o unkg:start ?start ; unkg:outcomeDocument ?a ; unkg:outcomeKind ?kind ; unkg:decision ?decision . }
  ?a dcterms:identifier ?act .
  OPTIONAL { GRAPH ?g { ?o unkg:draft ?d } ?d dcterms:identifier ?draft }
  OPTIONAL { GRAPH ?g { ?o ?p ?s } ?s dcterms:identifier ?state .
             VALUES (?p ?how) { (unkg:inFavour "in_favour") (unkg:against "against") (unkg:abstaining "abstaining") } }
}"""

_SPEECHES = """
SELECT ?file ?order ?heading ?role ?start ?end ?speaker ?for ?forId ?state ?language ?capacity WHERE {
  GRAPH ?g { ?sp a unkg:Speech ; unkg:inDocument ?src ; unkg:order ?order ; unkg:heading ?heading ;
      unkg:speakerRole ?role ; unkg:start ?start ; unkg:end ?end .
    ?src unkg:fileName ?file .
    OPTIONAL { ?sp unkg:language ?language } OPTIONAL { ?sp unkg:capacity ?capacity } }
  OPTIONAL { GRAPH ?g { ?sp unkg:speaker ?p } ?p dcterms:identifier ?speaker }
  OPTIONAL { GRAPH ?g { ?sp unkg:speaksFor ?for } ?for dcterms:identifier ?forId }
  OPTIONAL { GRAPH ?g { ?sp unkg:delegation ?d } ?d dcterms:identifier ?state }
}"""


def _v(t):
    return None if t is None else t.value


def _position(part) -> int:
    """A paragraph's, act's or mandate event's position in its document: its IRI's last step
    (``.../act/3``), the order the document gives them in."""
    return -1 if part is None else int(part.value.rsplit("/", 1)[1])


def council(store) -> dict[str, dict]:
    """Per document, what the Council does in it: its acts in order (with addressees and time
    terms), its mandate events, and the paragraphs Chapter VII governs."""
    from . import refdata
    from .query import run

    asking = {r["notation"] for r in refdata.rows("acts.tsv") if r["asks"] == "yes"}
    out: dict[str, dict] = defaultdict(lambda: {"chapter7": False, "chapter7_paragraphs": [], "acts": [], "mandates": []})
    for row in sorted(run(store, _ACTS).rows, key=lambda r: (r[0].value, _position(r[1]))):
        file, _, number, role, note, text, main, who, who_id, deadline, within, every = map(_v, row)
        kind = type_of(who) if who else None
        out[file]["acts"].append({
            "paragraph": number, "role": role, "act": note, "text": text, "opens": main == "true",
            "operative": role == "operative", "asks": note in asking,
            "addressee": {"type": kind or GROUP, "id": who_id} if who else None,
            "deadline": deadline, "within": within, "every": every})
    for row in sorted(run(store, _MANDATES).rows, key=lambda r: (r[0].value, _position(r[1]))):
        file, _, number, event, body_id, body_name, until, period = map(_v, row)
        out[file]["mandates"].append({"paragraph": number, "body": body_id or body_name, "event": event,
                                      "until": until, "period": period})
    for row in sorted(run(store, _CHAPTER7).rows, key=lambda r: (r[0].value, _position(r[1]))):
        file, _, number = map(_v, row)
        out[file]["chapter7"] = True
        if number:
            out[file]["chapter7_paragraphs"].append(number)
    return dict(out)


def debates(store) -> dict[str, dict]:
    """Per meeting record: ``meeting`` (number, date, time, agenda, president, documents,
    outcomes with their votes), ``members`` (the presiding State first) and ``speeches`` in
    order, as ``tests/gold/speeches.jsonl`` writes them."""
    from .query import run

    out: dict[str, dict] = {}
    for file, number, date, time, agenda, state in run(store, _MEETINGS).rows:
        out[file.value] = {"meeting": {"number": number.value, "date": _v(date), "time": _v(time), "agenda": _v(agenda),
                                       "president": {"name": None, "names": [], "state": _v(state)},
                                       "documents": [], "outcomes": []}, "members": [], "speeches": []}
    lists: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for file, what, id_, label in run(store, _MEETING_LISTS).rows:
        lists[(file.value, what.value)][id_.value] = _v(label) or id_.value
    for (file, what), items in lists.items():
        if what == "documents":
            out[file]["meeting"]["documents"] = sorted(items)
        else:  # the cover page's order: the presiding State, then the others by name
            first = out[file]["meeting"]["president"]["state"]
            out[file]["members"] = sorted(items, key=lambda i: (i != first, items[i]))
    outcomes: dict[tuple[str, str], dict] = {}
    for file, o, start, act, kind, decision, draft, how, state in run(store, _OUTCOMES).rows:
        rec = outcomes.setdefault((file.value, o.value), {"start": int(start.value), "document": act.value, "kind": kind.value,
                                                          "decision": decision.value, "draft": _v(draft), "vote": None})
        if how is not None:
            rec["vote"] = rec["vote"] or {"in_favour": [], "against": [], "abstaining": []}
            if state.value not in rec["vote"][how.value]:
                rec["vote"][how.value].append(state.value)
    for (file, _), rec in sorted(outcomes.items(), key=lambda kv: (kv[0][0], kv[1]["start"])):
        del rec["start"]
        for states in (rec["vote"] or {}).values():
            states.sort()
        out[file]["meeting"]["outcomes"].append(rec)
    speeches: dict[tuple[str, int], dict] = {}
    for file, order, heading, role, start, end, speaker, for_, for_id, state, language, capacity in run(store, _SPEECHES).rows:
        rec = {"order": int(order.value), "heading": heading.value, "speaker": _v(speaker),
               "for": {"type": type_of(for_.value) or GROUP, "id": for_id.value} if for_id is not None else None,
               "role": role.value, "language": _v(language), "start": int(start.value), "end": int(end.value)}
        if capacity is not None:
            rec["capacity"] = capacity.value
        if state is not None:
            rec["state"] = state.value
        speeches[(file.value, rec["order"])] = rec
    for (file, _), rec in sorted(speeches.items()):
        if file in out:
            out[file]["speeches"].append(rec)
    for d in out.values():
        presiding = [s["speaker"] for s in d["speeches"] if s["role"] == "president" and s["speaker"]]
        names = list(dict.fromkeys(presiding))
        d["meeting"]["president"].update(name=names[0] if names else None, names=names)
    return out


def _select(store, text: str):
    from .query import run

    return run(store, text).rows


def _document_entities(store, graph: str, types, order) -> list[dict]:
    ents: dict[str, dict] = {}
    for row in _select(store, _ENTITIES % graph):
        e, id_, label, alias = (t.value if t is not None else None for t in row)
        type_ = type_of(e)
        if type_ is None:
            continue
        item = ents.setdefault(e, {"type": type_, "id": id_, "iri": e})
        names = types[type_].names
        if label and label != id_ and names:
            item["label"] = label
        if alias and names:
            item.setdefault("aliases", set()).add(alias)
    out = []
    for item in sorted(ents.values(), key=lambda d: (order[d["type"]], d["id"])):
        if "aliases" in item:
            item["aliases"] = sorted(item["aliases"])
        out.append(item)
    return out


def _document_relations(store, graph: str, ids: dict[str, str]) -> list[dict]:
    rels: set[tuple[str, str, str]] = set()
    for s, p, o in _select(store, _RELATIONS % graph):
        pred = p.value.rsplit("#", 1)[-1]
        subj = DOC if s.value.startswith(ID + "source/") else ids.get(s.value, s.value)
        obj = o.value if isinstance(o, Literal) else (DOC if o.value.startswith(ID + "source/") else ids.get(o.value, o.value))
        rels.add((subj, pred, obj))
    return [{"subject": s, "predicate": p, "object": o} for s, p, o in sorted(rels)]


def iter_facts(store) -> Iterator[dict]:
    """One dict per document, in the order of file names, in the facts format."""
    types = registry.entity_types()
    order = {t: i for i, t in enumerate(types)}
    ids = {e.value: i.value for e, i in _select(store, _IDS)}
    documents = sorted((file.value, g.value) for g, file in _select(store, _DOCUMENTS))
    acts, meetings = council(store), debates(store)  # what the Council does; meeting records
    for file, graph in documents:
        entities = _document_entities(store, graph, types, order)
        d = {"doc": file, "entities": entities, "relations": _document_relations(store, graph, ids), **meetings.get(file, {})}
        if file in acts:
            d["council"] = acts[file]
        yield d


def facts(store) -> list[dict]:
    """One dict per document, sorted by file name, in the facts format."""
    return list(iter_facts(store))


def _line(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n"


def facts_jsonl(store) -> str:
    return "".join(_line(d) for d in iter_facts(store))


def write_facts(store, path: Path) -> Path:
    """facts.jsonl, written one document at a time."""
    with open(path, "w", encoding="utf-8") as f:
        for d in iter_facts(store):
            f.write(_line(d))
    return path
