"""The spaCy pipeline: a trained English model plus unkg's rule components.

Components (registered factories, addressed by name, in pipeline order; ``nlp.analyze_pipes()``
shows what each assigns):

- ``unkg_line_breaks`` (before the parser): a line break ends a sentence. Council texts put
  every paragraph, heading and list item on its own line, often without final punctuation.
- ``unkg_citations``: resolutions and document symbols (``symbols.find_citations``).
- ``unkg_names``: States, organizations and instruments of the reference data (two SpanRulers:
  exact, and case-insensitive for long names), plus "the Council", "the Charter".
- ``unkg_definitions``: names a document defines itself ("... Organization (CSTO)") and every
  later use of their acronyms.
- ``unkg_themes``: the theme vocabulary (SpanRulers on lower-cased words and on lemmas), and the
  items of "trafficking in arms, drugs and persons" lists.

Each writes a span group (``doc.spans[...]``) whose spans carry the entity type as label and the
canonical id as ``id_``. Choosing among overlapping spans is extract's job, not the pipeline's,
so that the groups stay inspectable.
"""

from __future__ import annotations

import logging
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import Errors, ModelNotFound, Warnings
from ..settings import configured_models
from . import components, names, themes  # noqa: F401  (registers the factories)
from .components import CITATIONS
from .names import DEFINED, NAMES, THINGS, find_definitions
from .themes import THEMES, list_items

log = logging.getLogger(__name__)

__all__ = ["CITATIONS", "DEFINED", "NAMES", "THEMES", "THINGS", "find_definitions", "list_items", "load_pipeline", "model_name",
           "add_components"]


def add_components(nlp: Language) -> Language:
    """Add unkg's components to ``nlp`` (a trained model, or ``spacy.blank("en")`` with a
    sentencizer), each with its defaults from ``settings.COMPONENTS``."""
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("unkg_line_breaks", before="parser")
    else:
        nlp.add_pipe("unkg_line_breaks", first=True)
    for name in ("unkg_citations", "unkg_names", "unkg_definitions", "unkg_themes"):
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """The configured trained model with unkg's components, or rules alone if no model is
    installed (said once, as a warning). ``model`` may be a package name or a path."""
    candidates = (model,) if model else configured_models()
    nlp = None
    for name in candidates:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        if model:
            raise ModelNotFound(Errors.model_not_installed.format(model=model))
        log.warning(Warnings.no_model.format(models=", ".join(candidates)))
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    add_components(nlp)
    nlp.max_length = 25_000_000
    return nlp


def model_name(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'blank')}-{meta.get('version', '0')}"
