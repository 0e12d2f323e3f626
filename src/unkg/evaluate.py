"""evaluate: precision, recall and F1 of the facts export against gold annotations, with the
matching rules of spec/facts-format.md ("How an export is compared with gold")."""

from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import registry
from .errors import Errors, GoldError
from .model import ENTITY_TYPES
from .names import normalise_name
from .registry import CITED, DOC, STATE
from .symbols import compare_key


def _names(e: dict) -> set[str]:
    return {normalise_name(x) for x in [e.get("id"), e.get("label"), *(e.get("aliases") or [])] if x}


def _key(e: dict) -> str:
    if e["type"] in CITED:
        return compare_key(e["id"])
    return e["id"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Evaluation:
    by_type: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in ENTITY_TYPES})
    relations: Score = field(default_factory=Score)
    by_predicate: dict[str, Score] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)  # {doc, kind: fp|fn, what, item}
    documents: list[str] = field(default_factory=list)

    @property
    def entities(self) -> Score:
        total = Score()
        for s in self.by_type.values():
            total.add(s)
        return total

    def table(self) -> str:
        """The figures as the CLI prints them: P, R, F1 and counts per type, relation and predicate."""
        lines = [f"{len(self.documents)} documents", f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
        rows = [(t, s) for t, s in self.by_type.items()] + [("ENTITIES", self.entities), ("RELATIONS", self.relations)]
        rows += [(f"  {p}", s) for p, s in sorted(self.by_predicate.items())]
        for name, s in rows:
            lines.append(f"{name:14}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6}{s.fp:6}{s.fn:6}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        def d(s: Score) -> dict:
            return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                    "tp": s.tp, "fp": s.fp, "fn": s.fn}
        return {"documents": len(self.documents), "entities": d(self.entities),
                "by_type": {t: d(s) for t, s in self.by_type.items()},
                "relations": d(self.relations), "by_predicate": {p: d(s) for p, s in sorted(self.by_predicate.items())}}


def _match(pred: list[dict], gold: list[dict], type_: str) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """One-to-one matching of predicted and gold entities of one type in one document."""
    pairs: list[tuple[dict, dict]] = []
    left = list(gold)
    unmatched: list[dict] = []
    for p in pred:
        hit = None
        for g in left:
            if registry.entity_type(type_).match == "id":
                ok = _key(p) == _key(g)
            else:
                ok = bool(_names(p) & _names(g))
            if ok:
                hit = g
                break
        if hit is None:
            unmatched.append(p)
        else:
            pairs.append((p, hit))
            left.remove(hit)
    return pairs, unmatched, left


def compare(predicted: list[dict], gold: list[dict]) -> Evaluation:
    ev = Evaluation()
    by_doc = {d["doc"]: d for d in predicted}
    for g in gold:
        doc = g["doc"]
        ev.documents.append(doc)
        p = by_doc.get(doc, {"entities": [], "relations": []})
        # Map predicted ids to gold ids so that relations compare on matched entities.
        id_map: dict[str, str] = {DOC: DOC}
        for t in ENTITY_TYPES:
            pe = [e for e in p["entities"] if e["type"] == t]
            ge = [e for e in g["entities"] if e["type"] == t]
            pairs, fps, fns = _match(pe, ge, t)
            s = ev.by_type[t]
            s.tp += len(pairs)
            s.fp += len(fps)
            s.fn += len(fns)
            for a, b in pairs:
                id_map[a["id"]] = b["id"]
            ev.errors += [{"doc": doc, "kind": "fp", "what": t, "item": e["id"]} for e in fps]
            ev.errors += [{"doc": doc, "kind": "fn", "what": t, "item": e["id"]} for e in fns]

        def norm(x: str) -> str:
            return compare_key(x) if "/" in x else x

        pr = {(norm(id_map.get(r["subject"], r["subject"])), r["predicate"], norm(id_map.get(r["object"], r["object"])))
              for r in p["relations"]}
        gr = {(norm(r["subject"]), r["predicate"], norm(r["object"])) for r in g["relations"]}
        known = {r["predicate"] for r in g["relations"]} | set(registry.spec_relations())
        pr = {r for r in pr if r[1] in known}  # extra typed relations of the graph are not judged
        for rel_set, kind in ((pr & gr, "tp"), (pr - gr, "fp"), (gr - pr, "fn")):
            for r in rel_set:
                s = ev.by_predicate.setdefault(r[1], Score())
                setattr(s, kind, getattr(s, kind) + 1)
                setattr(ev.relations, kind, getattr(ev.relations, kind) + 1)
                if kind != "tp":
                    ev.errors.append({"doc": doc, "kind": kind, "what": "relation", "item": " ".join(r)})
    return ev


def read_gold(path: str | Path) -> list[dict]:
    p = Path(path)
    if not p.is_file():
        raise GoldError(Errors.no_gold_file.format(path=path))
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(Errors.gold_not_json.format(path=path, line=n, detail=exc.msg)) from None
        if "doc" not in d:
            raise GoldError(Errors.gold_no_doc.format(path=path, line=n))
        d.setdefault("entities", [])
        d.setdefault("relations", [])
        out.append(d)
    return out


def find_documents(names: list[str], dirs: list[Path]) -> tuple[list[Path], list[str]]:
    found, missing = [], []
    for name in names:
        hit = next((d / name for d in dirs if (d / name).is_file()), None)
        if hit is None:
            missing.append(name)
        else:
            found.append(hit)
    return found, missing


@contextmanager
def built(files: list[Path], model: str | None = None) -> Iterator:
    """The store of a throw-away build of ``files`` (raises GoldError if one cannot be read)."""
    from . import store
    from .pipeline import build

    with tempfile.TemporaryDirectory(prefix="unkg-eval-") as tmp:
        report = build(files, tmp, model=model)
        if report.errors:
            raise GoldError("; ".join(str(e) for e in report.errors))
        yield store.open_read_only(Path(tmp))


def documents(names: list[str], dirs: list[Path]) -> list[Path]:
    """The files of ``names`` in ``dirs``; GoldError names the ones not found."""
    files, missing = find_documents(names, dirs)
    if missing:
        raise GoldError(Errors.gold_documents_missing.format(dirs=", ".join(map(str, dirs)), names=", ".join(missing)))
    return files


def _built_facts(gold: list[dict], docs: list[str | Path] | None, model: str | None, graph: str | Path | None) -> list[dict]:
    """The facts export of the gold documents: of ``graph`` if given, else of a build of the
    documents (found in the ``docs`` folders; default seeds/) into a temporary folder."""
    from . import store
    from .export import facts

    if graph is not None:
        return facts(store.open_read_only(Path(graph)))
    with built(documents([g["doc"] for g in gold], [Path(d) for d in (docs or ["seeds"])]), model) as st:
        return facts(st)


def evaluate(gold_path: str | Path, docs: list[str | Path] | None = None, *, model: str | None = None,
             graph: str | Path | None = None) -> Evaluation:
    """Build the gold documents (found in ``docs`` folders; default seeds/), export their facts
    from the built graph and compare. With ``graph``, compare an existing build instead."""
    gold = read_gold(gold_path)
    return compare(_built_facts(gold, docs, model, graph), gold)


def evaluate_speeches(gold_path: str | Path, docs: list[str | Path] | None = None, *, model: str | None = None,
                      graph: str | Path | None = None):
    """The meeting and speeches of meeting records against a speeches gold
    (``tests/gold/speeches.jsonl``): see ``compare_speeches``."""
    gold = read_gold(gold_path)
    return compare_speeches(_built_facts(gold, docs, model, graph), gold)


# --------------------------------------------------------------------------------------------
# Council acts against tests/gold/acts.jsonl


@dataclass
class ActsEvaluation:
    documents: list[str] = field(default_factory=list)
    requests: Score = field(default_factory=Score)  # paragraph, act, addressee and time terms
    addressees: Score = field(default_factory=Score)  # paragraph, act and addressee
    mandates: Score = field(default_factory=Score)  # paragraph, body, event and interval
    chapter7: Score = field(default_factory=Score)  # the paragraphs Chapter VII governs
    errors: list[dict] = field(default_factory=list)

    def table(self) -> str:
        rows = [("requests", self.requests), ("  addressees", self.addressees), ("mandates", self.mandates),
                ("chapter7", self.chapter7)]
        return "\n".join([f"{len(self.documents)} documents", f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"] +
                         [f"{n:14}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6}{s.fp:6}{s.fn:6}" for n, s in rows])

    def as_dict(self) -> dict:
        def d(s: Score) -> dict:
            return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                    "tp": s.tp, "fp": s.fp, "fn": s.fn}
        return {"documents": len(self.documents), "requests": d(self.requests), "addressees": d(self.addressees),
                "mandates": d(self.mandates), "chapter7": d(self.chapter7)}


def _near(a: str | None, b: str | None) -> bool:
    """Two dates the same, or a day apart ("until 30 June" and "for 12 months from 1 July")."""
    if a == b:
        return True
    from datetime import date

    try:
        return a is not None and b is not None and abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 1
    except ValueError:
        return False


def _duration(d: str | None) -> tuple | None:
    """An ISO 8601 duration as (months, days), so that "P13M" and "P1Y1M" are one."""
    import re

    m = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", d or "")
    if not d or not m:
        return None
    y, mo, w, dd = (int(g) if g else 0 for g in m.groups())
    return (12 * y + mo, 7 * w + dd)


def _who(x: dict | None) -> str:
    return normalise_name(x["id"]) if x else ""


def _score(ev: ActsEvaluation, score: Score, doc: str, what: str, pred: list[tuple], gold: list[tuple], same) -> None:
    left = list(gold)
    for p in pred:
        hit = next((g for g in left if same(p, g)), None)
        if hit is None:
            score.fp += 1
            ev.errors.append({"doc": doc, "kind": "fp", "what": what, "item": " | ".join(map(str, p))})
        else:
            score.tp += 1
            left.remove(hit)
    score.fn += len(left)
    ev.errors += [{"doc": doc, "kind": "fn", "what": what, "item": " | ".join(map(str, g))} for g in left]


def compare_acts(predicted: dict[str, dict], gold: list[dict]) -> ActsEvaluation:
    """``predicted``: per document, the ``council`` part of the facts export."""
    ev = ActsEvaluation()
    for g in gold:
        doc = g["doc"]
        ev.documents.append(doc)
        p = predicted.get(doc, {})
        requests = [(r["paragraph"], r["act"], _who(r.get("addressee")), r.get("deadline"), _duration(r.get("within")),
                     _duration(r.get("every"))) for r in p.get("acts", []) if r.get("operative") and r.get("asks")]
        gold_requests = [(r["paragraph"], r["act"], _who(r.get("addressee")), r.get("deadline"), _duration(r.get("within")),
                          _duration(r.get("every"))) for r in g.get("requests", [])]
        _score(ev, ev.requests, doc, "request", requests, gold_requests,
               lambda a, b: a[:3] == b[:3] and _near(a[3], b[3]) and a[4:] == b[4:])
        _score(ev, ev.addressees, doc, "addressee", sorted(set(r[:3] for r in requests)), sorted(set(r[:3] for r in gold_requests)),
               lambda a, b: a == b)
        mandates = [(m["paragraph"], normalise_name(m["body"] or ""), m["event"], m.get("until"), _duration(m.get("period")))
                    for m in p.get("mandates", [])]
        gold_mandates = [(m["paragraph"], normalise_name(m["body"]), m["event"], m.get("until"), _duration(m.get("period")))
                         for m in g.get("mandates", [])]
        _score(ev, ev.mandates, doc, "mandate", mandates, gold_mandates,
               lambda a, b: a[:3] == b[:3] and _near(a[3], b[3]) and a[4] == b[4])
        _score(ev, ev.chapter7, doc, "chapter7", [(n,) for n in p.get("chapter7_paragraphs", [])],
               [(n,) for n in g.get("chapter7_paragraphs", [])], lambda a, b: a == b)
    return ev


def evaluate_acts(gold_path: str | Path, docs: list[str | Path] | None = None, *, model: str | None = None) -> ActsEvaluation:
    """Build the gold resolutions and compare their acts, addressees, time terms, mandate events
    and Chapter VII paragraphs with ``tests/gold/acts.jsonl``-style gold."""
    from .export import facts

    gold = read_gold(gold_path)
    files = documents([g["doc"] for g in gold], [Path(d) for d in (docs or ["seeds"])])
    with built(files, model) as st:
        return compare_acts({d["doc"]: d.get("council", {}) for d in facts(st)}, gold)


# ------------------------------------------------------------------------------ speeches

#: What is compared for each speech the record and the gold both have.
SPEECH_FIELDS = ("order", "speaker", "for", "role", "language", "capacity", "state")
MEETING_FIELDS = ("number", "date", "time", "agenda", "president", "president state", "documents", "members", "outcomes")


def _fold(name: str | None) -> str:
    """Names compared without accents, case, punctuation ("António" = "Antonio")."""
    import unicodedata

    return normalise_name(unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode())


@dataclass
class SpeechEvaluation:
    """Speeches found against gold: how many match one to one (by heading, in order), and for
    each field the share right over all speeches (gold or found: a speech missed or extra
    counts as wrong in every field)."""

    documents: list[str] = field(default_factory=list)
    gold: int = 0
    found: int = 0
    matched: int = 0
    right: dict[str, int] = field(default_factory=lambda: {f: 0 for f in SPEECH_FIELDS})
    meeting: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in MEETING_FIELDS})
    errors: list[dict] = field(default_factory=list)  # {doc, what, gold, found}

    def accuracy(self, name: str) -> float:
        n = max(self.gold, self.found)
        return self.right[name] / n if n else 1.0

    def table(self) -> str:
        lines = [f"{len(self.documents)} meeting records: {self.gold} speeches in gold, {self.found} found, "
                 f"{self.matched} matched one to one", f"{'speech field':16}{'accuracy':>9}"]
        lines += [f"{f:16}{self.accuracy(f):9.3f}" for f in SPEECH_FIELDS]
        lines.append(f"{'meeting field':16}{'right':>9}")
        lines += [f"{f:16}{f'{r}/{n}':>9}" for f, (r, n) in self.meeting.items()]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"documents": len(self.documents), "gold": self.gold, "found": self.found, "matched": self.matched,
                "accuracy": {f: round(self.accuracy(f), 4) for f in SPEECH_FIELDS},
                "meeting": {f: {"right": r, "of": n} for f, (r, n) in self.meeting.items()}}


def _speech_value(s: dict, name: str):
    if name == "speaker":
        return _fold(s.get("speaker"))
    if name == "for":
        f = s.get("for") or {}
        return (f.get("type"), f.get("id") if f.get("type") == STATE else _fold(f.get("id"))) if f else None
    return s.get(name)


def _meeting_values(d: dict) -> dict:
    m = d.get("meeting") or {}
    pres = m.get("president") or {}
    return {"number": str(m.get("number")), "date": m.get("date"), "time": m.get("time"),
            "agenda": " ".join((m.get("agenda") or "").split()), "president": _fold(pres.get("name")),
            "president state": pres.get("state"), "documents": sorted(m.get("documents") or []),
            "members": sorted(d.get("members") or []),
            "outcomes": sorted((o.get("document"), o.get("kind")) for o in m.get("outcomes") or [])}


def compare_speeches(predicted: list[dict], gold: list[dict]) -> SpeechEvaluation:
    """Compare the ``meeting``, ``members`` and ``speeches`` of the facts export with gold.
    Speeches are paired by their headings in order (a longest-matching alignment), so a missed
    or extra heading costs that speech, not those after it."""
    from difflib import SequenceMatcher

    ev = SpeechEvaluation()
    by_doc = {d["doc"]: d for d in predicted}
    for g in gold:
        doc = g["doc"]
        ev.documents.append(doc)
        p = by_doc.get(doc, {})
        gs, ps = g.get("speeches") or [], p.get("speeches") or []
        ev.gold += len(gs)
        ev.found += len(ps)
        key = lambda s: " ".join(s.get("heading", "").split())  # noqa: E731
        sm = SequenceMatcher(None, [key(s) for s in ps], [key(s) for s in gs], autojunk=False)
        paired_g = set()
        for block in sm.get_matching_blocks():
            for k in range(block.size):
                a, b = ps[block.a + k], gs[block.b + k]
                ev.matched += 1
                paired_g.add(block.b + k)
                for f in SPEECH_FIELDS:
                    if _speech_value(a, f) == _speech_value(b, f):
                        ev.right[f] += 1
                    else:
                        ev.errors.append({"doc": doc, "what": f"speech {b['order']} {f}", "gold": b.get(f), "found": a.get(f)})
        ev.errors += [{"doc": doc, "what": f"speech {s['order']} missed", "gold": s.get("heading"), "found": None}
                      for i, s in enumerate(gs) if i not in paired_g]
        gm, pm = _meeting_values(g), _meeting_values(p)
        for f in MEETING_FIELDS:
            ok = pm[f] == gm[f] or (f == "agenda" and bool(pm[f]) and (gm[f].startswith(pm[f]) or pm[f].startswith(gm[f])))
            ev.meeting[f][0] += ok
            ev.meeting[f][1] += 1
            if not ok:
                ev.errors.append({"doc": doc, "what": f"meeting {f}", "gold": gm[f], "found": pm[f]})
    return ev
