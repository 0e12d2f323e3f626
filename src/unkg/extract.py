"""Extract: from an annotated spaCy Doc to an ``Extraction`` of canonical entities, mentions
with offsets into the original file, document structure and relations.

The pipeline proposes overlapping spans (citations, reference names, defined acronyms, themes,
the statistical NER); here they are ranked and resolved with the annotation rules of the facts
format: the longest name wins, a State or body named inside another body's name is still a
mention of it (Afghanistan in UNAMA's full name), a State inside an instrument's name or a
place name is not (Namibia Plan of Action, Lake Chad), and a theme word inside a name does not
count as the document addressing the theme.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from spacy.tokens import Doc, Span

from . import refdata
from .ingest import DATE_RE, parse_date
from .model import (Entity, EntityRef, Extraction, Mention, Paragraph, Relation, Sentence, SourceDocument,
                    paragraph_finder)
from .nlp import CITATIONS, DEFINED, NAMES, THEMES
from .symbols import compare_key

# Rank of each source when two spans cover the same text.
_PRIORITY = {"symbol": 4, "defined": 3, "reference": 2, "ner": 1}
_GEO_BEFORE = {"Lake", "River", "Gulf", "Sea", "Mount", "Bay", "Horn", "Basin"}
_GEO_AFTER = {"Basin", "River", "Delta", "Valley", "Region", "region", "Sea", "Lake"}
_ORG_WORDS = {
    "Organization", "Organisation", "Commission", "Committee", "Council", "Office", "Agency", "Force",
    "Forum", "Group", "Unit", "Centre", "Center", "Mission", "Programme", "Program", "Fund", "Network",
    "Institute", "Court", "Union", "League", "Community", "Association", "Process", "Initiative",
    "Army", "Front", "Movement", "Department", "Directorate", "Secretariat", "Panel", "Team", "Bank",
    "Authority", "Board", "Conference", "Structure", "Assembly", "Tribunal", "Task",
}
_TITLES = re.compile(
    r"^(?:(?:His|Her)\s+(?:Excellency|Majesty|Royal Highness)\s+|Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+|Dr\.?\s+|"
    r"Ambassador\s+|President\s+|Minister\s+|Prince\s+|Sheikh\s+|Judge\s+|General\s+|Lieutenant\s+)+"
)
_NOT_NAMES = {"Member States", "Permanent Representative", "President", "Secretary-General", "Annex",
              "Security Council", "Council", "Committee", "Concept", "Background", "Objective"}
_PERSON_STOP = re.compile(r"\b(Council|Committee|Nations|Resolution|Charter|Convention|Agenda|Republic|"
                          r"State|States|Government|Office|Mission|Annex|Concept|Group|Organization|Union|"
                          r"Excellency|Chair|Chamber|Strategy|Plan|Debate|Session)\b")


@dataclass(frozen=True)
class _Cand:
    start: int  # token offsets in the Doc
    end: int
    cstart: int  # character offsets in the cleaned text
    cend: int
    type: str
    id: str
    source: str


def extract(doc: Doc, source: SourceDocument) -> Extraction:
    ref = refdata.load()
    sentences, sent_of_token = _sentences(doc, source)
    paragraphs = _paragraphs(source)
    para_at = paragraph_finder(paragraphs)
    sentences = [replace(s, paragraph=para_at(s.start)) for s in sentences]
    local: dict[str, tuple[str, str, tuple[str, ...]]] = dict(doc._.unkg_local or {})

    cands = _candidates(doc, source, local)
    chosen = _resolve(cands, doc)

    own = compare_key(source.meta.symbol) if source.meta.symbol else None
    chosen = [c for c in chosen if not (c.type in ("Resolution", "Document") and compare_key(c.id) == own)]

    name_spans = [(c.cstart, c.cend) for c in chosen if c.type in ("Organization", "Instrument", "Document", "Resolution")]
    themes = []
    for span in doc.spans[THEMES]:
        cs, ce = span.start_char, span.end_char
        if any(s <= cs and ce <= e for s, e in name_spans):
            continue  # a theme word inside a name or title does not count
        themes.append(_Cand(span.start, span.end, cs, ce, "Theme", span.kb_id_, "theme"))
    themes = _longest_per_theme_overlap(themes)

    entities: dict[EntityRef, Entity] = {}
    mentions: list[Mention] = []
    for c in sorted(chosen + themes, key=lambda c: (c.cstart, c.cend, c.type, c.id)):
        eref = EntityRef(c.type, c.id)
        if eref not in entities:
            entities[eref] = _entity(eref, ref, local)
        rs, re_ = source.to_raw(c.cstart, c.cend)
        mentions.append(Mention(eref, rs, re_, source.raw[rs:re_], source.text[c.cstart:c.cend],
                                sent_of_token[c.start], c.source))

    relations = _relations(doc, source, sentences, paragraphs, chosen, themes, entities, sent_of_token)
    for r in relations:  # a signatory named only in the signature is still an entity
        if r.predicate == "signedBy" and EntityRef("Person", r.object) not in entities:
            entities[EntityRef("Person", r.object)] = Entity("Person", r.object, r.object, local=True)

    comentions: Counter = Counter()
    by_sentence: dict[int, set[EntityRef]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, set()).add(m.entity)
    for refs in by_sentence.values():
        for a, b in combinations(sorted(refs, key=lambda r: (r.type, r.id)), 2):
            comentions[(a, b)] += 1

    return Extraction(source, sentences, paragraphs, entities, mentions, relations, dict(comentions))


# --------------------------------------------------------------------------------------------
# Structure


def _sentences(doc: Doc, source: SourceDocument) -> tuple[list[Sentence], list[int]]:
    sentences: list[Sentence] = []
    sent_of_token = [0] * (len(doc) + 1)
    for sent in doc.sents:
        text = sent.text.strip()
        idx = len(sentences) if text else max(len(sentences) - 1, 0)
        for t in sent:
            sent_of_token[t.i] = idx
        if not text:
            continue
        lead = len(sent.text) - len(sent.text.lstrip())
        cs = sent.start_char + lead
        ce = cs + len(text)
        rs, re_ = source.to_raw(cs, ce)
        sentences.append(Sentence(len(sentences), rs, re_, text))
    if not sentences:
        sentences.append(Sentence(0, 0, 0, ""))
    return sentences, sent_of_token


_NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+")
# "The Security Council," opens the preamble; in PDF text it may end the line of the adoption
# note ("Adopted by the Security Council at its 7351st meeting, on ... The Security Council,").
_PREAMBLE_OPEN = re.compile(r"(?:^|\s)The Security Council,?\s*$")


def _paragraphs(source: SourceDocument) -> list[Paragraph]:
    text = source.text
    out: list[Paragraph] = []
    offset = 0
    in_preamble = False
    operative_seen = False
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        body = line.strip()
        if not body:
            continue
        lead = len(line) - len(line.lstrip())
        num = _NUMBERED.match(line)
        if _PREAMBLE_OPEN.search(line):
            in_preamble, role = True, "heading"
        elif num:
            role = "operative" if source.meta.kind in ("resolution", "presidential statement") else "body"
            operative_seen = True
            in_preamble = False
        elif in_preamble and not operative_seen:
            role = "preambular"
        elif len(body) < 90 and not body.endswith((".", ",", ";", ":")):
            role = "heading"
        else:
            role = "body"
        rs, re_ = source.to_raw(start + lead, start + lead + len(body))
        out.append(Paragraph(len(out), rs, re_, num[1] if num else None, role))
    return out


# --------------------------------------------------------------------------------------------
# Candidates and their resolution


def _candidates(doc: Doc, source: SourceDocument, local: dict) -> list[_Cand]:
    cands: list[_Cand] = []

    def add(span: Span, source_name: str, type_: str | None = None, id_: str | None = None) -> None:
        cands.append(_Cand(span.start, span.end, span.start_char, span.end_char, type_ or span.label_,
                           id_ or span.kb_id_, source_name))

    for span in doc.spans[CITATIONS]:
        add(span, "symbol")
    for span in doc.spans[DEFINED]:
        add(span, "defined")
    for span in doc.spans[NAMES]:
        add(span, "reference")
    for span in doc.ents:
        cleaned = _clean_ner(span)
        if cleaned is None:
            continue
        type_, name, sub = cleaned
        cands.append(_Cand(sub.start, sub.end, sub.start_char, sub.end_char, type_, name, "ner"))
        if type_ == "Organization" and name not in local:
            local[name] = ("Organization", name, ())
    for m in re.finditer(r"\(Signed\)\s+([^\n(]{3,80}?)\s*$", source.text, re.M):
        name = re.sub(r"\s+", " ", m.group(1)).strip()
        span = doc.char_span(m.start(1), m.start(1) + len(name), alignment_mode="expand")
        if span is not None and _looks_like_person(name):
            cands.append(_Cand(span.start, span.end, span.start_char, span.end_char, "Person", name, "defined"))
    for m in re.finditer(r"\bCommittee (?:established )?pursuant to resolutions? (\d{3,4})\b[^\n,;]*?(?=[,;.]|\n|$| to | and to)", source.text):
        ident = f"{m.group(1)} Committee"
        ref = refdata.load()
        if ref.get("Organization", ident) is None:
            local[ident] = ("Organization", m.group(0).strip(), ())
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is not None:
            cands.append(_Cand(span.start, span.end, span.start_char, span.end_char, "Organization", ident, "defined"))
    return cands


def _clean_ner(span: Span) -> tuple[str, str, Span] | None:
    """A model entity, cleaned: no leading "the", no trailing punctuation, no line breaks, no
    headings or numbering. Returns (type, id, span) or None to drop it."""
    if span.label_ not in ("ORG", "PERSON"):
        return None
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space):
        start += 1
    for i in range(start, end):  # "Shanghai Cooperation Organization (SCO": the name ends before "("
        if doc[i].text in ("(", "[", "\u201c", '"'):
            end = i
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= start:
        return None
    sub = doc[start:end]
    text = sub.text
    if "\n" in text or re.search(r"\d", text) or text in _NOT_NAMES:
        return None
    if re.match(r"^[IVX]+\.\s", text) or text.isupper() and len(text.split()) > 1:
        return None
    if span.label_ == "ORG":
        words = text.split()
        if len(words) < 2 or not any(w in _ORG_WORDS for w in words):
            return None
        if any(w[0].islower() and w not in ("of", "the", "for", "on", "and", "in", "against", "to", "de") for w in words):
            return None
        if words[0] in ("Permanent", "President", "Ambassador", "Chair", "Member", "Minister"):
            return None
        name = " ".join(words)  # "Security  Council" in PDF text is still the Security Council
        known = _reference_forms().get(name.lower())
        if known is not None:
            return known.type, known.id, sub
        return "Organization", name, sub
    bare = _TITLES.sub("", text).strip()
    name = " ".join(bare.split())
    if not _looks_like_person(name):
        return None
    offset = text.index(bare)
    sub2 = doc.char_span(sub.start_char + offset, sub.start_char + offset + len(bare), alignment_mode="contract")
    if sub2 is None:
        return None
    return "Person", name, sub2


@lru_cache(maxsize=1)
def _reference_forms() -> dict[str, EntityRef]:
    """Lower-cased written forms of reference entities, so that a name the statistical model
    finds is merged with the reference entity it spells."""
    return {form.lower(): ref for form, ref in refdata.load().surface_forms() if len(form) > 4}


def _looks_like_person(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or _PERSON_STOP.search(name):
        return False
    particles = {"de", "da", "del", "van", "von", "bin", "al", "el", "la", "le", "di", "dos", "du"}
    return all(w[0].isupper() or w.lower() in particles or w.startswith(("al-", "el-")) for w in words)


def _resolve(cands: list[_Cand], doc: Doc) -> list[_Cand]:
    """Longest span first; a nested span survives only where the rules say it names something."""
    # Rules and reference names first, longest first; the statistical model only fills gaps.
    ordered = sorted(cands, key=lambda c: (c.source == "ner", -(c.cend - c.cstart), -_PRIORITY.get(c.source, 0),
                                           c.cstart, c.type, c.id))
    chosen: list[_Cand] = []
    taken: set[tuple[int, int]] = set()
    # The chosen spans covering each token: overlap tests look only at a candidate's own
    # tokens, so resolving stays linear in the length of the document.
    cover: list[list[_Cand]] = [[] for _ in range(len(doc) + 1)]

    def overlapping(c: _Cand) -> list[_Cand]:
        seen: dict[int, _Cand] = {}
        for i in range(c.start, max(c.end, c.start + 1)):
            for o in cover[i]:
                seen.setdefault(id(o), o)
        return [o for o in seen.values() if not (o.cend <= c.cstart or c.cend <= o.cstart)]

    for c in ordered:
        if (c.cstart, c.cend) in taken:
            continue  # the same text already names something of higher rank
        near = overlapping(c)
        if c.source == "ner" and near:
            continue
        if c.type == "State" and _is_place_name(doc, c):
            continue
        keep = True
        for o in near:
            nested = o.cstart <= c.cstart and c.cend <= o.cend
            if not nested:
                keep = False  # crossing spans: the longer one wins
                break
            if not _counts_inside(c, o):
                keep = False
                break
        if keep:
            chosen.append(c)
            taken.add((c.cstart, c.cend))
            for i in range(c.start, max(c.end, c.start + 1)):
                cover[i].append(c)
    return chosen


def _counts_inside(inner: _Cand, outer: _Cand) -> bool:
    if inner.type in ("Resolution", "Document"):
        return outer.type == "Organization"  # "Committee established pursuant to resolution 1267 (1999)"
    if inner.type == "State":
        return outer.type == "Organization"
    if inner.type == "Organization":
        return outer.type in ("Organization", "Instrument")
    return False


def _is_place_name(doc: Doc, c: _Cand) -> bool:
    before = doc[c.start - 1].text if c.start > 0 else ""
    after = doc[c.end].text if c.end < len(doc) else ""
    return before in _GEO_BEFORE or after in _GEO_AFTER


def _longest_per_theme_overlap(themes: list[_Cand]) -> list[_Cand]:
    out = []
    for c in sorted(themes, key=lambda c: (c.cstart, -(c.cend - c.cstart))):
        if any(o.id == c.id and o.cstart <= c.cstart and c.cend <= o.cend for o in out):
            continue
        out.append(c)
    return out


def _entity(eref: EntityRef, ref: refdata.Reference, local: dict) -> Entity:
    known = ref.entities.get(eref)
    if known is not None:
        return known.copy(local=False)
    if eref.type == "Resolution":
        return Entity("Resolution", eref.id, eref.id)
    if eref.type == "Document":
        return Entity("Document", eref.id, eref.id)
    if eref.id in local:
        type_, label, aliases = local[eref.id]
        return Entity(eref.type, eref.id, label, tuple(a for a in aliases if a != eref.id), local=True)
    return Entity(eref.type, eref.id, eref.id, local=True)


# --------------------------------------------------------------------------------------------
# Relations


def _relations(doc, source, sentences, paragraphs, chosen, themes, entities, sent_of_token) -> list[Relation]:
    rels: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()

    para_at = paragraph_finder(paragraphs)

    def para_of(cpos: int) -> int | None:
        return para_at(source.to_raw(cpos, cpos + 1)[0])

    def add(s, p, o, st=None, ot=None, sent=None, para=None, rule=""):
        key = (s, p, o)
        if key in seen:
            return
        seen.add(key)
        rels.append(Relation(s, p, o, st, ot, sent, para, rule))

    for c in chosen:
        if c.type in ("Resolution", "Document"):
            add("$doc", "cites", c.id, None, c.type, sent_of_token[c.start], para_of(c.cstart), "citation")

    text = source.text
    meta = source.meta
    states = [c for c in chosen if c.type == "State"]
    orgs = [c for c in chosen if c.type == "Organization"]

    def within(cands, s, e):
        return [c for c in cands if s <= c.cstart and c.cend <= e]

    # Letters: sender and addressee from the title line "Letter dated ... from X addressed to Y".
    sender = None
    if meta.kind in ("letter", "concept note"):
        m = re.search(r"(?:Letter|letters) dated [^\n]*?\bfrom (?:the )?([^\n]*?)\s+(?:addressed )?to the "
                      r"(Secretary-General|President of the Security Council|[^\n]{0,80}?)(?:\n|$|\s\()", text)
        if m:
            s_states = within(states, m.start(1), m.end(1))
            s_orgs = [o for o in within(orgs, m.start(1), m.end(1)) if o.id not in ("United Nations", "Security Council")]
            if s_states:
                sender = s_states[0]
            elif s_orgs:
                sender = s_orgs[0]
            elif "Secretary-General" in m.group(1):
                sender = _Cand(0, 0, m.start(1), m.end(1), "Organization", "Secretary-General", "structure")
                entities.setdefault(EntityRef("Organization", "Secretary-General"),
                                    _entity(EntityRef("Organization", "Secretary-General"), refdata.load(), {}))
            if sender is not None:
                add("$doc", "sentBy", sender.id, None, sender.type, None, None, "letter-title")
            addressee = m.group(2)
            target = ("Secretary-General" if "Secretary-General" in addressee
                      else "Security Council" if "Security Council" in addressee else None)
            if target:
                add("$doc", "addressedTo", target, None, "Organization", None, None, "letter-title")

    for m in re.finditer(r"\(Signed\)\s+([^\n(]{3,80}?)\s*$", text, re.M):
        name = re.sub(r"\s+", " ", m.group(1)).strip()
        if _looks_like_person(name):
            add("$doc", "signedBy", name, None, "Person", None, None, "signature")

    # The presidency of the Council.
    month_of = lambda d: d[:7] if d else None  # noqa: E731
    for m in re.finditer(r"President of the Security Council for the month of (\w+) (\d{4})", text):
        d = parse_date("1", m.group(1), m.group(2))
        if d and sender is not None and sender.type == "State":
            add(sender.id, "presidentOfCouncil", month_of(d), "State", None, None, None, "for-the-month-of")
    # In letters the writer speaks for the sender; in meeting records many speakers thank
    # "the presidency", so there only the record's header counts.
    presidency_rule = meta.kind in ("letter", "concept note")
    for m in (re.finditer(r"\b(?:its|my|our) presidency of the (?:Security )?Council\b", text) if presidency_rule else ()):
        sent = next((s for s in sentences if s.start <= source.to_raw(m.start(), m.start() + 1)[0] < s.end), None)
        if sent is None:
            continue
        cs = text.rfind("\n", 0, m.start()) + 1
        ce = text.find("\n", m.end())
        ce = len(text) if ce < 0 else ce
        in_sent = within(states, cs, ce)
        d = DATE_RE.search(text, cs, ce)
        when = parse_date(*d.groups()) if d else meta.date
        holder = in_sent[0] if in_sent else (sender if sender is not None and sender.type == "State" else None)
        if holder is not None and when:
            add(holder.id, "presidentOfCouncil", month_of(when), "State", None, sent.index, None, "presidency")
    sig = re.search(r"Permanent Representative of (?:the )?[^\n]+\n\s*President of the Security Council\s*$", text, re.M)
    if sig and sender is not None and sender.type == "State" and meta.date:
        add(sender.id, "presidentOfCouncil", month_of(meta.date), "State", None, None, None, "signature-block")
    pv = re.search(r"^\s*President:\s*[^\n]*(?:\n\s*)*\(([^)\n]+)\)", text[:2000], re.M)
    if pv and meta.kind == "meeting record" and meta.date:
        holder = next((c for c in states if pv.start(1) <= c.cstart < pv.end(1)), None)
        if holder:
            add(holder.id, "presidentOfCouncil", month_of(meta.date), "State", None, None, None, "meeting-record-header")

    # partOf: "SCO (including its Regional Anti-Terrorist Structure)", "FATF and its Global Network",
    # and "Council of the League of Arab States" (a body "of the" another, inside one name).
    orgs_sorted = sorted(orgs, key=lambda c: c.cstart)
    for a, b in zip(orgs_sorted, orgs_sorted[1:]):
        between = text[a.cend : b.cstart]
        if re.fullmatch(r"\s*(?:\(|,)?\s*(?:including|and) its\s*", between) and a.id != b.id:
            add(b.id, "partOf", a.id, "Organization", "Organization", sent_of_token[a.start], para_of(a.cstart), "including-its")
            # "CIS (including its Anti-Terrorism Center)" with a second body after "and its"
    org_starts = [c.cstart for c in orgs_sorted]
    for outer in orgs_sorted:
        # only the organizations that start inside this one can be nested in it
        lo, hi = bisect.bisect_left(org_starts, outer.cstart), bisect.bisect_left(org_starts, outer.cend)
        for inner in orgs_sorted[lo:hi]:
            if outer is inner or not (outer.cstart <= inner.cstart and inner.cend <= outer.cend) or outer.id == inner.id:
                continue
            prefix = text[outer.cstart : inner.cstart]
            inner_kind = (entities.get(EntityRef("Organization", inner.id)) or Entity("Organization", inner.id)).kind or ""
            if re.search(r"\bof the\s*$", prefix) or (
                outer.cstart == inner.cstart and inner_kind in ("regional-organization", "subregional-organization")
            ):
                add(outer.id, "partOf", inner.id, "Organization", "Organization", sent_of_token[outer.start],
                    para_of(outer.cstart), "nested-name")

    # addresses: "trafficking in persons (resolutions 2331 (2016) and 2388 (2017))".
    cites = sorted((c for c in chosen if c.type in ("Resolution", "Document")), key=lambda c: c.cstart)
    cite_starts = [c.cstart for c in cites]
    for t in themes:
        m = re.match(r"\s*\((?:see\s+)?(?:the\s+)?(?:resolutions?\s+)?", text[t.cend : t.cend + 40])
        if not m or "(" not in m.group(0):
            continue
        open_at = t.cend + m.group(0).index("(")
        close_at = _matching_paren(text, open_at)
        for c in cites[bisect.bisect_right(cite_starts, open_at):bisect.bisect_left(cite_starts, close_at)]:
            if c.cend <= close_at:
                add(c.id, "addresses", t.id, c.type, "Theme", sent_of_token[c.start], para_of(c.cstart), "theme-parenthesis")
    return rels


def _matching_paren(text: str, i: int) -> int:
    depth = 0
    for j in range(i, min(len(text), i + 400)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return i
