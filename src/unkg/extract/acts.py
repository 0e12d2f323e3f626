"""Acts: what the Council does in each paragraph of a resolution or presidential statement.

A resolution's grammar carries it: every paragraph opens with a clause-starter ("Recalling",
"Decides", "Calls upon", "Deeply concerned"), and an operative paragraph may go on with more
("..., and requests the Secretary-General to report within 90 days"). Each is an ``Act``, its
concept from the scheme of Council acts (``data/acts.tsv``; British and American spellings are
one act). An act that asks someone to act (request, call upon, urge, demand, authorize,
encourage, invite, direct) has its addressees (entities the text names, or groups such as
"Member States" and "parties": ``data/lexicon.tsv``, list ``addressee-group``) and its time
terms ("within 90 days", "by 31 March 2025", "every six months"), resolved from the adoption
date. "Acting under Chapter VII of the Charter" marks the paragraphs it governs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import refdata
from ..model import GROUP, Act, Paragraph, SourceDocument
from ..registry import ORGANIZATION, PERSON, STATE
from .spans import Cand
from .timeterms import TimeTerm, time_terms


_LABEL = re.compile(r"^\s*(?:\d{1,3}\.|\(\s*[a-z]{1,4}\s*\)|[a-z]{1,4}[.)]|\d{1,3}(?:\.\d{1,3})+\.?|[-–—•·▪*])\s+", re.I)
_ADVERBS = ("further", "also", "again", "once again", "once more", "strongly", "deeply", "firmly", "gravely",
            "seriously", "urgently", "expressly", "fully", "emphatically", "unequivocally", "warmly", "highly",
            "especially", "particularly", "in this regard", "in this context", "in particular", "consequently",
            "moreover", "furthermore", "therefore", "equally", "likewise", "similarly", "now", "hereby", "thus")
_ADVERB_RE = "(?:(?:" + "|".join(sorted((re.escape(a) for a in _ADVERBS), key=len, reverse=True)) + r")[ ,]+)*"
_CHARTER = r"(?:the\s+)?(?:UN\s+|United\s+Nations\s+)?Charter(?:\s+of\s+the\s+United\s+Nations)?"
_CHAPTER7 = re.compile(rf"\b[Aa]cting\s+under\s+Chapter\s+VII\s+of\s+{_CHARTER}\b(?:[^.;]*?\bArticles?\s+(\d+)(?:\s+and\s+(\d+))?)?")
_ARTICLE = re.compile(rf"\b[Aa]cting\s+under\s+Article\s+(\d+)(?:\s+and\s+(\d+))?\s+of\s+{_CHARTER}")
_DECIDES_TO = re.compile(r"\bdecides\s+(?:further\s+|also\s+)?to\s+(authori[sz]e)\b|"
                         r"\b(?:reiterates|renews|reaffirms|recalls)\s+its\s+(request)s?\s+to\b", re.I)
_SUBJECT = re.compile(r"\b(?:The Security Council|The Council|It)\s+")


@dataclass(frozen=True)
class _Scheme:
    """The acts of the scheme: every form as written (lower case) -> its notation; the forms
    that ask someone to act; and two patterns: a form opening a paragraph, a form opening a
    later clause of one."""

    notation_of: dict[str, str]
    asks: frozenset[str]
    opening: re.Pattern
    clause: re.Pattern


def _spellings(form: str) -> set[str]:
    """"recognizes" is also written "recognises"."""
    return {form, re.sub(r"iz(e|es|ed|ing)\b", r"is\1", form)}


@lru_cache(maxsize=1)
def scheme() -> _Scheme:
    notation_of: dict[str, str] = {}
    asks = set()
    for r in refdata.rows("acts.tsv"):
        if not r["forms"]:
            continue
        if r["asks"] == "yes":
            asks.add(r["notation"])
        for form in r["forms"].split("|"):
            for f in _spellings(" ".join(form.split()).lower()):
                notation_of.setdefault(f, r["notation"])
    forms = sorted(notation_of, key=len, reverse=True)
    alt = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    opening = re.compile(rf"{_ADVERB_RE}({alt})\b", re.I)
    # a later clause: after a comma, semicolon or "and", an operative verb (a third-person form)
    third = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms if f.split()[0].endswith("s"))
    clause = re.compile(rf"(?:[,;:]\s+(?:and\s+)?|\s+and\s+){_ADVERB_RE}({third})\b", re.I)
    return _Scheme(notation_of, frozenset(asks), opening, clause)


def notation(text: str) -> str | None:
    return scheme().notation_of.get(" ".join(text.split()).lower())


def paragraph_acts(source: SourceDocument, doc, paragraphs: list[Paragraph], chosen: list[Cand]) -> list[Act]:
    """The acts of every preambular and operative paragraph, in order (for a presidential
    statement, of every sentence "The Security Council requests ...")."""
    text = source.text
    sch = scheme()
    acts: list[Act] = []
    mentions = sorted((c for c in chosen if c.type in (STATE, ORGANIZATION, PERSON)), key=lambda c: c.cstart)
    for p in paragraphs:
        if p.role not in ("preambular", "operative") and source.meta.kind != "presidential statement":
            continue
        body_start = p.cstart + (_LABEL.match(text[p.cstart:p.cend]).end() if _LABEL.match(text[p.cstart:p.cend]) else 0)
        found: list[tuple[int, int, bool]] = []  # verb start, end (cleaned text), opens the paragraph
        m = sch.opening.match(text, body_start, p.cend)
        if m:
            found.append((m.start(1), m.end(1), True))
        elif source.meta.kind == "presidential statement":
            for s in _SUBJECT.finditer(text, p.cstart, p.cend):
                v = sch.opening.match(text, s.end(), p.cend)
                if v:
                    found.append((v.start(1), v.end(1), not found))
        if p.role == "operative" or source.meta.kind == "presidential statement":
            start = found[-1][1] if found else body_start
            found += [(c.start(1), c.end(1), False) for c in sch.clause.finditer(text, start, p.cend)]
            # "Decides to authorize ...": the decision is an authorization too
            found += [(c.start(c.lastindex), c.end(c.lastindex), False) for c in _DECIDES_TO.finditer(text, body_start, p.cend)]
        found.sort()
        for k, (vs, ve, main) in enumerate(found):
            clause_end = found[k + 1][0] if k + 1 < len(found) else p.cend
            acts += _acts(source, doc, p, vs, ve, clause_end, main, mentions, len(acts))
    return acts


def _acts(source: SourceDocument, doc, p: Paragraph, vs: int, ve: int, clause_end: int, main: bool,
          mentions: list[Cand], base: int) -> list[Act]:
    text = source.text
    written = " ".join(text[vs:ve].split())
    note = notation(written) or ""
    rs, re_ = source.to_raw(vs, ve)
    if note not in scheme().asks:
        return [Act(base, p.index, rs, re_, source.raw[rs:re_], note, main)]
    addressees = _addressees(doc, text, ve, clause_end, mentions) or [None]
    terms: list[TimeTerm | None] = time_terms(text[ve:clause_end], source.meta.date) or [None]
    out = []
    for who in addressees:
        for t in terms:
            out.append(Act(base + len(out), p.index, rs, re_, source.raw[rs:re_], note, main and not out, None, who,
                           t.deadline if t else None, t.within if t else None, t.every if t else None))
    return out


_THAT = re.compile(r"^\s*that\s+")
_SUBSET = re.compile(r"^(?:especially|in particular|particularly|notably|inter alia)\b", re.I)
_ASIDE = re.compile(r"^(?:in|with|within|through|as|where|when|upon|at|by|on|under|for|from|during|after|before|"
                    r"without|via|consistent|acting|taking|bearing|building|drawing|working|following)\b", re.I)
_SPLIT = re.compile(r",\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+|\s+or\s+")
_DETERMINERS = re.compile(r"^(?:the|all|any|each|every|those|these|such|other|relevant|concerned|also|both)\s+", re.I)
# what may stand around a State's name in its addressee: "the Government of Mali", "the
# transitional authorities of Mali", "Haiti's authorities"
_STATE_ORGANS = re.compile(r"^(?:the\s+)?(?:transitional\s+|national\s+|federal\s+)?(?:Government|Governments|authorities|"
                           r"Authorities|President|Presidency)\s+of(?:\s+the)?$|^(?:’s|'s)\b.*$")
_PLURAL_HEAD = re.compile(r"^(?:[a-z\-]+\s+){0,2}[a-z\-]*(?:s|ies|people|personnel|leadership|community)$")


def _region(doc, start: int, end: int) -> tuple[int, int] | None:
    """Where the addressees of an asking act stand: between its verb and the infinitive of what
    it asks ("calls upon all States [not] to ..."), or the subject of its that-clause ("demands
    that all parties cease ...")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    toks = [t for t in span if not t.is_space]
    if not toks:
        return None
    if toks[0].lower_ == "that":
        seen_noun = False
        for t in toks[1:]:
            if t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" and seen_noun:
                return toks[0].idx + 4, t.idx
            seen_noun = seen_noun or t.pos_ in ("NOUN", "PROPN", "PRON")
        return None
    lead = toks[0].idx + len(toks[0].text) if toks[0].lower_ in ("to", "upon", "on") else start  # "its request to X to"
    for k, t in enumerate(toks[:-1]):
        nxt = next((u for u in toks[k + 1:k + 3] if u.pos_ != "ADV"), None)  # "to immediately start"
        if t.lower_ == "to" and t.idx >= lead and nxt is not None and (nxt.pos_ in ("VERB", "AUX") or nxt.lower_ == "continue"):
            stop = toks[k - 1].idx if k > 0 and toks[k - 1].lower_ == "not" else t.idx
            return lead, stop
    return None


def _addressees(doc, text: str, start: int, end: int, mentions: list[Cand]) -> list[tuple[str, str]]:
    """Whom an asking act asks: each item of the list between its verb and the infinitive, an
    entity the text names or a group ("calls upon all States and regional organizations to
    ..."); none when what stands there is not a list of actors ("encourages continued work
    towards ... to support ...")."""
    region = _region(doc, start, end)
    if region is None or region[1] - region[0] > 300:
        return []
    rs, re_ = region
    inside = [c for c in mentions if rs <= c.cstart and c.cend <= re_]
    top = [c for c in inside if not any(o is not c and o.cstart <= c.cstart and c.cend <= o.cend for o in inside)]
    out: list[tuple[str, str]] = []
    for piece, ps, pe in _pieces(text[rs:re_], rs):
        if _ASIDE.match(piece.strip()):
            break  # ", in close coordination with the AU, to ...": the list has ended
        if not piece.strip() or _SUBSET.match(piece.strip()):
            continue  # "Member States, especially those in the region": not another addressee
        named = [c for c in top if ps <= c.cstart and c.cend <= pe]
        if named:
            who = _named(text, piece, ps, named)
            if who is None:
                return []
            out += who
            continue
        state = _state_by_adjective(piece)
        if state:
            out.append((STATE, state))  # "French troops", "the Malian authorities"
            continue
        g = _group(piece)
        name = _DETERMINERS.sub("", " ".join(piece.split()))
        if g is None and re.fullmatch(r"[A-Z][\w’'\-]*(?:\s+(?:and|of|for|the|[A-Z][\w’'\-]*))*", name):
            out.append((GROUP, name))  # a body the text names that is not an entity of the facts format
            continue
        if g is None:
            return []  # not a list of actors
        out.append((GROUP, g))
    return list(dict.fromkeys(out))


_CONNECTORS = re.compile(r"^(?:the|all|also|and|or|as well as|,|both)$", re.I)
_ORG_AFTER = re.compile(r"^(?:mission|force|forces|operation|office|team|panel|committee|secretariat)$", re.I)


def _named(text: str, piece: str, ps: int, named: list[Cand]) -> list[tuple[str, str]] | None:
    """The entities of one item, if the item is those entities ("the Government of Mali",
    "France and Chad", "MINUSMA's components", "the MSS mission"); a group before a place is the
    group ("all rebel armed groups in Mali"); an entity's name before a plural noun is a group
    ("United Nations entities"); an item that says more ("for the duration of UNITAMS'
    transition") is not one."""
    ordered = sorted(named, key=lambda c: c.cstart)
    first = ordered[0].cstart - ps
    before = " ".join(piece[:first].split())
    place = re.fullmatch(r"(.+?)\s+(?:in|of|from)(?:\s+the)?", before)
    if place and len(ordered) == 1 and not _STATE_ORGANS.match(_DETERMINERS.sub("", before + " ").strip()) \
            and _group(place.group(1)):
        return [(GROUP, _group(place.group(1)))]
    gaps = [piece[a.cend - ps:b.cstart - ps] for a, b in zip(ordered, ordered[1:])]
    after = " ".join(piece[ordered[-1].cend - ps:].split())
    if any(g.strip() and not all(_CONNECTORS.match(w) for w in g.replace(",", " , ").split()) for g in gaps):
        return None
    if len(ordered) == 1 and not _DETERMINERS.sub("", before + " ").strip() and after and _PLURAL_HEAD.match(after) \
            and not after.startswith(("’", "'")):
        return [(GROUP, " ".join(piece.split()).lower().removeprefix("the ").removeprefix("all "))]
    before = _DETERMINERS.sub("", before + " ").strip()
    if before and not _STATE_ORGANS.match(before):
        return None
    if after and not (after.startswith(("’", "'")) or _ORG_AFTER.match(after)):
        return None
    return [(c.type, c.id) for c in ordered]


_ORGANS = ("troops", "forces", "authorities", "government", "army", "police", "military")


def _state_by_adjective(piece: str) -> str | None:
    words = _DETERMINERS.sub("", " ".join(piece.split())).split()
    adjectives = refdata.load().adjectives
    if len(words) == 2 and words[0] in adjectives and words[1].lower() in _ORGANS:
        return adjectives[words[0]]
    return None


def _pieces(region: str, offset: int) -> list[tuple[str, int, int]]:
    """The items of an addressee list, a lone adjective given the next item's noun ("regional
    and international organizations" are regional organizations and international ones)."""
    items, pos = [], 0
    for m in _SPLIT.finditer(region):
        before, after = region[:m.start()].split()[-1:], region[m.end():].split()[:1]
        if m.group(0).strip() == "and" and before and after and before[0][:1].isupper() and after[0][:1].isupper():
            continue  # "Sahel and Maghreb States", "Defence and Security Forces": one name
        items.append((region[pos:m.start()], offset + pos, offset + m.start()))
        pos = m.end()
    items.append((region[pos:], offset + pos, offset + len(region)))
    out = []
    for k, (piece, s, e) in enumerate(items):
        words = piece.split()
        if len(words) == 1 and words[0].islower():
            head = next((it[0].split()[-1] for it in items[k + 1:] if len(it[0].split()) > 1), None)
            if head:
                piece = f"{words[0]} {head}"
        out.append((piece, s, e))
    return out


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[str, str], ...]:
    """(head, group) pairs, longest head first: "regional organizations" -> "regional and
    subregional organizations"."""
    pairs = refdata.word_map("addressee-group")
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


def _group(piece: str) -> str | None:
    phrase = " ".join(piece.replace("\n", " ").split()).strip(" ,;:")
    while True:
        shorter = _DETERMINERS.sub("", phrase)
        if shorter == phrase:
            break
        phrase = shorter
    if not phrase or not phrase[:1].isalpha() or len(phrase.split()) > 6:
        return None
    phrase = re.sub(r"(?<=[a-z])is(ation|ations|e|es|ed|ing)\b", r"iz\1", phrase)  # "organisations"
    phrase = re.sub(r"(?:\s+(?:involved|concerned|present|alike|themselves))+$", "", phrase)  # "all Member States involved"
    low = phrase.lower()
    adjectives = refdata.load().adjectives
    for head, group in _groups():
        extra = phrase.split()[:len(phrase.split()) - len(head.split())]
        if low == head or (low.endswith(" " + head) and all(w in adjectives or w.islower() for w in extra)):
            return group
    words = [w for w in phrase.split() if w not in adjectives]
    if not words or not re.search(r"(?:s|ies|people|community|personnel|leadership|society)$", words[-1].lower()):
        return None  # a group of actors is a plural noun ("financial institutions")
    return " ".join(words).lower()


def chapter7(source: SourceDocument, paragraphs: list[Paragraph]) -> tuple[bool, frozenset[int], dict[int, tuple[str, ...]]]:
    """Whether the Council acts under Chapter VII, the paragraphs that determination governs,
    and the Charter articles named: in the preamble it governs every operative paragraph; at the
    head of an operative paragraph, that paragraph and its sub-paragraphs."""
    text = source.text
    governed: set[int] = set()
    articles: dict[int, tuple[str, ...]] = {}
    whole = False
    children: dict[int, list[int]] = {}
    for p in paragraphs:
        if p.parent is not None:
            children.setdefault(p.parent, []).append(p.index)
    for p in paragraphs:
        seg = text[p.cstart:p.cend]
        m = _CHAPTER7.search(seg) or _ARTICLE.search(seg)
        if not m:
            continue
        named = tuple(a for a in m.groups() if a)
        if p.role == "preambular" or not any(q.role == "operative" and q.index < p.index for q in paragraphs):
            whole = True
            targets = [q.index for q in paragraphs if q.role == "operative"]
        else:
            targets, todo = [], [p.index]
            while todo:
                k = todo.pop()
                targets.append(k)
                todo += children.get(k, [])
        if _CHAPTER7.search(seg):
            governed.update(targets)
        for k in targets:
            if named:
                articles[k] = tuple(sorted(set(articles.get(k, ())) | set(named)))
    return whole or bool(governed), frozenset(governed), articles
