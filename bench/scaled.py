"""Graph-level scaling of a built seeds graph, for the SPARQL and view benchmarks.

Running 5,000 documents through spaCy would take hours on this machine, so the scaled graphs
are made from the *built* seeds graph (``kg.trig``): a document's named graph is copied under a
new file name, with everything that belongs to the document renamed and everything that belongs
to the corpus (the entities) kept, as a larger corpus of similar documents would have it.

For a copy of document ``NAME`` under the prefix ``P``:

- its named graph ``graph/<slug(NAME)>`` becomes ``graph/<P><slug(NAME)>``;
- its source IRI ``id/source/<slug(NAME)>`` and every IRI under it (paragraphs, sentences,
  mentions, assertions, co-mentions: ``id/source/<slug>/...``) get the same prefix;
- ``unkg:fileName "NAME"`` becomes ``"<P>NAME"`` and ``unkg:sha256`` the SHA-256 of the new name
  (so that every document still has its own hash);
- entity IRIs (``id/state/...``, ``id/org/...``, ...) are kept (``scaled_sparql_corpus``), or, for
  the view benchmark, renamed per copy except States and Themes (``scaled_view_corpus``), which
  multiplies the number of distinct entities (nodes of the network view) while States and
  Themes still join the copies into one network.

Both write N-Quads, which Oxigraph and rdflib read directly.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/unkg/"
SOURCE = "<" + BASE + "id/source/"
GRAPH = "<" + BASE + "graph/"
FILE_NAME = "<" + BASE + "ontology#fileName>"
SHA256 = "<" + BASE + "ontology#sha256>"
SHARED_GRAPHS = {BASE + "graph/entities", BASE + "graph/themes"}
#: Entity types renamed per copy in the view corpus (States and Themes stay shared).
RENAMED_TYPES = ("org", "resolution", "document", "instrument", "person")
_ENTITY = re.compile(r"(<" + re.escape(BASE) + r"id/(?:" + "|".join(RENAMED_TYPES) + r")/[^>]*)>")
_FILE_LIT = re.compile(re.escape(FILE_NAME) + r' "([^"]*)"')
_SHA_LIT = re.compile(re.escape(SHA256) + r' "[0-9a-f]{64}"')

# placeholders in the per-document templates
_P = "\x00"  # the copy's name prefix
_H = "\x01"  # the copy's sha256
_E = "\x02"  # the copy's entity suffix (view corpus)


def read_graphs(trig: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    """N-Quads lines per named graph of a kg.trig, and the file name of each document graph."""
    graphs: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    file_name = ox.NamedNode(BASE + "ontology#fileName")
    for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        g = q.graph_name.value
        graphs[g].append(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n")
        if q.predicate == file_name:
            names[g] = q.object.value
    return dict(graphs), names


def _template(lines: list[str], rename_entities: bool) -> str:
    text = "".join(lines)
    text = text.replace(SOURCE, SOURCE + _P).replace(GRAPH, GRAPH + _P)
    text = _FILE_LIT.sub(lambda m: f'{FILE_NAME} "{_P}{m.group(1)}"', text)
    text = _SHA_LIT.sub(f'{SHA256} "{_H}"', text)
    if rename_entities:
        text = _ENTITY.sub(lambda m: m.group(1) + _E + ">", text)
    return text


def _copy(template: str, prefix: str, name: str, suffix: str = "") -> str:
    sha = hashlib.sha256((prefix + name).encode()).hexdigest()
    return template.replace(_P, prefix).replace(_H, sha).replace(_E, suffix)


def scaled_sparql_corpus(trig: Path, out: Path, n_docs: int = 5000, max_quads: int = 2_000_000) -> dict:
    """Every document of the seeds graph once, plus copies of its smallest documents (taken in
    turn) up to ``n_docs`` documents: as many of the smallest as keeps the total at or under
    ``max_quads`` (at least one). Entity IRIs are shared by all copies."""
    graphs, names = read_graphs(trig)
    docs = sorted((g for g in graphs if g not in SHARED_GRAPHS), key=lambda g: (len(graphs[g]), g))
    base = sum(len(v) for v in graphs.values())
    n_copies = max(0, n_docs - len(docs))
    m = 1
    while m < len(docs) and n_copies and base + n_copies * sum(len(graphs[g]) for g in docs[:m + 1]) / (m + 1) <= max_quads:
        m += 1
    pool = docs[:m]
    templates = {g: _template(graphs[g], False) for g in pool}
    counts = dict.fromkeys(pool, 0)
    total = base
    with open(out, "w", encoding="utf-8") as f:
        for g in graphs:
            f.write("".join(graphs[g]))
        for j in range(n_copies):
            g = pool[j % m]
            f.write(_copy(templates[g], f"x{j:05d}-", names[g]))
            counts[g] += 1
            total += len(graphs[g])
    return {"documents": len(docs) + n_copies, "seed_documents": len(docs), "copies": n_copies,
            "quads": total, "seed_quads": base,
            "copied": [{"file": names[g], "quads": len(graphs[g]), "copies": counts[g]} for g in pool]}


def scaled_view_corpus(trig: Path, out: Path, copies: int) -> dict:
    """The whole seeds graph ``copies`` times (the original and ``copies - 1`` renamed copies),
    each copy with its own Organizations, Resolutions, Documents, Instruments and Persons
    (IRIs suffixed ``-rN``) and the States and Themes shared."""
    graphs, names = read_graphs(trig)
    total = 0
    with open(out, "w", encoding="utf-8") as f:
        for g, lines in graphs.items():
            if g in SHARED_GRAPHS:
                text = "".join(lines)
                f.write(text)
                total += len(lines)
                if g.endswith("/entities"):  # the renamed entities' descriptions, per copy
                    mine = _ENTITY.sub(lambda mm: mm.group(1) + _E + ">",
                                       "".join(ln for ln in lines if _ENTITY.match(ln)))
                    n = mine.count("\n")
                    for i in range(1, copies):
                        f.write(mine.replace(_E, f"-r{i}"))
                        total += n
                continue
            t = _template(lines, True)
            for i in range(copies):
                f.write(_copy(t, f"r{i}-" if i else "", names[g], f"-r{i}" if i else ""))
                total += len(lines)
    return {"copies": copies, "quads": total, "documents": copies * (len(graphs) - len(SHARED_GRAPHS))}
