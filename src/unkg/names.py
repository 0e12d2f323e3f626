"""names: how names are compared, in one place.

``normalise_name`` is the facts format's rule for matching names ("lower case, a leading 'the'
removed, punctuation other than hyphens removed, white space collapsed"); the gazetteer looks
names up with it and evaluation matches with it, so the two cannot disagree. Typographic
apostrophes and quotes count as punctuation like their ASCII forms.
"""

from __future__ import annotations

import re

_THE = re.compile(r"^the\s+")
_PUNCT = re.compile(r"[^\w\s-]")
_SPACE = re.compile(r"\s+")


def normalise_name(s: str) -> str:
    s = _THE.sub("", s.lower().strip())
    s = _PUNCT.sub("", s)
    return _SPACE.sub(" ", s).strip()


def collapse_spaces(s: str) -> str:
    return " ".join(s.split())
