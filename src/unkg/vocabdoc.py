"""vocabdoc: docs/vocabulary.md, generated from data/ontology.ttl and data/shapes.ttl, so the
reference page can never disagree with the graph's own description of itself.

    python -m unkg.vocabdoc > docs/vocabulary.md
"""

from __future__ import annotations

from importlib import resources


def _graph(name: str):
    import rdflib

    return rdflib.Graph().parse(data=(resources.files("unkg") / "data" / name).read_text(encoding="utf-8"), format="turtle")


def markdown() -> str:
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS, SH

    onto, shapes = _graph("ontology.ttl"), _graph("shapes.ttl")
    ns = dict(onto.namespaces())

    def curie(t) -> str:
        s = str(t)
        for p, base in sorted(ns.items(), key=lambda kv: -len(str(kv[1]))):
            if p and s.startswith(str(base)):
                return f"{p}:{s[len(str(base)):]}"
        return f"<{s}>"

    def text(t, p) -> str:
        v = onto.value(t, p)
        return " ".join(str(v).split()) if v is not None else ""

    def names(items) -> str:
        return ", ".join(curie(x) for x in sorted(items, key=str)) or ""

    # What the shapes say about each property of each class: "1", "0..1", "1..*", ...
    constraints: dict = {}
    for shape in shapes.subjects(SH.targetClass, None):
        cls = shapes.value(shape, SH.targetClass)
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            lo, hi = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
            card = f"{int(lo) if lo is not None else 0}..{int(hi) if hi is not None else '*'}"
            card = {"1..1": "exactly 1", "0..1": "at most 1", "0..*": "any", "1..*": "at least 1"}.get(card, card)
            value = shapes.value(prop, SH.datatype) or shapes.value(prop, SH["class"]) or shapes.value(prop, SH.pattern)
            constraints.setdefault(cls, []).append((curie(path), card, curie(value) if isinstance(value, rdflib.URIRef) else (f"pattern `{value}`" if value else "")))

    out = ["# unkg vocabulary", "",
           "Generated from `src/unkg/data/ontology.ttl` and `src/unkg/data/shapes.ttl` by "
           "`python -m unkg.vocabdoc`; do not edit by hand.", "",
           text(rdflib.URIRef("https://w3id.org/unkg/ontology"), RDFS.comment), "",
           "Prefixes: " + ", ".join(f"`{p}:` <{b}>" for p, b in sorted(ns.items()) if p in
                                    ("unkg", "dcterms", "skos", "prov", "oa", "cito", "owl", "xsd")), "",
           "IRIs: entities `https://w3id.org/unkg/id/{state|org|resolution|document|instrument|person|theme}/...`, "
           "source files `https://w3id.org/unkg/id/source/<file>`, named graphs `https://w3id.org/unkg/graph/<file>` "
           "(one per document), `.../graph/entities` (entity descriptions) and `.../graph/themes` (the SKOS scheme).", "",
           "## Classes", ""]
    for cls in sorted(onto.subjects(RDF.type, OWL.Class), key=str):
        out.append(f"### {curie(cls)}")
        out.append("")
        out.append(f"**{text(cls, RDFS.label)}**. {text(cls, RDFS.comment)}")
        supers = list(onto.objects(cls, RDFS.subClassOf))
        if supers:
            out.append("")
            out.append(f"Subclass of {names(supers)}.")
        if cls in constraints:
            out += ["", "| property | count | value |", "|---|---|---|"]
            out += [f"| {p} | {c} | {v} |" for p, c, v in sorted(constraints[cls])]
        out.append("")
    out += ["## Properties", "", "| property | kind | label | domain | range | description |", "|---|---|---|---|---|---|"]
    props = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    for p in sorted(props, key=str):
        kind = "object" if (p, RDF.type, OWL.ObjectProperty) in onto else "datatype"
        sub = list(onto.objects(p, RDFS.subPropertyOf))
        desc = text(p, RDFS.comment) + (f" Sub-property of {names(sub)}." if sub else "")
        out.append(f"| {curie(p)} | {kind} | {text(p, RDFS.label)} | {names(onto.objects(p, RDFS.domain))} | "
                   f"{names(onto.objects(p, RDFS.range))} | {desc} |")
    out += ["", "## Reused terms", "",
            "Documents: `dcterms:title`, `dcterms:date`, `dcterms:identifier`. Labels: `skos:prefLabel`, "
            "`skos:altLabel`; themes are `skos:Concept`s in `unkg:themeScheme`. Mentions are W3C Web Annotations "
            "(`oa:hasBody` the entity, `oa:hasTarget` a `oa:SpecificResource` with a `oa:TextPositionSelector` "
            "(character offsets into the source file) and a `oa:TextQuoteSelector`). Assertions are `rdf:Statement`s "
            "with `prov:wasDerivedFrom` their sentence. `unkg:cites` is a sub-property of `cito:cites`. Where a "
            "Wikidata id is known, entities are `owl:sameAs` it.", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
