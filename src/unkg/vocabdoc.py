"""vocabdoc: docs/vocabulary.md, generated from the ontology and the SHACL shapes (data/ontology.ttl,
data/shapes.ttl and the registry's part of each), so the reference page can never disagree with
the graph's own description of itself.

    python -m unkg.vocabdoc > docs/vocabulary.md
"""

from __future__ import annotations


def _constraints(shapes, curie) -> dict:
    """What the shapes say about each property of each class: (property, count, value) rows."""
    import rdflib
    import rdflib.collection
    from rdflib.namespace import SH

    def value(prop) -> str:
        """What a property shape allows: a datatype or class, one of several, a pattern."""
        one = shapes.value(prop, SH.datatype) or shapes.value(prop, SH["class"])
        if one is not None:
            return curie(one)
        for key, word in ((SH["or"], "one of"), (SH["in"], "one of")):
            items = shapes.value(prop, key)
            if items is not None:
                members = [shapes.value(m, SH["class"]) or shapes.value(m, SH.datatype) or m
                           for m in rdflib.collection.Collection(shapes, items)]
                return f"{word} " + ", ".join(curie(m) if isinstance(m, rdflib.URIRef) else f"`{m}`" for m in members)
        pattern = shapes.value(prop, SH.pattern)
        return f"pattern `{pattern}`" if pattern else ""

    constraints: dict = {}
    for shape in shapes.subjects(SH.targetClass, None):
        cls = shapes.value(shape, SH.targetClass)
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            lo, hi = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
            card = f"{int(lo) if lo is not None else 0}..{int(hi) if hi is not None else '*'}"
            card = {"1..1": "exactly 1", "0..1": "at most 1", "0..*": "any", "1..*": "at least 1"}.get(card, card)
            constraints.setdefault(cls, []).append((curie(path), card, value(prop)))
    return constraints


def markdown() -> str:
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    from .shapes import shapes_turtle
    from .vocab import ENTITY_PATH_PATTERN, ontology_turtle

    onto = rdflib.Graph().parse(data=ontology_turtle(), format="turtle")
    shapes = rdflib.Graph().parse(data=shapes_turtle(), format="turtle")
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

    constraints = _constraints(shapes, curie)

    out = ["# unkg vocabulary", "",
           "Generated from `src/unkg/data/ontology.ttl` and `src/unkg/data/shapes.ttl` by "
           "`python -m unkg.vocabdoc`; do not edit by hand.", "",
           text(rdflib.URIRef("https://w3id.org/unkg/ontology"), RDFS.comment), "",
           "Prefixes: " + ", ".join(f"`{p}:` <{b}>" for p, b in sorted(ns.items()) if p in
                                    ("unkg", "dcterms", "skos", "prov", "oa", "cito", "owl", "xsd")), "",
           f"IRIs: entities `{ENTITY_PATH_PATTERN}`, "
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
            "`skos:altLabel`; themes are `skos:Concept`s in `unkg:themeScheme`. A mention (`unkg:Mention`, "
            "a subclass of `oa:Annotation`) is the span of the source file it covers, named by an RFC 5147 IRI "
            "(`<.../source/S-RES-2482-2019.txt#char=120,135>`: the document and the character offsets), whose "
            "`oa:hasBody` is the entity, with `unkg:inSentence` and `unkg:rule`. Assertions are `rdf:Statement`s "
            "with `unkg:inSentence` their sentence (a sub-property of `prov:wasDerivedFrom`). `unkg:cites` is a sub-property of `cito:cites`. Where a "
            "Wikidata id is known, entities are `owl:sameAs` it.", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
