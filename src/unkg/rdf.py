"""rdf: an Extraction becomes the quads of one named graph (one per source document), with
readable IRIs (``vocab``), standard vocabularies, and provenance down to character offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable

from . import refdata, registry
from .meta import KINDS
from .model import GROUP, Entity, EntityRef, Extraction
from .registry import DOC, DOCUMENT, ORGANIZATION, PERSON, RESOLUTION, STATE, THEME
from .store import Literal, NamedNode, Quad
from .vocab import (ACT_SCHEME, ACTS_GRAPH, DCTERMS, ENTITIES_GRAPH, GROUP_SCHEME, OA, OWL, PROV, RDF, SCHEME, SKOS,
                    THEMES_GRAPH, TYPE_CLASS, UNKG, XSD, act_iri, entity_iri, graph_iri, group_iri, meeting_iri,
                    mention_iri, part_iri, source_iri)

def _symbol_type(symbol: str) -> str:
    """The entity type a document's own symbol names."""
    return RESOLUTION if symbol.startswith("S/RES/") else DOCUMENT


def _lit(value, datatype=None) -> Literal:
    if datatype is not None:
        return Literal(str(value), datatype=datatype)
    return Literal(str(value))


def _int(n: int) -> Literal:
    return Literal(str(int(n)), datatype=XSD.integer)


def _datatype(curie: str) -> NamedNode:
    prefix, name = curie.split(":", 1)
    assert prefix == "xsd", curie
    return getattr(XSD, name)


def entity_quads(e: Entity, g) -> list[Quad]:
    iri = entity_iri(e.type, e.id)
    out = [Quad(iri, RDF.type, TYPE_CLASS[e.type], g), Quad(iri, RDF.type, UNKG.Entity, g),
           Quad(iri, DCTERMS.identifier, _lit(e.id), g)]
    out.append(Quad(iri, SKOS.prefLabel, Literal(e.label or e.id, language="en"), g))
    for alias in e.aliases:
        if alias != (e.label or e.id):
            out.append(Quad(iri, SKOS.altLabel, Literal(alias, language="en"), g))
    if e.type == STATE:
        out.append(Quad(iri, UNKG.iso3, _lit(e.id), g))
    if e.kind and e.type == ORGANIZATION:
        out.append(Quad(iri, UNKG.orgKind, _lit(e.kind), g))
    if e.parent:
        out.append(Quad(iri, UNKG.parentBody, entity_iri(ORGANIZATION, e.parent), g))
    if e.identifiers.get("wikidata"):
        out.append(Quad(iri, OWL.sameAs, NamedNode("http://www.wikidata.org/entity/" + e.identifiers["wikidata"]), g))
    if e.local:
        out.append(Quad(iri, UNKG.local, Literal("true", datatype=XSD.boolean), g))
    if e.type == THEME:
        out.append(Quad(iri, SKOS.inScheme, SCHEME, g))
    return out


def document_quads(x: Extraction) -> list[Quad]:
    """The quads of one document's named graph: the source file, its structure, its mentions and
    its relations. Co-mentions are not stored: they are mentions that share a sentence, found
    from them (``network.comention_counts``, queries/comentions.rq)."""
    doc = x.document
    g = graph_iri(doc.name)
    src = source_iri(doc.name)
    q: list[Quad] = []
    q += _source_quads(x, src, g)
    q += _structure_quads(x, src, g)
    for e in sorted(x.entities.values(), key=lambda e: (e.type, e.id)):
        q.append(Quad(src, UNKG.mentions, entity_iri(e.type, e.id), g))
    q += _mention_quads(x, src, g)
    q += _relation_quads(x, src, g)
    q += _council_quads(x, src, g)
    q += _debate_quads(x, src, g)
    return q


def _source_quads(x: Extraction, src: NamedNode, g: NamedNode) -> list[Quad]:
    doc = x.document
    q = [Quad(src, RDF.type, UNKG.SourceDocument, g), Quad(src, UNKG.fileName, _lit(doc.name), g),
         Quad(src, UNKG.sha256, _lit(doc.sha256), g), Quad(src, UNKG.encoding, _lit(doc.encoding), g)]
    meta = doc.meta
    if meta.kind in KINDS:
        q.append(Quad(src, UNKG.kind, _lit(meta.kind), g))
    if meta.title:
        q.append(Quad(src, DCTERMS.title, _lit(meta.title), g))
    if meta.date:
        q.append(Quad(src, DCTERMS.date, _lit(meta.date, XSD.date), g))
    if meta.symbol:
        q.append(Quad(src, UNKG.symbol, _lit(meta.symbol), g))
        q.append(Quad(src, UNKG.represents, entity_iri(_symbol_type(meta.symbol), meta.symbol), g))
    return q


def _structure_quads(x: Extraction, src: NamedNode, g: NamedNode) -> list[Quad]:
    q: list[Quad] = []
    add = q.append
    # A part's position in its document is its IRI's (.../paragraph/3) and its offsets' order: no
    # unkg:index quad restates it.
    for p in x.paragraphs:
        pi = part_iri(src, "paragraph", p.index)
        add(Quad(pi, RDF.type, UNKG.Paragraph, g))
        add(Quad(pi, UNKG.inDocument, src, g))
        add(Quad(pi, UNKG.start, _int(p.start), g))
        add(Quad(pi, UNKG.end, _int(p.end), g))
        add(Quad(pi, UNKG.role, _lit(p.role), g))
        if p.number:
            add(Quad(pi, UNKG.number, _lit(p.number), g))
        if p.parent is not None:
            add(Quad(pi, UNKG.parentParagraph, part_iri(src, "paragraph", p.parent), g))
    for s in x.sentences:
        si = part_iri(src, "sentence", s.index)
        add(Quad(si, RDF.type, UNKG.Sentence, g))
        add(Quad(si, UNKG.inDocument, src, g))
        add(Quad(si, UNKG.start, _int(s.start), g))
        add(Quad(si, UNKG.end, _int(s.end), g))
        add(Quad(si, UNKG.text, _lit(s.text), g))
        if s.paragraph is not None:
            add(Quad(si, UNKG.inParagraph, part_iri(src, "paragraph", s.paragraph), g))
    return q


def _mention_quads(x: Extraction, src: NamedNode, g: NamedNode) -> list[Quad]:
    """Each mention is its span of the file (``mention_iri``: the document and the offsets),
    annotated with its entity as body, its sentence and its rule: three quads. Mentions are
    most of the graph: as W3C annotations with a target, a position and a quote selector they
    took sixteen quads, restating what the sentence gives (the document) and the file holds
    (the quote)."""
    q: list[Quad] = []
    add = q.append
    for m in x.mentions:
        mi = mention_iri(src, m.start, m.end)
        add(Quad(mi, OA.hasBody, entity_iri(m.entity.type, m.entity.id), g))
        add(Quad(mi, UNKG.inSentence, part_iri(src, "sentence", m.sentence), g))
        add(Quad(mi, UNKG.rule, _lit(m.source), g))
    return q


def _relation_quads(x: Extraction, src: NamedNode, g: NamedNode) -> list[Quad]:
    """Each relation stated directly and as a reified assertion pointing to its sentence."""
    type_of: dict[str, str] = {}  # a relation's id without a type: the first entity in (type, id) order
    for e in sorted(x.entities.values(), key=lambda e: (e.type, e.id)):
        type_of.setdefault(e.id, e.type)

    def node(id_: str, type_: str | None) -> NamedNode:
        if id_ == DOC:
            return src
        return entity_iri(type_ or type_of.get(id_, ORGANIZATION), id_)

    relation_types = registry.relation_types()
    q: list[Quad] = []
    add = q.append
    for n, r in enumerate(x.relations):
        fi = part_iri(src, "fact", n)
        add(Quad(fi, RDF.type, UNKG.Assertion, g))
        add(Quad(fi, UNKG.inDocument, src, g))
        add(Quad(fi, UNKG.rule, _lit(r.rule), g))
        if r.sentence is not None:
            # unkg:inSentence is a sub-property of prov:wasDerivedFrom: stating both said it twice
            add(Quad(fi, UNKG.inSentence, part_iri(src, "sentence", r.sentence), g))
        if r.paragraph is not None:
            add(Quad(fi, UNKG.inParagraph, part_iri(src, "paragraph", r.paragraph), g))
        subj = node(r.subject, r.subject_type)
        rt = relation_types[r.predicate]
        pred = getattr(UNKG, r.predicate)
        obj = Literal(r.object, datatype=_datatype(rt.object[0])) if rt.literal else node(r.object, r.object_type)
        add(Quad(subj, pred, obj, g))
        if r.predicate == "presidentOfCouncil":
            pres = part_iri(src, "presidency", n)
            add(Quad(pres, RDF.type, UNKG.Presidency, g))
            add(Quad(pres, UNKG.holder, subj, g))
            add(Quad(pres, UNKG.month, obj, g))
            add(Quad(pres, PROV.wasDerivedFrom, fi, g))
        elif r.predicate == "cites" and r.paragraph is not None:
            add(Quad(part_iri(src, "paragraph", r.paragraph), UNKG.cites, obj, g))
        add(Quad(fi, RDF.subject, subj, g))
        add(Quad(fi, RDF.predicate, pred, g))
        add(Quad(fi, RDF.object, obj, g))
    return q


def _date_literal(value: str) -> Literal:
    return Literal(value, datatype=XSD.gYearMonth if len(value) == 7 else XSD.date)


def _council_quads(x: Extraction, src: NamedNode, g: NamedNode) -> list[Quad]:
    """Acts, mandate events and Chapter VII of a resolution or presidential statement."""
    c = x.council
    q: list[Quad] = []
    add = q.append
    para = [part_iri(src, "paragraph", p.index) for p in x.paragraphs]
    known_groups = set(refdata.word_map("addressee-group").values())
    if c.chapter7:
        add(Quad(src, UNKG.underChapterVII, Literal("true", datatype=XSD.boolean), g))
    for k in sorted(c.chapter7_paragraphs):
        add(Quad(para[k], UNKG.underChapterVII, Literal("true", datatype=XSD.boolean), g))
    for k, arts in sorted(c.articles.items()):
        q += [Quad(para[k], UNKG.charterArticle, _lit(a), g) for a in arts]
    for a in c.acts:
        ai = part_iri(src, "act", a.index)
        concept = act_iri(a.notation) if a.notation else None
        q += [Quad(ai, RDF.type, UNKG.Act, g), Quad(ai, UNKG.inDocument, src, g),
              Quad(ai, UNKG.inParagraph, para[a.paragraph], g), Quad(ai, UNKG.actText, _lit(a.text), g),
              Quad(ai, UNKG.start, _int(a.start), g), Quad(ai, UNKG.end, _int(a.end), g),
              Quad(ai, UNKG.opensParagraph, Literal("true" if a.main else "false", datatype=XSD.boolean), g)]
        if a.sentence is not None:
            add(Quad(ai, UNKG.inSentence, part_iri(src, "sentence", a.sentence), g))
        if concept is not None:
            add(Quad(ai, UNKG.act, concept, g))
            if a.main:
                add(Quad(para[a.paragraph], UNKG.act, concept, g))
        if a.addressee:
            who = group_iri(a.addressee[1]) if a.addressee[0] == GROUP else entity_iri(*a.addressee)
            add(Quad(ai, UNKG.addressee, who, g))
            if a.addressee[0] == GROUP and a.addressee[1] not in known_groups:  # described here (others: graph/acts)
                q += [Quad(who, RDF.type, UNKG.Group, g), Quad(who, RDF.type, SKOS.Concept, g),
                      Quad(who, SKOS.inScheme, GROUP_SCHEME, g),
                      Quad(who, SKOS.prefLabel, Literal(a.addressee[1], language="en"), g),
                      Quad(who, DCTERMS.identifier, _lit(a.addressee[1]), g)]
        if a.deadline:
            add(Quad(ai, UNKG.deadline, _date_literal(a.deadline), g))
        if a.within:
            add(Quad(ai, UNKG.within, _lit(a.within), g))  # ISO 8601 durations as text: servers disagree on xsd:duration
        if a.every:
            add(Quad(ai, UNKG.every, _lit(a.every), g))
    for m in c.mandates:
        mi = part_iri(src, "mandate", m.index)
        q += [Quad(mi, RDF.type, UNKG.MandateEvent, g), Quad(mi, UNKG.inDocument, src, g),
              Quad(mi, UNKG.inParagraph, para[m.paragraph], g),
              Quad(mi, UNKG.event, _lit(m.event), g), Quad(mi, UNKG.start, _int(m.start), g), Quad(mi, UNKG.end, _int(m.end), g)]
        if m.body and m.body[0] in registry.entity_types():
            add(Quad(mi, UNKG.mandateOf, entity_iri(*m.body), g))
        elif m.body:
            add(Quad(mi, UNKG.mandateOfBody, _lit(m.body[1]), g))
        if m.until:
            add(Quad(mi, UNKG.until, _date_literal(m.until), g))
        if m.period:
            add(Quad(mi, UNKG.period, _lit(m.period), g))
    return q


def act_scheme_quads() -> list[Quad]:
    """The scheme of Council acts (``data/acts.tsv``) and the groups the Council addresses, as
    SKOS concept schemes, in a graph of their own."""
    g = ACTS_GRAPH
    q = [Quad(ACT_SCHEME, RDF.type, SKOS.ConceptScheme, g),
         Quad(ACT_SCHEME, SKOS.prefLabel, Literal("acts of the Security Council", language="en"), g),
         Quad(GROUP_SCHEME, RDF.type, SKOS.ConceptScheme, g),
         Quad(GROUP_SCHEME, SKOS.prefLabel, Literal("groups the Council addresses or speeches are made for", language="en"), g)]
    for r in refdata.rows("acts.tsv"):
        iri = act_iri(r["notation"])
        q += [Quad(iri, RDF.type, SKOS.Concept, g), Quad(iri, SKOS.inScheme, ACT_SCHEME, g),
              Quad(iri, SKOS.notation, _lit(r["notation"]), g), Quad(iri, SKOS.prefLabel, Literal(r["label"], language="en"), g)]
        if r["broader"]:
            q.append(Quad(iri, SKOS.broader, act_iri(r["broader"]), g))
        else:
            q.append(Quad(ACT_SCHEME, SKOS.hasTopConcept, iri, g))
        if r["comment"]:
            q.append(Quad(iri, SKOS.scopeNote, Literal(r["comment"], language="en"), g))
    for group in sorted(set(refdata.word_map("addressee-group").values())):
        iri = group_iri(group)
        q += [Quad(iri, RDF.type, UNKG.Group, g), Quad(iri, RDF.type, SKOS.Concept, g), Quad(iri, SKOS.inScheme, GROUP_SCHEME, g),
              Quad(iri, SKOS.prefLabel, Literal(group, language="en"), g), Quad(iri, DCTERMS.identifier, _lit(group), g)]
    return q


def _fuller(e: Entity) -> tuple:
    """Sort key: the fuller of two written forms of one name comes first."""
    words = e.id.split()
    return (-len(words), sum(w.isupper() and len(w) > 1 for w in words), -sum(not c.isascii() for c in e.id), e.id)


def _debate_quads(x: Extraction, src: NamedNode, g: NamedNode) -> list[Quad]:
    """A meeting record's meeting, speeches and outcomes (extract/debates.py); the date of the
    meeting a letter announces. The paragraphs and mentions of a speech point to it
    (``unkg:inSpeech``); the meeting IRI is the same in every document that states it."""
    d = x.debate
    if d is None:
        return []
    q = [Quad(src, UNKG.announcesMeetingOn, _lit(date, XSD.date), g) for date in d.announced]
    mi = meeting_iri(d.meeting.number) if d.meeting is not None else None
    if mi is not None:
        q += _meeting_quads(x, src, mi, g)
    starts = [s.start for s in d.speeches]

    def speech_at(offset: int, end: int | None = None) -> NamedNode | None:
        """The speech holding ``offset``; for a span, the speech it overlaps most."""
        k = bisect_right(starts, offset) - 1
        best, most = None, 0
        for j in (k, k + 1) if end is not None else (k,):
            if 0 <= j < len(starts):
                s = d.speeches[j]
                overlap = min(s.end, end if end is not None else offset + 1) - max(s.start, offset)
                if overlap > most:
                    best, most = part_iri(src, "speech", s.order), overlap
        return best

    for s in d.speeches:
        q += _speech_quads(s, src, mi, g)
    for gid, label in sorted(d.groups.items()):
        gi = group_iri(gid)
        q += [Quad(gi, RDF.type, UNKG.Group, g), Quad(gi, RDF.type, SKOS.Concept, g), Quad(gi, SKOS.inScheme, GROUP_SCHEME, g),
              Quad(gi, DCTERMS.identifier, _lit(gid), g),
              Quad(gi, SKOS.prefLabel, Literal(label, language="en"), g)]
    for p in x.paragraphs:
        sp = speech_at(p.start, p.end)
        if sp is not None:
            q.append(Quad(part_iri(src, "paragraph", p.index), UNKG.inSpeech, sp, g))
    for m in x.mentions:
        sp = speech_at(m.start)
        if sp is not None:
            q.append(Quad(mention_iri(src, m.start, m.end), UNKG.inSpeech, sp, g))
    for n, o in enumerate(d.meeting.outcomes if d.meeting is not None else ()):
        sp = speech_at(o.start)
        if sp is not None:
            q.append(Quad(part_iri(src, "outcome", n), UNKG.inSpeech, sp, g))
    return q


def _meeting_quads(x: Extraction, src: NamedNode, mi: NamedNode, g: NamedNode) -> list[Quad]:
    m = x.debate.meeting
    q = [Quad(src, UNKG.recordOf, mi, g), Quad(mi, RDF.type, UNKG.Meeting, g), Quad(mi, UNKG.meetingNumber, _int(m.number), g)]
    for prop, value in ((DCTERMS.date, m.date), (UNKG.time, m.time), (UNKG.agenda, m.agenda)):
        if value:
            q.append(Quad(mi, prop, _lit(value, XSD.date) if prop == DCTERMS.date else _lit(value), g))
    if m.president_state:
        q.append(Quad(mi, UNKG.presidingState, entity_iri(STATE, m.president_state), g))
    q += [Quad(mi, UNKG.presidedBy, entity_iri(PERSON, p), g) for p in m.presidents]
    q += [Quad(mi, UNKG.councilMember, entity_iri(STATE, s), g) for s in m.members]
    q += [Quad(mi, UNKG.considers, entity_iri(_symbol_type(s), s), g) for s in m.documents]
    starts = [s.start for s in x.sentences]
    for n, o in enumerate(m.outcomes):
        oi = part_iri(src, "outcome", n)
        q += [Quad(mi, UNKG.outcome, oi, g), Quad(oi, RDF.type, UNKG.Outcome, g), Quad(oi, UNKG.inDocument, src, g),
              Quad(oi, UNKG.outcomeDocument, entity_iri(_symbol_type(o.document), o.document), g),
              Quad(oi, UNKG.outcomeKind, _lit(o.kind), g), Quad(oi, UNKG.decision, _lit(o.decision), g),
              Quad(oi, UNKG.start, _int(o.start), g), Quad(oi, UNKG.end, _int(o.end), g),
              Quad(oi, UNKG.inSentence, part_iri(src, "sentence", max(bisect_right(starts, o.start) - 1, 0)), g)]
        if o.draft and o.draft != o.document:
            q.append(Quad(oi, UNKG.draft, entity_iri(DOCUMENT, o.draft), g))
        for prop, states in ((UNKG.inFavour, o.in_favour), (UNKG.against, o.against), (UNKG.abstaining, o.abstaining)):
            q += [Quad(oi, prop, entity_iri(STATE, s), g) for s in states]
    return q


def _speech_quads(s, src: NamedNode, mi: NamedNode | None, g: NamedNode) -> list[Quad]:
    si = part_iri(src, "speech", s.order)
    q = [Quad(si, RDF.type, UNKG.Speech, g), Quad(si, UNKG.inDocument, src, g), Quad(si, UNKG.order, _int(s.order), g),
         Quad(si, UNKG.start, _int(s.start), g), Quad(si, UNKG.end, _int(s.end), g),
         Quad(si, UNKG.heading, _lit(s.heading), g), Quad(si, UNKG.speakerRole, _lit(s.role), g)]
    if mi is not None:
        q.append(Quad(si, UNKG.atMeeting, mi, g))
    if s.speaker:
        q.append(Quad(si, UNKG.speaker, entity_iri(PERSON, s.speaker), g))
    if s.for_id:
        target = group_iri(s.for_id) if s.for_type == GROUP else entity_iri(s.for_type, s.for_id)
        q.append(Quad(si, UNKG.speaksFor, target, g))
    if s.delegation:
        q.append(Quad(si, UNKG.delegation, entity_iri(STATE, s.delegation), g))
    if s.language:
        q.append(Quad(si, UNKG.language, _lit(s.language), g))
    if s.capacity:
        q.append(Quad(si, UNKG.capacity, _lit(s.capacity), g))
    return q


def entities_graph_quads(documents: Iterable[tuple[Iterable[Entity], str | None]]) -> list[Quad]:
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
            # the reference entity's description wins; of two found only in documents, the
            # fuller form ("Ban Ki-moon" over "BAN Ki-moon", "António" over "Antonio")
            if (have.local and not e.local) or (have.local and e.local and _fuller(e) < _fuller(have)):
                names |= {have.id, have.label or have.id}
                have = by_iri[key] = e.copy()
            names |= set(have.aliases)
            names.discard(have.label or have.id)
            have.aliases = tuple(sorted(names))
    merged = {EntityRef(e.type, e.id): e for e in by_iri.values()}
    # Close the graph over parent bodies: a parentBody link must reach a described entity
    # even when no document names the parent itself.
    ref = refdata.load()
    from .record import states_named, vote_quads

    for iso in sorted(states_named()):  # the States the record graphs name are described too
        key = EntityRef(STATE, iso)
        if key not in merged and ref.entities.get(key) is not None:
            merged[key] = ref.entities[key].copy(local=False)
    pending = [e.parent for e in merged.values() if e.parent]
    while pending:
        pid = pending.pop()
        pref = EntityRef(ORGANIZATION, pid)
        known = ref.get(ORGANIZATION, pid)
        if pref in merged or known is None:
            continue
        merged[pref] = known.copy(local=False)
        if known.parent:
            pending.append(known.parent)
    g = ENTITIES_GRAPH
    q: list[Quad] = []
    resolutions, themes = ref.resolutions, ref.themes
    for key in sorted(merged, key=lambda r: (r.type, r.id)):
        if key.type == THEME and key.id in themes:
            continue  # described once, in the themes graph: a triple in two graphs counts twice in their union
        q.extend(entity_quads(merged[key], g))
        rec = resolutions.get(key.id) if key.type == RESOLUTION else None
        iri = entity_iri(key.type, key.id)
        if rec and rec.get("meeting", "").startswith("S/PV."):  # the source table writes "--" when unknown
            q.append(Quad(iri, UNKG.adoptedAt, _lit(rec["meeting"]), g))
        if rec and re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec.get("date", "")):
            q.append(Quad(iri, DCTERMS.date, _lit(rec["date"], XSD.date), g))
        if rec:
            q += vote_quads(iri, rec, g)
    return q


def theme_scheme_quads() -> list[Quad]:
    """The theme vocabulary as a SKOS concept scheme, in a graph of its own."""
    g = THEMES_GRAPH
    q = [Quad(SCHEME, RDF.type, SKOS.ConceptScheme, g),
         Quad(SCHEME, SKOS.prefLabel, Literal("unkg themes", language="en"), g)]
    for t in refdata.load().themes.values():
        iri = entity_iri(THEME, t.id)
        q += [Quad(iri, RDF.type, SKOS.Concept, g), Quad(iri, RDF.type, UNKG.Theme, g), Quad(iri, RDF.type, UNKG.Entity, g),
              Quad(iri, SKOS.inScheme, SCHEME, g), Quad(SCHEME, SKOS.hasTopConcept, iri, g),
              Quad(iri, SKOS.notation, _lit(t.id), g), Quad(iri, DCTERMS.identifier, _lit(t.id), g),
              Quad(iri, SKOS.prefLabel, Literal(t.pref_label, language="en"), g),
              Quad(iri, SKOS.scopeNote, Literal(t.scope, language="en"), g)]
        for alt in t.alt_labels:
            q.append(Quad(iri, SKOS.altLabel, Literal(alt, language="en"), g))
    return q


__all__ = ["document_quads", "entities_graph_quads", "theme_scheme_quads", "entity_quads", "EntityRef"]
