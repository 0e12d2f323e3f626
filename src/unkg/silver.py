"""silver: measure general rules on many documents against facts that come from the documents'
own structure (``../shared/silver/silver.jsonl``: hyperlinked citations, paragraph roles,
clause-starter verbs, dates), not from a person's reading.

- ``cites``: recall against the documents' hyperlinks (partial: some citations carry no link,
  so recall is meaningful and precision a lower bound);
- ``dates``: the document's date;
- ``roles``: for resolutions, the role of each paragraph the source labels;
- ``acts``: for resolutions, the act of each labelled paragraph against the source's verb stem.

Every disagreement is listed in ``errors``.
"""

from __future__ import annotations

import json
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .errors import Errors, GoldError
from .evaluate import Score, built, documents
from .meta import symbol_from_filename
from .query import run
from .symbols import compare_key

_DATES = """SELECT ?file ?date WHERE { ?src a unkg:SourceDocument ; unkg:fileName ?file .
  OPTIONAL { ?src dcterms:date ?date } }"""
_CITES = """SELECT ?file ?id WHERE { ?src a unkg:SourceDocument ; unkg:fileName ?file ; unkg:cites ?x .
  ?x dcterms:identifier ?id }"""
_PARAGRAPHS = """SELECT ?file ?start ?end ?role ?act ?written WHERE {
  ?p a unkg:Paragraph ; unkg:inDocument ?src ; unkg:start ?start ; unkg:end ?end ; unkg:role ?role .
  ?src unkg:fileName ?file .
  OPTIONAL { ?p unkg:act/skos:notation ?act }
  OPTIONAL { ?a a unkg:Act ; unkg:inParagraph ?p ; unkg:opensParagraph true ; unkg:actText ?written } }"""

# "1.", "3.2.1.", "(a)", "(iv)", "a)", "ii.", a bullet: the label that opens a paragraph
_LABEL = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|\(\s*[a-z]{1,4}\s*\)|[a-z]{1,4}[.)]|[-–—•·▪*])\s+", re.I)


@dataclass
class Agreement:
    """How often two labellings agree."""

    agree: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.agree / self.total if self.total else 0.0


@dataclass
class SilverEvaluation:
    documents: list[str] = field(default_factory=list)
    cites: Score = field(default_factory=Score)
    dates: Agreement = field(default_factory=Agreement)
    roles: Agreement = field(default_factory=Agreement)
    acts: Agreement = field(default_factory=Agreement)
    clause_acts: Agreement = field(default_factory=Agreement)  # those whose source verb is a clause-starter
    errors: list[dict] = field(default_factory=list)  # {doc, kind, what, item}

    def table(self) -> str:
        c = self.cites
        return "\n".join([
            f"{len(self.documents)} documents",
            f"cites      recall {c.recall:.3f}  precision (lower bound) {c.precision:.3f}  tp {c.tp}  fp {c.fp}  fn {c.fn}",
            f"dates      {self.dates.rate:.3f}  ({self.dates.agree} of {self.dates.total})",
            f"roles      {self.roles.rate:.3f}  ({self.roles.agree} of {self.roles.total} resolution paragraphs)",
            f"acts       {self.acts.rate:.3f}  ({self.acts.agree} of {self.acts.total} resolution paragraphs with a verb)",
            f"  of which clause-starters {self.clause_acts.rate:.3f}  ({self.clause_acts.agree} of {self.clause_acts.total}: "
            "the source's verb is an act of the Council, not the first word of an annex item)",
        ])

    def as_dict(self) -> dict:
        c = self.cites
        return {"documents": len(self.documents),
                "cites": {"recall": round(c.recall, 4), "precision": round(c.precision, 4), "tp": c.tp, "fp": c.fp, "fn": c.fn},
                **{k: {"rate": round(a.rate, 4), "agree": a.agree, "total": a.total}
                   for k, a in (("dates", self.dates), ("roles", self.roles), ("acts", self.acts),
                                ("clause_acts", self.clause_acts))}}


def read_silver(path: str | Path) -> list[dict]:
    p = Path(path)
    if not p.is_file():
        raise GoldError(Errors.no_gold_file.format(path=path))
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise GoldError(Errors.gold_not_json.format(path=path, line=n, detail=exc.msg)) from None
    return out


def _spelling(stem: str) -> str:
    """British and American spellings as one: "recognis" is "recogniz"."""
    return re.sub(r"is(e|es|ed|ing)?$", r"iz\1", stem)


def act_agrees(act: str | None, stem: str) -> bool:
    """Our act (a lemma: "decide", "call upon", "take note") against the source's stem
    ("decid", "call", "tak")."""
    if not act:
        return False
    return _spelling(act).startswith(_spelling(stem)) or _spelling(act.split()[0]).startswith(_spelling(stem))


def clause_starter(stem: str) -> bool:
    """Whether the source's verb stem is that of an act of the Council (some form of the scheme of
    acts starts with it), rather than the first word of an annex item ("sanction", "metal")."""
    from .extract.acts import scheme

    s = _spelling(stem.lower())
    return any(_spelling(f).startswith(s) for f in scheme().notation_of)


def _norm(text: str) -> str:
    return " ".join(text.split()).replace("’", "'")


def evaluate_silver(silver_path: str | Path, docs: list[str | Path] | None = None, *,
                    model: str | None = None, graph: str | Path | None = None) -> SilverEvaluation:
    """Build the silver documents (default: the ``docs/`` folder beside the silver file) and
    compare what the graph says with the silver facts. With ``graph``, compare an existing build
    of them instead."""
    silver = read_silver(silver_path)
    dirs = [Path(d) for d in (docs or [Path(silver_path).parent / "docs"])]
    files = documents([s["doc"] for s in silver], dirs)
    with (nullcontext(store.open_read_only(Path(graph))) if graph else built(files, model)) as st:
        dates = {f.value: (d.value if d is not None else None) for f, d in run(st, _DATES).rows}
        cites: dict[str, set[str]] = {}
        for f, i in run(st, _CITES).rows:
            cites.setdefault(f.value, set()).add(compare_key(i.value))
        paragraphs: dict[str, list[tuple[int, int, str, str | None]]] = {}
        for f, s, e, role, act, written in run(st, _PARAGRAPHS).rows:
            paragraphs.setdefault(f.value, []).append((int(s.value), int(e.value), role.value, act.value if act is not None else None,
                                                       written.value if written is not None else None))
    ev = SilverEvaluation()
    texts = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in files}
    for s in silver:
        doc = s["doc"]
        ev.documents.append(doc)
        # a document's own symbol is not a citation of itself (the source links some anyway)
        own = compare_key(symbol_from_filename(doc) or "")
        _compare_cites(ev, doc, {compare_key(c) for c in s.get("cites", [])} - {own}, cites.get(doc, set()) - {own})
        if s.get("date"):
            ev.dates.total += 1
            if dates.get(doc) == s["date"]:
                ev.dates.agree += 1
            else:
                ev.errors.append({"doc": doc, "kind": "date", "what": "date", "item": f"{dates.get(doc)} for {s['date']}"})
        if doc.startswith("S-RES-"):
            _compare_paragraphs(ev, doc, s.get("paragraphs", []), sorted(paragraphs.get(doc, [])), texts[doc])
    return ev


def _compare_cites(ev: SilverEvaluation, doc: str, links: set[str], found: set[str]) -> None:
    for kind, items in (("tp", links & found), ("fn", links - found), ("fp", found - links)):
        setattr(ev.cites, kind, getattr(ev.cites, kind) + len(items))
        if kind != "tp":
            ev.errors += [{"doc": doc, "kind": kind, "what": "cites", "item": i} for i in sorted(items)]


def _compare_paragraphs(ev: SilverEvaluation, doc: str, labelled: list[dict], ours: list[tuple], text: str) -> None:
    """Each labelled paragraph is found among ours by its opening words (in order), and its role
    and act compared."""
    bodies = [(_norm(_LABEL.sub("", text[s:e], count=1)), role, (act, written)) for s, e, role, act, written in ours]
    at = 0
    for p in labelled:
        start = _norm(p["start"])[:60]
        hit = next((i for i in range(at, len(bodies)) if bodies[i][0].startswith(start)), None)
        if hit is None:
            hit = next((i for i in range(len(bodies)) if bodies[i][0].startswith(start)), None)
        role, (act, written) = (bodies[hit][1], bodies[hit][2]) if hit is not None else (None, (None, None))
        if hit is not None:
            at = hit + 1
        ev.roles.total += 1
        if role == p["role"]:
            ev.roles.agree += 1
        else:
            ev.errors.append({"doc": doc, "kind": "role", "what": f"{role} for {p['role']}", "item": p["start"][:60]})
        if p.get("verb"):
            ok = act_agrees(act, p["verb"]) or act_agrees((written or "").lower(), p["verb"])
            ev.acts.total += 1
            ev.acts.agree += ok
            if clause_starter(p["verb"]):
                ev.clause_acts.total += 1
                ev.clause_acts.agree += ok
            if not ok:
                ev.errors.append({"doc": doc, "kind": "act", "what": f"{act} for {p['verb']}", "item": p["start"][:60]})
