"""Reference data: the package's own tables under ``unkg/data`` (see data/README.md for the
source and terms of each), and the word lists of the rules (``data/lexicon.tsv``). Loaded once
per process and shared read-only."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .model import Entity, EntityRef
from .registry import INSTRUMENT, ORGANIZATION, STATE, THEME

#: The package's tables. ``UNKG_DATA`` names a folder of a user's own tables: a table found
#: there (by its name) is read instead of the package's.
PACKAGE_DATA = Path(str(resources.files("unkg") / "data"))
DATA = Path(os.environ["UNKG_DATA"]) if os.environ.get("UNKG_DATA") else PACKAGE_DATA


def table_path(name: str) -> Path:
    own = DATA / name
    return own if own.is_file() else PACKAGE_DATA / name


def _rows(name: str) -> list[dict[str, str]]:
    path = table_path(name)
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f, delimiter="\t")]


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(" | ") if v.strip()) if value else ()


@dataclass(frozen=True)
class Theme:
    id: str
    pref_label: str
    scope: str
    unbis_label: str
    alt_labels: tuple[str, ...]


@dataclass
class Reference:
    entities: dict[EntityRef, Entity]
    themes: dict[str, Theme]
    theme_terms: list[tuple[str, str]]
    resolution_years: dict[int, int]
    resolutions: dict[str, dict[str, str]]  # by symbol: date, meeting, topic
    adjectives: dict[str, str] = field(default_factory=dict)  # "Peruvian" -> "PER"

    def by_type(self, type_: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_]

    def get(self, type_: str, id_: str) -> Entity | None:
        return self.entities.get(EntityRef(type_, id_))

    def surface_forms(self) -> list[tuple[str, EntityRef]]:
        """Every written form of every named entity (States, organizations, instruments)."""
        out: list[tuple[str, EntityRef]] = []
        for e in self.entities.values():
            forms = {e.id, e.label or e.id, *e.aliases}
            if e.type == STATE and len(e.id) == 3 and e.id.isupper():
                forms.discard(e.id)  # "PER" in prose is not Peru
            out.extend((f, e.ref) for f in sorted(forms) if f)
        return out


@lru_cache(maxsize=1)
def load() -> Reference:
    entities: dict[EntityRef, Entity] = {}
    adjectives: dict[str, str] = {}
    for r in _rows("states.tsv"):
        e = Entity(STATE, r["iso3"], r["name"], _split(r["aliases"]), kind=r.get("status") or "member",
                   identifiers={"iso3": r["iso3"], **({"wikidata": r["wikidata"]} if r.get("wikidata") else {})})
        entities[e.ref] = e
        for adj in _split(r.get("adjectives", "")):
            adjectives[adj] = r["iso3"]
    for r in _rows("organizations.tsv"):
        e = Entity(ORGANIZATION, r["id"], r["label"] or r["id"], _split(r["aliases"]), kind=r["kind"] or None,
                   parent=r["parent"] or None)
        entities[e.ref] = e
    for r in _rows("instruments.tsv"):
        e = Entity(INSTRUMENT, r["id"], r["id"], _split(r["aliases"]), kind=r["kind"] or None)
        entities[e.ref] = e
    themes = {
        r["id"]: Theme(r["id"], r["pref_label"], r["scope"], r.get("unbis_label", ""), _split(r.get("alt_labels", "")))
        for r in _rows("themes.tsv")
    }
    for t in themes.values():
        e = Entity(THEME, t.id, t.pref_label, t.alt_labels)
        entities[e.ref] = e
    terms = [(r["theme"], r["term"]) for r in _rows("theme_terms.tsv") if r["theme"] in themes and r["term"]]
    resolutions = {r["symbol"]: r for r in _rows("resolutions.tsv")}
    years = {int(r["number"]): int(r["symbol"].rsplit("(", 1)[1].rstrip(")")) for r in resolutions.values()}
    # resolutions after the Library's record ends, from the documents' own full citations
    for r in _rows("resolutions_recent.tsv"):
        years.setdefault(int(r["number"]), int(r["year"]))
    return Reference(entities, themes, terms, years, resolutions, adjectives)


@lru_cache(maxsize=16)
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a table of ``unkg/data`` (or of ``UNKG_DATA``), read once."""
    return tuple(_rows(name))


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, dict[str, str]]:
    lists: dict[str, dict[str, str]] = {}
    for r in _rows("lexicon.tsv"):
        lists.setdefault(r["list"], {})[r["entry"]] = r["value"]
    return lists


def words(name: str) -> tuple[str, ...]:
    """A word list of ``data/lexicon.tsv``, in its order (KeyError names a list that is not there)."""
    return tuple(_lexicon()[name])


def word_map(name: str) -> dict[str, str]:
    """A list of ``data/lexicon.tsv`` whose entries carry a value: entry -> value."""
    return dict(_lexicon()[name])
