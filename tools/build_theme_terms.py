"""Write src/unkg/data/theme_terms.tsv, the lexicon that decides a document refers to a theme,
from general sources only: nothing in it is read from a gold annotation.

    python tools/build_theme_terms.py [--shared ../shared] [--check]
    python tools/build_theme_terms.py --audit DIR [DIR ...] [--gold FILE]   # document counts per term

Sources, each row of the output naming its own (column ``source``; column ``origin`` says how
the row was found):

- ``spec-label``: the theme's pref label (spec/themes.tsv) and the SKOS alt labels of
  src/unkg/data/themes.tsv, each whole and split into its noun phrases (``phrases``):
  "Peacebuilding and sustaining peace" -> "peacebuilding", "sustaining peace"; "recruitment and
  use of children" -> "recruitment of children", "use of children".
- ``spec-scope``: the noun phrases of the theme's scope note (spec/themes.tsv), by the same
  ``phrases``: "Travel, return and relocation of foreign terrorist fighters" -> "foreign
  terrorist fighters". A scope phrase that another theme's labels name, or that the scopes of
  several themes give, is left out as ambiguous.
- ``unbis``: English labels of the UNBIS Thesaurus (refdata/unbis_thesaurus_terms_6lang_2016scrape.tsv)
  selected by ``select_unbis``: the theme's ``unbis_label`` itself, and every label that
  contains one of the theme's key phrases (its spec-label and spec-scope terms) as whole
  words, singular and plural alike ("refugees" -> "refugee camps", "protracted refugee
  situations"). A label that contains key phrases of several themes goes to the theme whose
  key phrase is longest.
- ``variant``: other written forms of the terms above and below (``variants``): hyphenated,
  spaced and closed compounds ("peace-building", "peacebuilding"), British and American
  spellings (-isation/-ization, "artefacts"/"artifacts"), the two apostrophes, the other
  number of a one-word noun (one-word terms match the word exactly; longer terms also match on
  lemmas, but a capitalised "Peace Agreement" keeps its lemma as written, so their head noun
  takes both numbers too), the verb of a noun of action ("protection of civilians" -> "protect
  civilians", "disarmament" -> "disarm") and its agent ("mediators", "drug traffickers"), the
  -ist of an -ism, and the of-genitive of a possessive ("women's participation" ->
  "participation of women").
- ``curated``: rows of src/unkg/data/theme_terms_curated.tsv with ``action`` ``add``: standard
  Council wording that the general sources lack, each with its ``why`` (the scope phrase it
  stands for and the number of Council documents outside the dev gold that use it).

Rows of the curated file with ``action`` ``drop`` refuse a candidate term (for one theme, or
for every theme with ``*``), each with its ``why``: words too general to say a theme on their
own ("travel", "assets", "women"), and terms that a precision check found too broad.

A term that contains another term of the same theme as whole words adds no match and is left
out, except where it comes from the curated list. The output is sorted and the same for the
same inputs; ``--check`` fails when the file on disk differs from what the sources give.
``--audit`` prints, per term, in how many documents of each folder it occurs, and flags terms
that occur in one document only or only in gold documents (``--gold``).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "unkg" / "data"
OUT = DATA / "theme_terms.tsv"
CURATED = DATA / "theme_terms_curated.tsv"
UNBIS = "refdata/unbis_thesaurus_terms_6lang_2016scrape.tsv"
SPEC = "spec/themes.tsv"
SOURCES = ("spec-label", "spec-scope", "unbis", "variant", "curated")

# --------------------------------------------------------------------------------------------
# Words and tokens

# Tokens as the theme matcher sees them closely enough: words, numbers, single punctuation
# marks. spaCy splits "peace-building" into three tokens, so does this.
_TOKEN = re.compile(r"[\w]+|[^\w\s]")
_DETERMINERS = {"the", "a", "an", "their", "its", "other", "any", "all", "such"}
_FUNCTION = _DETERMINERS | {"and", "or", "of", "in", "on", "for", "to", "by", "with", "at", "as", "between"}
# A scope item is cut before these: what follows qualifies the item ("terrorist groups as a
# threat", "exchange of information between States", "hunger in armed conflict"). "of" binds
# its complement and is kept; so is "in" after a trafficking head ("trafficking in persons").
_CUT = re.compile(r"\s+(?:as|for|between|by|in|on|with|to|including|acquiring|reaching|conducive|generally)\b.*$", re.I)
_TRAFFICKING_IN = re.compile(r"\b(?:trafficking|traffic|trade|smuggling)\s+in\b\s*", re.I)
_ADJECTIVE = re.compile(r"(?:al|ar|ic|ive|ous|ary)$")  # "nuclear, chemical and biological weapons"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


def fold(word: str) -> str:
    """A word without its plural ending, to compare "refugees" with "refugee camps"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def contains(longer: list[str], shorter: list[str], folded: bool = False) -> bool:
    """``shorter`` occurs in ``longer`` as a run of whole tokens."""
    if folded:
        longer, shorter = [fold(w) for w in longer], [fold(w) for w in shorter]
    n = len(shorter)
    return n > 0 and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def clean(phrase: str) -> str:
    """Lower case, single spaces, no leading determiner or trailing punctuation."""
    words = phrase.strip(" .;:,").lower().replace("\u2019", "'").split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# (a) The spec: labels and the noun phrases of scope notes


# Fixed phrases of Council language that hold "and": not split as a coordination.
FIXED = {"peace and security"}


def _split_coordination(part: str, protected: set[str]) -> list[str]:
    """One comma part split at "and"/"or", leaving protected phrases whole."""
    guard = {}
    for i, p in enumerate(sorted(protected, key=len, reverse=True)):
        if (" and " in p or " or " in p) and p in part:
            key = f"\x00{i}\x00"
            guard[key] = p
            part = part.replace(p, key)
    out = []
    for x in re.split(r"\s+(?:and|or)\s+", part):
        for key, p in guard.items():
            x = x.replace(key, p)
        if x.strip():
            out.append(x.strip())
    return out


def _cut(item: str) -> str:
    """An item without what qualifies it: "terrorist groups as a threat" -> "terrorist groups";
    "suppressing the financing of terrorism" -> "financing of terrorism"; "sanctions committees'
    work" -> "sanctions committees". "in" after a trafficking head is kept, as is "by" after a
    participle ("children affected by armed conflict")."""
    item = re.sub(r"^\w+ing\s+(?:the|their|its)\s+", "", item.strip())
    keep = _TRAFFICKING_IN.search(item)
    if keep:
        return clean(item[: keep.end()] + _CUT.sub("", item[keep.end():]))
    participle = re.search(r"\w+ed\s+by\s+", item)
    if participle and not _CUT.search(item[participle.end():]):
        return clean(item)
    item = _CUT.sub("", item)
    return clean(re.sub(r"['\u2019]s?\s+work$", "", item))


def _complement(item: str) -> str:
    """What follows the first "of" (or "in" after a trafficking head), without determiner."""
    m = _TRAFFICKING_IN.search(item) or re.search(r"\bof\s+", item)
    return clean(item[m.end():]) if m else ""


def phrases(text: str, protected: set[str], generic: set[str]) -> list[tuple[str, str]]:
    """The noun phrases of a label or scope note, each with how it was found.

    The text is read as a list: parentheses hold examples ("(gold, minerals, oil)") or an aside
    ("(including in prisons)", skipped); the rest splits at commas, semicolons, "and" and "or"
    (not inside a protected phrase: the alt labels and ``FIXED``). Each item is cut before a
    qualifying preposition or participle (``_cut``). Then, in order:
    - an item left hanging on "of"/"in" takes the complement of the next item ("trafficking in,
      destruction of or protection of cultural property" -> "trafficking in cultural property"),
      and a modifier before its head carries over ("illicit trafficking in or transfer of arms"
      -> "illicit transfer of arms"); so does a one-word item coordinated with an "X of Y" item
      ("recruitment and use of children" -> "recruitment of children");
    - a lone adjective takes the head noun of the next two-word item ("nuclear, chemical and
      biological weapons" -> "nuclear weapons");
    - a lone generic noun (one the drop list refuses alone) takes the modifier of the two-word
      phrase before it ("humanitarian assistance, access" -> "humanitarian access"; "cultural
      property and heritage" -> "cultural heritage");
    - the complement of "of" (or of "trafficking in") is a phrase too when it has two words or
      more ("relocation of foreign terrorist fighters" -> "foreign terrorist fighters")."""
    found: list[tuple[str, str]] = []
    for inner in re.findall(r"\(([^)]*)\)", text):
        if not inner.lower().startswith("including"):
            found += [(clean(x), "example in parentheses") for x in re.split(r"\s*,\s*|\s+(?:and|or)\s+", inner)]
        text = text.replace(f"({inner})", " ")
    items: list[str] = []
    group: list[int] = []  # the comma part each item comes from (one coordination)
    parts = 0
    for clause in text.lower().split(";"):  # a semicolon ends what a modifier can reach
        items.append(";")
        group.append(-1)
        for part in clause.split(","):
            parts += 1
            part = re.sub(r"^(?:and|or)\s+", "", part.strip())
            for x in _split_coordination(part, protected | FIXED):
                if _cut(x):
                    items.append(_cut(x))
                    group.append(parts)
    done: list[str] = []
    for i, item in enumerate(items):
        if item == ";":
            done = []
            continue
        words = item.split()
        how = "item"
        later = [j for j in range(i + 1, len(items)) if items[j] != ";"]
        if words[-1] in ("of", "in"):
            nxt = next((j for j in later if _complement(items[j])), None)
            if nxt is None:
                continue
            comp = _complement(items[nxt])
            mods = words[:-2]
            if mods and not items[nxt].startswith(" ".join(mods)):
                items[nxt] = " ".join(mods + [items[nxt]])
            item, how = f"{item} {comp}", "item sharing the complement of the next"
        elif len(words) == 1 and "-" not in item and item not in generic and later and group[later[0]] == group[i] \
                and re.search(r"^\w+ of ", items[later[0]]):
            item, how = f"{item} of {_complement(items[later[0]])}", "item sharing the complement of the next"
        elif len(words) == 1 and _ADJECTIVE.search(item):
            nxt = next((items[j] for j in later if len(items[j].split()) == 2 and not set(items[j].split()) & _FUNCTION), None)
            if nxt:
                item, how = f"{item} {nxt.split()[-1]}", "adjective + head of the next item"
        elif len(words) == 1 and item in generic and done and done[-1] not in generic:
            prev = (_complement(done[-1]) or done[-1]).split()
            if len(prev) == 2 and not set(prev) & _FUNCTION:
                item, how = " ".join(prev[:-1] + words), "generic noun + modifier of the phrase before"
        done.append(item)
        found.append((item, how))
        comp = _complement(item)
        if len(comp.split()) >= 2:
            found.append((comp, "complement of 'of'/'in'"))
    return [(p, how) for p, how in found if p]


# --------------------------------------------------------------------------------------------
# (b) UNBIS


def select_unbis(labels: list[str], keys: dict[str, set[str]], unbis_label: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Per theme, the UNBIS labels the rule selects, each with the key phrase it contains.

    A label is the theme's own when it is the theme's ``unbis_label``, or when it contains one
    of the theme's key phrases as whole words (number folded): "nuclear terrorism" contains
    "terrorism". Labels with a parenthetical qualifier ("certification (disarmament)") are
    skipped: the qualifier marks a sense the words alone do not carry. A label containing key
    phrases of several themes goes to the longest key phrase ("terrorism financing" to
    financing of terrorism, not to terrorism)."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    key_tokens = [(theme, k, tokens(k)) for theme, ks in keys.items() for k in ks]
    for label in labels:
        low = label.strip().lower()
        if not low or "(" in low:
            continue
        lt = tokens(low)
        own = [t for t, u in unbis_label.items() if u and u.lower() == low]
        if own:
            for t in own:
                out[t].append((low, "the theme's unbis_label"))
            continue
        hits = [(len(kt), theme, k) for theme, k, kt in key_tokens if contains(lt, kt, folded=True)]
        if not hits:
            continue
        best = max(n for n, _, _ in hits)
        for theme in sorted({t for n, t, _ in hits if n == best}):
            k = min(k for n, t, k in hits if n == best and t == theme)
            out[theme].append((low, f"contains the key phrase '{k}'"))
    return out


# --------------------------------------------------------------------------------------------
# (c) Variants

# Compound prefixes: a hyphenated compound with one of these is also written closed
# ("counter-terrorism", "counterterrorism"); a closed word made of one of the first group and a
# word of the sources is also written hyphenated ("peacebuilding", "peace-building").
_OPEN_PREFIXES = ("counter", "anti", "non", "post", "sub", "cross", "cyber", "peace", "narco")
_CLOSE_PREFIXES = _OPEN_PREFIXES + ("de", "pre", "co", "re", "inter", "multi")
# British and American spellings that no suffix rule covers (general orthography).
_SPELLINGS = {
    "labour": "labor", "behaviour": "behavior", "neighbour": "neighbor", "defence": "defense",
    "offence": "offense", "centre": "center", "centres": "centers", "programme": "program",
    "programmes": "programs", "artefact": "artifact", "artefacts": "artifacts", "judgement": "judgment",
    "analyse": "analyze", "fulfil": "fulfill", "counselling": "counseling", "travelling": "traveling",
    "licence": "license", "manoeuvre": "maneuver", "armour": "armor", "harbour": "harbor",
}
_SPELLINGS.update({v: k for k, v in list(_SPELLINGS.items())})
# A singular one-word term takes a plural when it ends like a count noun ("ceasefire",
# "pandemic", "peacekeeper", "returnee"); plural terms always get their singular, which the
# drop list can refuse ("refugee", "election").
_COUNT = re.compile(r"(?:ic|eer|ee|ist|ire|or|ant|ct|ier|[kpt]er)$")
_NO_SINGULAR = {"arms", "means", "proceeds", "headquarters", "species", "series", "news", "aids", "media"}


# Nouns of action and their verbs (general English): "protection of civilians" is also written
# "protect civilians", "disarmament" also "disarm".
_VERBS = {
    "protection": "protect", "prevention": "prevent", "exchange": "exchange", "financing": "finance",
    "smuggling": "smuggle", "recruitment": "recruit", "destruction": "destroy", "laundering": "launder",
    "suppression": "suppress", "exploitation": "exploit", "disarmament": "disarm", "demobilization": "demobilize",
    "radicalization": "radicalize", "incitement": "incite", "extradition": "extradite", "mediation": "mediate",
    "use": "use", "sharing": "share", "building": "build", "consolidation": "consolidate",
}
# Nouns of action and their agents: "mediation" -> "mediators", "drug trafficking" -> "drug traffickers".
_AGENTS = {"mediation": "mediator", "trafficking": "trafficker", "smuggling": "smuggler"}


def _inflections(verb: str) -> list[str]:
    """A regular verb's forms: "incite" -> incite, incites, incited, inciting."""
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    return [verb, verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s"), verb + "ed", verb + "ing"]


def _derived(term: str) -> list[tuple[str, str]]:
    """Forms of the same words in another part of speech: the verb of a noun of action ("N of X"
    -> "V X"; a one-word noun -> the verb's forms; "X-building"/"X-sharing" -> "build X",
    "share X", "sharing of X"), the -ist of an -ism ("terrorism" -> "terrorist"), and the
    of-genitive of a possessive ("women's participation" -> "participation of women")."""
    out = []
    words = term.split()
    m = re.fullmatch(r"(\w+) (?:of|in) (?:the )?(.+)", term)
    if m and m.group(1) in _VERBS:
        out.append((f"{_VERBS[m.group(1)]} {m.group(2)}", "verb of a noun of action"))
    if len(words) == 1 and term in _VERBS and term not in ("use", "sharing", "building", "exchange"):
        out += [(v, "verb of a noun of action") for v in _inflections(_VERBS[term])]
    m = re.fullmatch(r"(\w+)-(building|sharing)", term)
    if m:
        out.append((f"{_VERBS[m.group(2)]} {m.group(1)}", "verb of a noun of action"))
        out.append((f"{m.group(2)} of {m.group(1)}", "of-phrase of a compound"))
    for w in words:
        if w.endswith("ism") and len(w) > 6:
            ist = w[:-3] + "ist"
            out.append((term.replace(w, ist), "-ist of an -ism"))
            if len(words) == 1:
                out.append((ist + "s", "-ist of an -ism"))
    if words[-1] in _AGENTS and (len(words) > 1 or term == "mediation"):
        agent = _AGENTS[words[-1]]
        out += [(" ".join(words[:-1] + [a]), "agent noun of a noun of action") for a in (agent, agent + "s")]
    m = re.fullmatch(r"(\w+)'s? (\w+)", term)
    if m:
        out.append((f"{m.group(2)} of {m.group(1)}", "of-genitive of a possessive"))
    return out


def _spellings(word: str) -> set[str]:
    """-ization/-isation both ways; -ize to -ise (not back: "exercise", "enterprise"); the table."""
    out = set()
    if word in _SPELLINGS:
        out.add(_SPELLINGS[word])
    for a, b in (("ization", "isation"), ("izations", "isations"), ("ize", "ise"), ("ized", "ised"), ("izes", "ises"),
                 ("izing", "ising"), ("yze", "yse"), ("yzed", "ysed")):
        if len(word) > len(a) + 3 and word.endswith(a):
            out.add(word[: -len(a)] + b)
    for a, b in (("isation", "ization"), ("isations", "izations"), ("ised", "ized")):
        if len(word) > len(a) + 3 and word.endswith(a) and word not in ("advised", "revised", "supervised", "devised", "comprised"):
            out.add(word[: -len(a)] + b)
    return out


_IRREGULAR = {"crises": "crisis", "analyses": "analysis", "offices": "", "hostilities": "", "rights": "", "media": ""}


def _singular(word: str) -> str:
    """The singular of a plural noun, or "" ("offices" in "good offices" has none)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.isalpha() or word in _NO_SINGULAR or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return ""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "oes")):
        return word[:-2]
    return word[:-1]


def _number(word: str, form: str) -> set[str]:
    """The other number of a one-word noun term ("ceasefires" <-> "ceasefire"); ``form`` is the
    term as its source writes it: acronyms and names ("CFT", "Ebola") take none, a plural
    acronym ("IDPs") its singular."""
    if sum(c.isupper() for c in form) >= 2:
        return {word[:-1]} if form.endswith("s") and form[-2:-1].isupper() else set()
    if form[:1].isupper() and form[1:].islower() and " " not in form:
        return set()
    last = word.rsplit("-", 1)[-1]
    if not last.isalpha() or word in _NO_SINGULAR:
        return set()
    if last.endswith("s") and not last.endswith(("ss", "us", "is")):
        single = _singular(last)
        return {word[: -len(last)] + single} if single else set()
    if _COUNT.search(last):
        return {word + "s"}
    return set()


def variants(term: str, form: str, words: set[str]) -> list[tuple[str, str]]:
    """Spelling variants of a term, each with the rule that made it; ``form`` is the term as
    its source writes it (case kept)."""
    out: list[tuple[str, str]] = []
    if "-" in term:
        out.append((term.replace("-", " "), "spaced form of a hyphenated compound"))
        parts = term.split(" ")
        closed = [p.replace("-", "") if p.count("-") == 1 and p.split("-")[0] in _CLOSE_PREFIXES else p for p in parts]
        if closed != parts:
            out.append((" ".join(closed), "closed form of a prefixed compound"))
    for w in term.split():
        for p in _OPEN_PREFIXES:
            rest = w[len(p):]
            if w.startswith(p) and w.isalpha() and len(rest) >= 5 and rest in words:
                out.append((term.replace(w, f"{p}-{rest}"), "hyphenated form of a closed compound"))
                out.append((term.replace(w, f"{p} {rest}"), "spaced form of a closed compound"))
    for w in sorted(set(re.findall(r"[a-z]+", term))):
        for s in sorted(_spellings(w)):
            out.append((re.sub(rf"\b{w}\b", s, term), "British/American spelling"))
    if "'" in term:
        out.append((term.replace("'", "\u2019"), "typographic apostrophe"))
    if " " not in term:
        for n in sorted(_number(term, form)):
            out.append((n, "other number of a one-word noun"))
    elif not set(term.split()) & _FUNCTION and not form.split()[-1][:1].isupper():
        # Lemmas join the numbers of a longer term, but not where the text capitalises it
        # ("the Peace Agreement" keeps its lemma as written): a plural head also gets its singular.
        head = term.split()[-1]
        single = _singular(head)
        if single:
            out.append((f"{term[: -len(head)]}{single}", "singular of the head noun"))
    out += _derived(term)
    return [(v, how) for v, how in out if v != term]


# --------------------------------------------------------------------------------------------
# Building


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f, delimiter="\t")]


def build(shared: Path) -> list[tuple[str, str, str, str]]:
    spec = read_tsv(shared / SPEC)
    alts = {r["id"]: [a.strip() for a in r.get("alt_labels", "").split(" | ") if a.strip()] for r in read_tsv(DATA / "themes.tsv")}
    unbis = [r["label_en"] for r in read_tsv(shared / UNBIS)]
    curated = read_tsv(CURATED)
    order = [r["id"] for r in spec]
    drops: dict[str, set[str]] = defaultdict(set)
    for r in curated:
        if r["action"] == "drop":
            drops[r["theme"]].add(clean(r["term"]))
    generic = drops["*"]
    protected = {clean(a) for v in alts.values() for a in v}

    def dropped(theme: str, term: str) -> bool:
        return term in generic or term in drops[theme]

    # (a) the spec: pref label, its phrases, alt labels, scope phrases
    cand: dict[str, dict[str, tuple[str, str]]] = {t: {} for t in order}
    named: dict[str, set[str]] = {}  # what the theme's own labels name
    form: dict[tuple[str, str], str] = {}  # a term as its source writes it (case kept)
    for r in spec:
        t = r["id"]
        pref = clean(r["pref_label"])
        cand[t][pref] = ("spec-label", "pref label")
        for p, how in phrases(r["pref_label"], protected, generic):
            cand[t].setdefault(p, ("spec-label", f"pref label: {how}"))
        for a in alts.get(t, []):
            cand[t].setdefault(clean(a), ("spec-label", "alt label"))
            form.setdefault((t, clean(a)), a)
            for p, how in phrases(a, protected - {clean(a)}, generic):
                cand[t].setdefault(p, ("spec-label", f"alt label '{a}': {how}"))
        named[t] = set(cand[t])
        for p, how in phrases(r["scope"], protected, generic):
            cand[t].setdefault(p, ("spec-scope", how))
    # A scope phrase that another theme's labels name, or that the scopes of several themes
    # give, says none of them on its own.
    scope_owners: dict[str, set[str]] = defaultdict(set)
    for t in order:
        for p, (src, _) in cand[t].items():
            if src == "spec-scope":
                scope_owners[p].add(t)
    for t in order:
        for p in list(cand[t]):
            if dropped(t, p):
                del cand[t][p]
            elif p not in named[t] and (len(scope_owners[p]) > 1 or any(p in named[o] for o in order if o != t)):
                del cand[t][p]

    # (b) UNBIS labels: the theme's unbis_label, and labels holding one of its key phrases
    keys = {t: set(cand[t]) for t in order}
    unbis_label = {r["id"]: r["unbis_label"] for r in spec}
    for t, picked in select_unbis(unbis, keys, unbis_label).items():
        for label, how in picked:
            if not dropped(t, label):
                cand[t].setdefault(label, ("unbis", how))

    # (d) curated additions
    curated_terms: dict[str, set[str]] = defaultdict(set)
    for r in curated:
        if r["action"] == "add":
            t, term = r["theme"], clean(r["term"])
            cand[t].setdefault(term, ("curated", r["why"]))
            curated_terms[t].add(term)

    def subsumed(t: str, p: str) -> bool:
        """Another term of the theme matches wherever ``p`` does (curated terms are kept)."""
        toks = tokens(p)
        return p not in curated_terms[t] and any(q != p and contains(toks, tokens(q)) for q in cand[t])

    for t in order:  # before the variants, so that "afghan refugees" begets no "afghan refugee"
        for p in [p for p in cand[t] if subsumed(t, p)]:
            del cand[t][p]

    # (c) variants of all of them; the words of the sources tell a closed compound ("peace" +
    # "building") from a chance prefix ("re" + "fugees")
    words = {w for t in order for p in cand[t] for w in re.findall(r"[a-z]+", p)}
    words |= {w for label in unbis for w in re.findall(r"[a-z]+", label.lower())}
    for t in order:
        todo = sorted(cand[t])
        for _ in range(2):  # variants of variants: "demobilization" -> "demobilize" -> "demobilise"
            made = []
            for term in todo:
                for v, how in variants(term, form.get((t, term), term), words):
                    if v not in cand[t] and not dropped(t, v):
                        cand[t][v] = ("variant", f"{how} of '{term}'")
                        made.append(v)
                        if term in curated_terms[t]:
                            curated_terms[t].add(v)
            todo = sorted(made)

    rows = [(t, p, src, origin) for t in order for p, (src, origin) in cand[t].items() if not subsumed(t, p)]
    rows.sort(key=lambda r: (order.index(r[0]), SOURCES.index(r[2]), r[1]))
    return rows


def audit(dirs: list[Path], gold: Path | None) -> None:
    """Per term, in how many documents of each folder it occurs (lower-cased, whole words), and
    a flag for a term that occurs in one document only, or only in documents of ``gold``."""
    rows = read_tsv(OUT)
    gold_docs = set()
    if gold:
        import json
        gold_docs = {json.loads(line)["doc"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    docs = {d: {p.name: p.read_text(encoding="utf-8", errors="replace").lower().replace("\u2019", "'")
                for p in sorted(d.glob("*.txt"))} for d in dirs}
    names = [d.parent.name if d.name == "docs" else d.name for d in dirs]
    print("theme\tterm\tsource\t" + "\t".join(names) + ("\tin gold" if gold else "") + "\tflag")
    for r in rows:
        pat = re.compile(r"(?<![\w-])" + re.escape(r["term"]) + r"(?![\w-])")
        found = [{n for n, text in texts.items() if r["term"] in text and pat.search(text)} for texts in docs.values()]
        every = set().union(*found) if found else set()
        in_gold = every & gold_docs
        flag = "gold only" if in_gold and in_gold == every else "one document" if len(every) == 1 else ""
        print(f"{r['theme']}\t{r['term']}\t{r['source']}\t" + "\t".join(str(len(f)) for f in found)
              + (f"\t{len(in_gold)}" if gold else "") + f"\t{flag}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (spec/, refdata/)")
    ap.add_argument("--check", action="store_true", help="fail if theme_terms.tsv is not what the sources give")
    ap.add_argument("--audit", type=Path, nargs="+", metavar="DIR", help="print document counts per term instead")
    ap.add_argument("--gold", type=Path, help="with --audit: gold annotations whose documents to count apart")
    args = ap.parse_args(argv)
    if args.audit:
        audit(args.audit, args.gold)
        return 0
    rows = build(args.shared)
    lines = "\n".join(["theme\tterm\tsource\torigin"] + ["\t".join(r) for r in rows]) + "\n"
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == lines
        print(f"{OUT.relative_to(ROOT)}: {'up to date' if same else 'differs from the sources; run tools/build_theme_terms.py'}")
        return 0 if same else 1
    OUT.write_text(lines, encoding="utf-8")
    by_source = defaultdict(int)
    for r in rows:
        by_source[r[2]] += 1
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} terms ({', '.join(f'{s} {by_source[s]}' for s in SOURCES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
