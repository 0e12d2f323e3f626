"""record: facts from the record of the Council (the reference tables, not the documents), each
table a named graph whose description says where its facts come from (PROV).

- ``graph/record/membership``: who sat on the Council each year, 1991-2024
  (``unkg:CouncilMembership``: member, year, seat, term);
- ``graph/record/presidency``: the presidency by month where the table gives it
  (``unkg:Presidency`` with ``prov:wasDerivedFrom`` the table, beside those the documents state);
- ``graph/record/vetoes``: vetoed drafts (``unkg:Veto``: draft, date, meeting, vetoing States);
- votes and adoption meetings of the resolutions a build names are stated on the resolutions
  themselves in ``graph/entities`` (``rdf.entities_graph_quads``).
"""

from __future__ import annotations

import re

from . import refdata
from .registry import STATE
from .store import Literal, NamedNode, Quad
from .vocab import DCTERMS, GRAPH, ID, PROV, RDF, RDFS, UNKG, XSD, entity_iri, meeting_iri

#: The table behind each record graph, and what it was built from (data/README.md).
TABLES = {
    "membership": ("membership.tsv", "Council membership by year, expanded from the terms of fmadore/genocide-at-the-security-council "
                                     "config/council_membership.csv (commit 752ef667de07, MIT), with the rows marked curated"),
    "presidency": ("presidency.tsv", "the presidency by month, derived by the alphabetical rotation (rule 18 of the provisional rules "
                                     "of procedure) and checked against every anchor in the documents (tools/build_presidency_table.py)"),
    "vetoes": ("vetoes.tsv", "the Dag Hammarskjöld Library's Security Council veto list (intreleng-research/unsc-dataset, "
                             "commit 80fede2ed7fb; UN terms of use)"),
}


def record_graph(name: str) -> NamedNode:
    return NamedNode(f"{GRAPH}record/{name}")


def _table(name: str) -> NamedNode:
    return NamedNode(f"{ID}table/{name}")


def _source(name: str, g: NamedNode) -> list[Quad]:
    file, about = TABLES[name]
    t = _table(name)
    return [Quad(g, PROV.wasDerivedFrom, t, g), Quad(t, RDF.type, PROV.Entity, g),
            Quad(t, RDFS.label, Literal(f"unkg/data/{file}"), g), Quad(t, DCTERMS.source, Literal(about), g)]


def membership_quads() -> list[Quad]:
    g = record_graph("membership")
    q = _source("membership", g)
    for r in refdata.rows("membership.tsv"):
        m = NamedNode(f"{ID}membership/{r['year']}/{r['iso3']}")
        q += [Quad(m, RDF.type, UNKG.CouncilMembership, g), Quad(m, UNKG.member, entity_iri(STATE, r["iso3"]), g),
              Quad(m, UNKG.year, Literal(r["year"], datatype=XSD.gYear), g), Quad(m, UNKG.seat, Literal(r["seat"]), g),
              Quad(m, PROV.wasDerivedFrom, _table("membership"), g)]
        for key, prop in (("term_start", UNKG.termStart), ("term_end", UNKG.termEnd)):
            if r[key]:
                q.append(Quad(m, prop, Literal(r[key], datatype=XSD.gYear), g))
    return q


def presidency_quads() -> list[Quad]:
    g = record_graph("presidency")
    q = _source("presidency", g)
    for r in refdata.rows("presidency.tsv"):
        p = NamedNode(f"{ID}presidency/{r['month']}")
        q += [Quad(p, RDF.type, UNKG.Presidency, g), Quad(p, UNKG.holder, entity_iri(STATE, r["iso3"]), g),
              Quad(p, UNKG.month, Literal(r["month"], datatype=XSD.gYearMonth), g),
              Quad(p, PROV.wasDerivedFrom, _table("presidency"), g)]
    return q


def veto_quads() -> list[Quad]:
    g = record_graph("vetoes")
    q = _source("vetoes", g)
    for r in refdata.rows("vetoes.tsv"):
        v = NamedNode(f"{ID}veto/{r['list_row']}")
        q += [Quad(v, RDF.type, UNKG.Veto, g), Quad(v, UNKG.draftSymbol, Literal(r["draft"]), g),
              Quad(v, PROV.wasDerivedFrom, _table("vetoes"), g)]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]):
            q.append(Quad(v, DCTERMS.date, Literal(r["date"], datatype=XSD.date), g))
        if r["record"]:
            q.append(Quad(v, UNKG.meeting, Literal(r["record"]), g))
            number = re.fullmatch(r"S/PV\.(\d+)", r["record"])
            if number:  # joins the meeting's record when the graph holds it (extract/debates.py)
                q.append(Quad(v, UNKG.atMeeting, meeting_iri(int(number[1])), g))
        if r["agenda_item"]:
            q.append(Quad(v, UNKG.agendaItem, Literal(r["agenda_item"]), g))
        q += [Quad(v, UNKG.vetoedBy, entity_iri(STATE, s.strip()), g) for s in r["vetoed_by"].split("|") if s.strip()]
    return q


def states_named() -> set[str]:
    """The States the record graphs name, so that the entity descriptions cover them."""
    out = {r["iso3"] for r in refdata.rows("membership.tsv")} | {r["iso3"] for r in refdata.rows("presidency.tsv")}
    for r in refdata.rows("vetoes.tsv"):
        out |= {s.strip() for s in r["vetoed_by"].split("|") if s.strip()}
    return out


def graphs() -> dict[str, list[Quad]]:
    """Every record graph, by IRI."""
    return {record_graph("membership").value: membership_quads(), record_graph("presidency").value: presidency_quads(),
            record_graph("vetoes").value: veto_quads()}


def vote_quads(iri: NamedNode, rec: dict, g: NamedNode) -> list[Quad]:
    """The vote on a resolution, from the record of resolutions."""
    q = []
    if rec.get("vote"):
        q.append(Quad(iri, UNKG.vote, Literal(rec["vote"]), g))
    for key, prop in (("in_favour", UNKG.votesInFavour), ("against", UNKG.votesAgainst), ("abstentions", UNKG.abstentions)):
        if rec.get(key, "").isdigit():
            q.append(Quad(iri, prop, Literal(rec[key], datatype=XSD.integer), g))
    return q
