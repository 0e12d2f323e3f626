"""rdf: an Extraction becomes the quads of one named graph (one per source document), with
readable IRIs (``vocab``), standard vocabularies, and provenance down to character offsets."""

from __future__ import annotations

import re
from typing import Iterable

import pyoxigraph as ox

from . import refdata
from .model import Entity, EntityRef, Extraction
from .vocab import (DCTERMS, ENTITIES_GRAPH, OA, OWL, PROV, RDF, SCHEME, SKOS, THEMES_GRAPH, TYPE_CLASS, UNKG, XSD,
                    entity_iri, graph_iri, part_iri, source_iri)

_KIND_LABEL = {"letter", "concept note", "resolution", "presidential statement", "report", "meeting record"}
_PREDICATES = {"cites": UNKG.cites, "sentBy": UNKG.sentBy, "signedBy": UNKG.signedBy, "addressedTo": UNKG.addressedTo,
               "partOf": UNKG.partOf, "addresses": UNKG.addresses}


def _symbol_type(symbol: str) -> str:
    """The entity type a document's own symbol names."""
    return "Resolution" if symbol.startswith("S/RES/") else "Document"


def _lit(value, datatype=None) -> ox.Literal:
    if datatype is not None:
        return ox.Literal(str(value), datatype=datatype)
    return ox.Literal(str(value))


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(int(n)), datatype=XSD.integer)


def entity_quads(e: Entity, g) -> list[ox.Quad]:
    iri = entity_iri(e.type, e.id)
    out = [ox.Quad(iri, RDF.type, TYPE_CLASS[e.type], g), ox.Quad(iri, RDF.type, UNKG.Entity, g),
           ox.Quad(iri, DCTERMS.identifier, _lit(e.id), g)]
    out.append(ox.Quad(iri, SKOS.prefLabel, ox.Literal(e.label or e.id, language="en"), g))
    for alias in e.aliases:
        if alias != (e.label or e.id):
            out.append(ox.Quad(iri, SKOS.altLabel, ox.Literal(alias, language="en"), g))
    if e.type == "State":
        out.append(ox.Quad(iri, UNKG.iso3, _lit(e.id), g))
    if e.kind and e.type == "Organization":
        out.append(ox.Quad(iri, UNKG.orgKind, _lit(e.kind), g))
    if e.parent:
        out.append(ox.Quad(iri, UNKG.parentBody, entity_iri("Organization", e.parent), g))
    if e.identifiers.get("wikidata"):
        out.append(ox.Quad(iri, OWL.sameAs, ox.NamedNode("http://www.wikidata.org/entity/" + e.identifiers["wikidata"]), g))
    if e.local:
        out.append(ox.Quad(iri, UNKG.local, ox.Literal("true", datatype=XSD.boolean), g))
    if e.type == "Theme":
        out.append(ox.Quad(iri, SKOS.inScheme, SCHEME, g))
    return out


def document_quads(x: Extraction) -> list[ox.Quad]:
    doc = x.document
    g = graph_iri(doc.name)
    src = source_iri(doc.name)
    q: list[ox.Quad] = []
    add = q.append
    add(ox.Quad(src, RDF.type, UNKG.SourceDocument, g))
    add(ox.Quad(src, UNKG.fileName, _lit(doc.name), g))
    add(ox.Quad(src, UNKG.sha256, _lit(doc.sha256), g))
    add(ox.Quad(src, UNKG.encoding, _lit(doc.encoding), g))
    meta = doc.meta
    if meta.kind in _KIND_LABEL:
        add(ox.Quad(src, UNKG.kind, _lit(meta.kind), g))
    if meta.title:
        add(ox.Quad(src, DCTERMS.title, _lit(meta.title), g))
    if meta.date:
        add(ox.Quad(src, DCTERMS.date, _lit(meta.date, XSD.date), g))
    if meta.symbol:
        add(ox.Quad(src, UNKG.symbol, _lit(meta.symbol), g))
        add(ox.Quad(src, UNKG.represents, entity_iri(_symbol_type(meta.symbol), meta.symbol), g))

    for p in x.paragraphs:
        pi = part_iri(src, "paragraph", p.index)
        add(ox.Quad(pi, RDF.type, UNKG.Paragraph, g))
        add(ox.Quad(pi, UNKG.inDocument, src, g))
        add(ox.Quad(pi, UNKG.index, _int(p.index), g))
        add(ox.Quad(pi, UNKG.start, _int(p.start), g))
        add(ox.Quad(pi, UNKG.end, _int(p.end), g))
        add(ox.Quad(pi, UNKG.role, _lit(p.role), g))
        if p.number:
            add(ox.Quad(pi, UNKG.number, _lit(p.number), g))

    for s in x.sentences:
        si = part_iri(src, "sentence", s.index)
        add(ox.Quad(si, RDF.type, UNKG.Sentence, g))
        add(ox.Quad(si, UNKG.inDocument, src, g))
        add(ox.Quad(si, UNKG.index, _int(s.index), g))
        add(ox.Quad(si, UNKG.start, _int(s.start), g))
        add(ox.Quad(si, UNKG.end, _int(s.end), g))
        add(ox.Quad(si, UNKG.text, _lit(s.text), g))
        if s.paragraph is not None:
            add(ox.Quad(si, UNKG.inParagraph, part_iri(src, "paragraph", s.paragraph), g))

    for e in sorted(x.entities.values(), key=lambda e: (e.type, e.id)):
        add(ox.Quad(src, UNKG.mentions, entity_iri(e.type, e.id), g))

    for n, m in enumerate(x.mentions):
        mi = part_iri(src, "mention", n)
        target = ox.NamedNode(mi.value + "/target")
        pos = ox.NamedNode(mi.value + "/position")
        quote = ox.NamedNode(mi.value + "/quote")
        add(ox.Quad(mi, RDF.type, UNKG.Mention, g))
        add(ox.Quad(mi, RDF.type, OA.Annotation, g))
        add(ox.Quad(mi, OA.motivatedBy, OA.identifying, g))
        add(ox.Quad(mi, OA.hasBody, entity_iri(m.entity.type, m.entity.id), g))
        add(ox.Quad(mi, OA.hasTarget, target, g))
        add(ox.Quad(mi, UNKG.inSentence, part_iri(src, "sentence", m.sentence), g))
        add(ox.Quad(mi, UNKG.rule, _lit(m.source), g))
        add(ox.Quad(target, RDF.type, OA.SpecificResource, g))
        add(ox.Quad(target, OA.hasSource, src, g))
        add(ox.Quad(target, OA.hasSelector, pos, g))
        add(ox.Quad(target, OA.hasSelector, quote, g))
        add(ox.Quad(pos, RDF.type, OA.TextPositionSelector, g))
        add(ox.Quad(pos, OA.start, _int(m.start), g))
        add(ox.Quad(pos, OA.end, _int(m.end), g))
        add(ox.Quad(quote, RDF.type, OA.TextQuoteSelector, g))
        add(ox.Quad(quote, OA.exact, _lit(m.quote), g))

    type_of: dict[str, str] = {}  # a relation's id without a type: the first entity in (type, id) order
    for e in sorted(x.entities.values(), key=lambda e: (e.type, e.id)):
        type_of.setdefault(e.id, e.type)

    def node(id_: str, type_: str | None) -> ox.NamedNode:
        if id_ == "$doc":
            return src
        return entity_iri(type_ or type_of.get(id_, "Organization"), id_)

    for n, r in enumerate(x.relations):
        fi = part_iri(src, "fact", n)
        add(ox.Quad(fi, RDF.type, UNKG.Assertion, g))
        add(ox.Quad(fi, UNKG.inDocument, src, g))
        add(ox.Quad(fi, UNKG.rule, _lit(r.rule), g))
        if r.sentence is not None:
            add(ox.Quad(fi, UNKG.inSentence, part_iri(src, "sentence", r.sentence), g))
            add(ox.Quad(fi, PROV.wasDerivedFrom, part_iri(src, "sentence", r.sentence), g))
        if r.paragraph is not None:
            add(ox.Quad(fi, UNKG.inParagraph, part_iri(src, "paragraph", r.paragraph), g))
        subj = node(r.subject, r.subject_type)
        if r.predicate == "presidentOfCouncil":
            month = ox.Literal(r.object, datatype=XSD.gYearMonth)
            add(ox.Quad(subj, UNKG.presidentOfCouncil, month, g))
            pres = part_iri(src, "presidency", n)
            add(ox.Quad(pres, RDF.type, UNKG.Presidency, g))
            add(ox.Quad(pres, UNKG.holder, subj, g))
            add(ox.Quad(pres, UNKG.month, month, g))
            add(ox.Quad(pres, PROV.wasDerivedFrom, fi, g))
            obj = month
        else:
            obj = node(r.object, r.object_type)
            add(ox.Quad(subj, _PREDICATES[r.predicate], obj, g))
            if r.predicate == "cites" and r.paragraph is not None:
                add(ox.Quad(part_iri(src, "paragraph", r.paragraph), UNKG.cites, obj, g))
        add(ox.Quad(fi, RDF.subject, subj, g))
        add(ox.Quad(fi, RDF.predicate, UNKG.presidentOfCouncil if r.predicate == "presidentOfCouncil" else _PREDICATES[r.predicate], g))
        add(ox.Quad(fi, RDF.object, obj, g))

    for n, ((a, b), count) in enumerate(sorted(x.comentions.items(), key=lambda kv: (kv[0][0].type, kv[0][0].id, kv[0][1].type, kv[0][1].id))):
        ci = part_iri(src, "comention", n)
        add(ox.Quad(ci, RDF.type, UNKG.CoMention, g))
        add(ox.Quad(ci, UNKG.inDocument, src, g))
        add(ox.Quad(ci, UNKG.entity, entity_iri(a.type, a.id), g))
        add(ox.Quad(ci, UNKG.entity, entity_iri(b.type, b.id), g))
        add(ox.Quad(ci, UNKG.count, _int(count), g))
    return q


def entities_graph_quads(documents: Iterable[tuple[Iterable[Entity], str | None]]) -> list[ox.Quad]:
    """One description per entity named anywhere (and per document a build represents), from
    each document's (entities, own symbol)."""
    # Keyed by IRI, not by id: "António Guterres" and "Antonio Guterres" are one IRI, so they
    # must be one description (one identifier, one preferred label, the rest alternatives).
    by_iri: dict[str, Entity] = {}
    for entities, sym in documents:
        if sym:
            entities = [*entities, Entity(_symbol_type(sym), sym, sym)]
        for e in entities:
            key = entity_iri(e.type, e.id).value
            have = by_iri.get(key)
            if have is None:
                by_iri[key] = e.copy()
                continue
            names = set(e.aliases) | ({e.id, e.label or e.id} if e.id != have.id else set())
            if have.local and not e.local:  # the reference entity's description wins
                names |= {have.id, have.label or have.id}
                have = by_iri[key] = e.copy()
            names |= set(have.aliases)
            names.discard(have.label or have.id)
            have.aliases = tuple(sorted(names))
    merged = {EntityRef(e.type, e.id): e for e in by_iri.values()}
    # Close the graph over parent bodies: a parentBody link must reach a described entity
    # even when no document names the parent itself.
    ref = refdata.load()
    pending = [e.parent for e in merged.values() if e.parent]
    while pending:
        pid = pending.pop()
        pref = EntityRef("Organization", pid)
        known = ref.get("Organization", pid)
        if pref in merged or known is None:
            continue
        merged[pref] = known.copy(local=False)
        if known.parent:
            pending.append(known.parent)
    g = ENTITIES_GRAPH
    q: list[ox.Quad] = []
    resolutions, themes = ref.resolutions, ref.themes
    for key in sorted(merged, key=lambda r: (r.type, r.id)):
        if key.type == "Theme" and key.id in themes:
            continue  # described once, in the themes graph: a triple in two graphs counts twice in their union
        q.extend(entity_quads(merged[key], g))
        rec = resolutions.get(key.id) if key.type == "Resolution" else None
        iri = entity_iri(key.type, key.id)
        if rec and rec.get("meeting", "").startswith("S/PV."):  # the source table writes "--" when unknown
            q.append(ox.Quad(iri, UNKG.adoptedAt, _lit(rec["meeting"]), g))
        if rec and re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec.get("date", "")):
            q.append(ox.Quad(iri, DCTERMS.date, _lit(rec["date"], XSD.date), g))
    return q


def theme_scheme_quads() -> list[ox.Quad]:
    """The theme vocabulary as a SKOS concept scheme, in a graph of its own."""
    g = THEMES_GRAPH
    q = [ox.Quad(SCHEME, RDF.type, SKOS.ConceptScheme, g),
         ox.Quad(SCHEME, SKOS.prefLabel, ox.Literal("unkg themes", language="en"), g)]
    for t in refdata.load().themes.values():
        iri = entity_iri("Theme", t.id)
        q += [ox.Quad(iri, RDF.type, SKOS.Concept, g), ox.Quad(iri, RDF.type, UNKG.Theme, g), ox.Quad(iri, RDF.type, UNKG.Entity, g),
              ox.Quad(iri, SKOS.inScheme, SCHEME, g), ox.Quad(SCHEME, SKOS.hasTopConcept, iri, g),
              ox.Quad(iri, SKOS.notation, _lit(t.id), g), ox.Quad(iri, DCTERMS.identifier, _lit(t.id), g),
              ox.Quad(iri, SKOS.prefLabel, ox.Literal(t.pref_label, language="en"), g),
              ox.Quad(iri, SKOS.scopeNote, ox.Literal(t.scope, language="en"), g)]
        for alt in t.alt_labels:
            q.append(ox.Quad(iri, SKOS.altLabel, ox.Literal(alt, language="en"), g))
    return q


__all__ = ["document_quads", "entities_graph_quads", "theme_scheme_quads", "entity_quads", "EntityRef"]
