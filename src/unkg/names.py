"""names: how names are compared, in one place.

``normalise_name`` is the facts format's rule for matching names ("lower case, a leading 'the'
removed, punctuation other than hyphens removed, white space collapsed"); the gazetteer looks
names up with it and evaluation matches with it, so the two cannot disagree. Typographic
apostrophes and quotes count as punctuation like their ASCII forms.
"""

from __future__ import annotations

import re
import unicodedata

_THE = re.compile(r"^the\s+")
_PUNCT = re.compile(r"[^\w\s-]")
_SPACE = re.compile(r"\s+")


def normalise_name(s: str) -> str:
    s = _THE.sub("", s.lower().strip())
    s = _PUNCT.sub("", s)
    return _SPACE.sub(" ", s).strip()


def collapse_spaces(s: str) -> str:
    return " ".join(s.split())


_PARTICLES = {"de", "da", "del", "della", "der", "van", "von", "bin", "ibn", "al", "el", "la", "le", "di", "dos",
              "du", "des", "ben", "y", "e"}


def person_key(name: str) -> str:
    """The form in which two spellings of one person's name are one: case, diacritics, hyphens
    and dots, initials and particles aside ("BAN Ki-moon" and "Ban Ki-moon", "Kofi A. Annan"
    and "Kofi Annan", "Jean-Pierre Lacroix" and "JeanPierre Lacroix", "Mohamed Ibn Chambas"
    and "Mohamed Chambas")."""
    folded = re.sub(r"['’`]s\b", "", name)  # "De Rivière’s"
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[\s.]+", folded.replace("-", "")) if w]
    kept = [w for w in words if len(w) > 1 and w not in _PARTICLES]
    return " ".join(kept or words)
