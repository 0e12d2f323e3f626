"""Persons: whether a name is a person's, and one entity for the forms of one person's name.

The statistical model calls many capitalised runs persons: "Asset Freeze", "Road Map",
"Ali Malship Shipping Agency Ltd.", "Bandar Abbas", "Ukrainian Crimea". A name counts when the
document's own evidence allows it: not a run of words the document also writes in lower case
(common nouns), no word of a company, place or post (``data/lexicon.tsv``, ``not-person``), no
State's name or adjective, not opening with a particle ("de la ..."). A name after a title
("Mr. Nebenzia") is a person's, even a surname alone.

Within a document, a shorter form that is part of a longer one ("Nebenzia", "Carlos Ruiz" of
"Carlos Ruiz Massieu") is the same person; across documents, ``names.person_key`` makes one IRI
of "BAN Ki-moon" and "Ban Ki-moon".
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .. import refdata
from ..names import person_key
from ..registry import PERSON, STATE

_LOWER_WORD = re.compile(r"(?<![\w’'-])([a-z][a-z’'-]+)")


@lru_cache(maxsize=1)
def _excluded() -> frozenset[str]:
    ref = refdata.load()
    states = {w for e in ref.by_type(STATE) for form in (e.label or "", *e.aliases) for w in form.split() if w[:1].isupper()}
    # a body's head word ("Bar Association", "Security Council") is in no person's name
    return (frozenset(refdata.words("not-person")) | frozenset(refdata.words("org-head")) | frozenset(ref.adjectives)
            | frozenset(states))


@lru_cache(maxsize=1)
def _titles() -> re.Pattern:
    titles = "|".join(re.escape(t.rstrip(".")) for t in refdata.words("honorific"))
    particle = r"(?:de|da|del|van|von|bin|ibn|al|el|le|la|du|dos|di)"
    # a name's words on the title's line: not another title ("Mr. Nebenzia / Mr. Gonsalves")
    word = rf"(?!(?:{titles})\b)[A-Z][\w’'\-]+"
    gap = r"[^\S\n]+"
    # a last word on the next line when the line break falls inside the name, in running text
    # ("Ms. Ghada Fathi\nWaly, Executive Director"), not in a list ("Mr. Dang\nMembers:")
    wrapped = rf"(?:\n[^\S\n]*{word}(?=[,;]|[^\S\n]+[a-z]))?"
    return re.compile(rf"\b(?:{titles})\.?{gap}((?:{word}|{particle}{gap}{word})(?:{gap}(?:{word}|{particle}{gap}{word})){{0,4}}"
                      rf"{wrapped})")


def lowercase_words(text: str) -> Counter:
    """How often each word is written in lower case in the document: common nouns."""
    return Counter(m.group(1) for m in _LOWER_WORD.finditer(text))


def in_context(span) -> bool:
    """Whether the words around a span the model calls a person leave it a name: not after a
    determiner ("his Good Offices"), not the end of a capitalised title ("Travel Ban and Asset
    Freeze", "a Stable and Lasting Peace")."""
    doc = span.doc
    before = [t for t in doc[max(0, span.start - 2): span.start] if not t.is_space]
    if before and before[-1].lower_ in refdata.words("not-person-before"):
        return False
    if len(before) == 2 and before[-1].lower_ in ("and", "of", "for", "on") and before[0].text[:1].isupper():
        return False
    return True


def plausible(name: str, lower: Counter, titled: bool = False) -> bool:
    words = name.split()
    if not words or not words[0][:1].isupper():
        return False  # "de la Jordanie", "bin Laden": a name does not open with a particle
    if any(w.strip(".,’'") in _excluded() for w in words):
        return False
    content = [w for w in words if w[:1].isupper()]
    if not titled and all(lower[w.lower()] for w in content):
        return False  # "Asset Freeze", "Lasting Peace": words the document also writes in lower case
    return True


def titled_names(text: str, not_names: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, name) of each name after a title: "Mr. Nebenzia", "Ms. Mary Robinson"."""
    out = []
    offices = not_names | frozenset(w for t in refdata.words("title") for w in t.split())
    for m in _titles().finditer(text):
        written = re.sub(r"[’']s$", "", m.group(1))
        name = " ".join(written.split())
        if name.split()[0] in offices:
            continue  # "Mr. President", "Madam Secretary-General", "Mr. Minister"
        out.append((m.start(1), m.start(1) + len(written), name))
    return out


def unify(ids: set[str]) -> dict[str, str]:
    """Within one document: each person's name to the longest of its forms there. Forms with one
    ``person_key`` ("Mohamed Ibn Chambas", "Mohamed Chambas") are the one with the most words; a
    form is part of a longer one when its words are a run of the longer one's (in ``person_key``
    form), and the longer one is the only such form."""
    keys = {i: tuple(person_key(i).split()) for i in ids}
    fullest: dict[tuple, str] = {}
    for i in sorted(ids, key=lambda i: (-len(i.split()), i)):
        fullest.setdefault(keys[i], i)
    out = {i: fullest[k] for i, k in keys.items() if fullest[k] != i}
    for k, i in fullest.items():
        longer = [kj for kj in fullest if len(kj) > len(k) and _is_run(k, kj)]
        if not longer:
            continue
        longest = max(len(kj) for kj in longer)
        top = [kj for kj in longer if len(kj) == longest]
        if len(top) == 1:
            out[i] = fullest[top[0]]
    # a form merged into another that is itself part of a longer one goes to the longer one
    return {i: out.get(j, j) for i, j in out.items()}


def _is_run(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return n > 0 and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def unify_mentions(chosen: list, local: dict) -> list:
    """The resolved spans with each person's shorter forms named as its longest; the shorter
    forms become aliases of the person."""
    from dataclasses import replace

    to = unify({c.id for c in chosen if c.type == PERSON})
    for short, full in sorted(to.items()):
        _, label, aliases = local.get(full, (PERSON, full, ()))
        local[full] = (PERSON, label, tuple(sorted({*aliases, short})))
    return [replace(c, id=to[c.id]) if c.type == PERSON and c.id in to else c for c in chosen]
