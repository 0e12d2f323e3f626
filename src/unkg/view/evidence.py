"""What the page quotes: the document and sentence tables, and for each node and link the
documents it comes from and its sentences, the informative ones first.

A link keeps the number of its sentences (or assertions) in each document, so that the page can
filter links by the kind and year of their documents, and up to ``KEEP`` sentences, ranked:
boilerplate (a resolution's opening formula, a letter's salutation, a meeting's procedure) last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..names import collapse_spaces as _norm
from ..network import year_of
from ..query import run

SENTENCE_CHARS = 800
#: Sentences kept in the page per link (the panel shows 5 and a "show more").
KEEP = 20

# Each sentence once per entity it names, with its text and file: each pattern read whole and
# joined by hash, not looked up mention by mention (whole archive, with the
# queries below rewritten alike: node_evidence 101 s -> 19 s)
_EVIDENCE = """
SELECT DISTINCT ?e ?s ?file ?text WHERE {
  { SELECT ?m ?s WHERE { GRAPH ?g { ?m unkg:inSentence ?s } } }
  { SELECT ?m ?e WHERE { GRAPH ?g { ?m oa:hasBody ?e } } }
  { SELECT ?s ?g ?text WHERE { GRAPH ?g { ?s unkg:text ?text } } }
  { SELECT ?g ?file WHERE { GRAPH ?g { ?src unkg:fileName ?file } } }
}"""

# The queries below are written alike, for the same reason.
_MENTIONED_IN = """
SELECT ?e ?file WHERE {
  { SELECT ?src ?e WHERE { ?src unkg:mentions ?e } } { SELECT ?src ?file WHERE { ?src unkg:fileName ?file } }
}"""

_DOCUMENTS = """
SELECT ?file ?kind ?date ?symbol ?title WHERE {
  ?src a unkg:SourceDocument ; unkg:fileName ?file .
  OPTIONAL { ?src unkg:kind ?kind } OPTIONAL { ?src dcterms:date ?date }
  OPTIONAL { ?src unkg:symbol ?symbol } OPTIONAL { ?src dcterms:title ?title }
}"""

_ALIASES = """
SELECT DISTINCT ?e ?alias WHERE {
  { SELECT DISTINCT ?e WHERE { ?src unkg:mentions ?e } } { SELECT ?e ?alias WHERE { ?e skos:altLabel ?alias } }
}"""

_IDENTIFIERS = """
SELECT ?e ?p ?v WHERE {
  { SELECT DISTINCT ?e WHERE { ?src unkg:mentions ?e } }
  { SELECT ?e ?p ?v WHERE {
    { ?e owl:sameAs ?v BIND ("Wikidata" AS ?p) } UNION { ?e unkg:iso3 ?v BIND ("ISO 3166 alpha-3" AS ?p) }
    UNION { ?e unkg:orgKind ?v BIND ("kind" AS ?p) } UNION { ?e unkg:adoptedAt ?v BIND ("adopted at" AS ?p) }
    UNION { ?e unkg:parentBody/dcterms:identifier ?v BIND ("part of" AS ?p) }
  } }
}"""

_ASSERTIONS = """
SELECT ?s ?p ?o ?file ?text WHERE {
  { SELECT ?f WHERE { ?f a unkg:Assertion } }
  { SELECT ?f ?s ?g WHERE { GRAPH ?g { ?f rdf:subject ?s } } }
  { SELECT ?f ?p WHERE { ?f rdf:predicate ?p } }
  { SELECT ?f ?o WHERE { ?f rdf:object ?o FILTER (isIRI(?o)) } }
  { SELECT ?g ?file WHERE { GRAPH ?g { ?src unkg:fileName ?file } } }
  OPTIONAL { SELECT ?f ?text WHERE { GRAPH ?h { ?f rdf:subject ?x ; unkg:inSentence ?sentence . ?sentence unkg:text ?text } } }
}"""

# Formulas every document of a kind repeats: they name the Council or the Secretary-General in
# every document and say nothing about the link. Openings are matched at the start, the rest as
# phrases (a regular expression searched through every sentence cost seconds on the seeds).
_OPENING = re.compile(
    r"the security council,?\s*$|the security council,\s+\S+ing\b.{0,40}$|excellency"
    r"|thank you,? (?:mr\.?|madam|madame) president|the meeting (?:was called to order|rose) at"
    r"|the agenda was adopted|adoption of the agenda|(?:mr\.?|madam) president,?\s*$")
_PHRASES = ("i have the honour to", "i have the honor to", "please accept", "highest consideration",
            "i should be grateful if", "i would be grateful if", "as a document of the security council",
            "i now give the floor", "i give the floor")


def boilerplate(text: str) -> bool:
    t = _norm(text).lower()
    return bool(_OPENING.match(t)) or any(p in t for p in _PHRASES)


@lru_cache(maxsize=1 << 16)
def rank_key(text: str) -> tuple:
    """Informative sentences first: not boilerplate, then of a readable length, then shorter."""
    n = len(text)
    return (boilerplate(text), not 40 <= n <= 400, n, text)


def _clip(s: str, n: int = SENTENCE_CHARS) -> str:
    s = _norm(s)
    return s if len(s) <= n else s[: n - 1] + "…"


class Tables:
    """The page's document and sentence tables; each sentence is stored once."""

    def __init__(self, store):
        self.docs: list[dict] = []
        self.doc_index: dict[str, int] = {}
        for file, kind, date, symbol, title in sorted(run(store, _DOCUMENTS).rows, key=lambda r: r[0].value):
            if file.value in self.doc_index:
                continue
            date_v = date.value if date is not None else None
            symbol_v = symbol.value if symbol is not None else None
            self.doc_index[file.value] = len(self.docs)
            self.docs.append({"file": file.value, "symbol": symbol_v, "kind": kind.value if kind is not None else None,
                              "date": date_v, "year": year_of(date_v, symbol_v),
                              "title": _clip(title.value, 300) if title is not None else None})
        self.sentences: list[list] = []
        self._sentence_index: dict[tuple[int, str], int] = {}

    def doc(self, file: str) -> int:
        if file not in self.doc_index:
            self.doc_index[file] = len(self.docs)
            self.docs.append({"file": file, "symbol": None, "kind": None, "date": None, "year": None, "title": None})
        return self.doc_index[file]

    def sentence(self, file: str, text: str) -> int:
        key = (self.doc(file), _clip(text))
        if key not in self._sentence_index:
            self._sentence_index[key] = len(self.sentences)
            self.sentences.append(list(key))
        return self._sentence_index[key]


@dataclass
class Evidence:
    """What the graph says about the nodes of a view: where each is named, in which sentence."""

    mentioned_in: dict[str, set[int]] = field(default_factory=dict)  # node -> documents
    best: dict[tuple[str, int], str] = field(default_factory=dict)  # (node, document) -> its best sentence there
    in_sentence: dict[str, tuple[str, str, set[str]]] = field(default_factory=dict)  # sentence IRI -> file, text, nodes
    aliases: dict[str, set[str]] = field(default_factory=dict)
    idents: dict[str, list[list[str]]] = field(default_factory=dict)


def node_evidence(store, h, tables: Tables) -> Evidence:
    ev = Evidence()
    for e, file in run(store, _MENTIONED_IN).rows:
        if e.value in h:
            ev.mentioned_in.setdefault(e.value, set()).add(tables.doc(file.value))
    for e, sent, file, text in run(store, _EVIDENCE).rows:
        if e.value in h:
            key = (e.value, tables.doc(file.value))
            if key not in ev.best or rank_key(text.value) < rank_key(ev.best[key]):
                ev.best[key] = text.value
            ev.in_sentence.setdefault(sent.value, (file.value, text.value, set()))[2].add(e.value)
    for e, a in run(store, _ALIASES).rows:
        if e.value in h:
            ev.aliases.setdefault(e.value, set()).add(_norm(a.value))
    for e, p, v in run(store, _IDENTIFIERS).rows:
        if e.value in h:
            value = v.value.rsplit("/", 1)[-1] if p.value == "Wikidata" else v.value
            if [p.value, value] not in ev.idents.setdefault(e.value, []):
                ev.idents[e.value].append([p.value, value])
    return ev


@dataclass
class LinkEvidence:
    """Per link (from, to, kind): its count in each document, and its ranked sentences."""

    docs: dict[tuple[str, str, str], dict[int, int]] = field(default_factory=dict)
    sentences: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)


def link_evidence(store, keys: set, moved: dict[str, str], tables: Tables, ev: Evidence,
                  given: dict | None = None) -> LinkEvidence:
    """``keys``: the links, as (from, to, kind), co-mentions as (smaller, larger, kind);
    ``given``: (file, sentence) pairs and per-file counts a selection brings (the debate view)."""
    found: dict[tuple, dict[tuple[str, str], None]] = {}
    out = LinkEvidence()

    def add(key, file, text):
        d = out.docs.setdefault(key, {})
        i = tables.doc(file)
        d[i] = d.get(i, 0) + 1
        found.setdefault(key, {})[(file, text)] = None

    # in a fixed order, not the engine's: the sentence table is numbered in the order of use
    rows = sorted(run(store, _ASSERTIONS).rows, key=lambda r: tuple("" if t is None else t.value for t in r))
    for s, p, o, file, text in rows:
        key = (moved.get(s.value, s.value), moved.get(o.value, o.value), p.value.rsplit("#", 1)[-1])
        if key in keys:
            add(key, file.value, text.value if text is not None else "(the document as a whole)")
    pairs = {(u, v) for (u, v, k) in keys if k == "co-mention"}
    for sent in sorted(ev.in_sentence) if pairs else ():
        file, text, ents = ev.in_sentence[sent]
        ents = sorted(ents)
        for i, a in enumerate(ents):
            for b in ents[i + 1:]:
                if (a, b) in pairs:
                    add((a, b, "co-mention"), file, text)
    for key, (pairs_given, counts) in (given or {}).items():
        for file, text in pairs_given:
            found.setdefault(key, {})[(file, text)] = None
        out.docs[key] = {tables.doc(f): n for f, n in counts.items()}
    for key, cands in found.items():
        ranked = sorted(cands, key=lambda ft: (rank_key(ft[1]), ft[0]))
        out.sentences[key] = list(dict.fromkeys(tables.sentence(f, t) for f, t in ranked[:KEEP]))
    return out


def fit(tables: Tables, nodes: list[dict], edges: list[dict], chars: int) -> None:
    """Keep the page's quotes within ``chars`` characters in all: the first sentence of every
    node (its latest document) and of every link, then the second of each, and so on, nodes and
    the strongest links first; the sentences left out are dropped from the table and the
    records (a panel then says "5 of N (the page keeps 8)"). Sentences are renumbered in their
    order, so the same graph gives the same page."""
    lists = [[s for _, s in r["mentions"] if s is not None] for r in sorted(nodes, key=lambda r: (-r.get("w", 0), r["id"]))]
    lists += [e["evidence"] for e in sorted(edges, key=lambda e: (-e["value"], e["id"]))]
    kept: set[int] = set()
    used = 0
    for depth in range(max(map(len, lists), default=0)):
        for lst in lists:
            if depth < len(lst) and lst[depth] not in kept:
                used += len(tables.sentences[lst[depth]][1])
                if used > chars:
                    break
                kept.add(lst[depth])
        else:
            continue
        break
    if len(kept) == len(tables.sentences):
        return
    new = {old: i for i, old in enumerate(sorted(kept))}
    tables.sentences[:] = [tables.sentences[old] for old in sorted(kept)]
    for r in nodes:
        r["mentions"] = [[d, new.get(s)] for d, s in r["mentions"]]
    for e in edges:
        e["evidence"] = [new[s] for s in e["evidence"] if s in new]
