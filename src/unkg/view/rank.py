"""Which nodes matter in a view: their weight, the hubs that link everything, communities.

Computed once per view in Python, on the links of the page (one undirected weighted graph), so
that the page can open on the most linked entities without hubs and colour communities."""

from __future__ import annotations

import networkx as nx

#: A hub is linked to at least this share of the view's other nodes ...
HUB_LINKED = 0.2
#: ... and named in at least this share of the documents.
HUB_DOCUMENTS = 0.75
#: Communities coloured in the page; the smaller ones share one grey.
COMMUNITIES = 10
SEED = 7


def simple(edges: list[dict], nodes: list[str]) -> nx.Graph:
    """The page's links as one undirected graph: weights of both directions and every kind summed."""
    u = nx.Graph()
    u.add_nodes_from(sorted(nodes))
    for e in edges:
        a, b = e["from"], e["to"]
        if a == b:
            continue
        if u.has_edge(a, b):
            u[a][b]["weight"] += e["value"]
        else:
            u.add_edge(a, b, weight=e["value"])
    return u


def hubs(u: nx.Graph, docs: dict[str, int], total_docs: int) -> list[str]:
    """The nodes linked to a large share of all the others and named nearly everywhere (the
    United Nations, the Security Council, the Secretary-General in Council documents): a rule,
    so that a corpus of other bodies finds its own."""
    return hub_rule({x: u.degree(x) for x in u}, strength(u), docs, total_docs)


def hub_rule(linked: dict[str, int], weight: dict[str, float], docs: dict[str, int], total_docs: int) -> list[str]:
    """``hubs`` from each node's number of linked nodes and weighted degree (``linked``: every
    node of the view, so that a page holding part of a selection finds the selection's hubs)."""
    n = len(linked)
    if n < 50:
        return []
    found = [x for x, k in linked.items() if k >= HUB_LINKED * (n - 1) and docs.get(x, 0) >= HUB_DOCUMENTS * total_docs]
    return sorted(found, key=lambda x: (-weight[x], x))


def strength(u: nx.Graph) -> dict[str, float]:
    """Weighted degree (the sum of the weights of a node's links): the page's ranking."""
    return {x: float(u.degree(x, weight="weight")) for x in u}


def communities(u: nx.Graph, skip: set[str]) -> dict[str, int]:
    """Louvain communities (seeded, so the same graph gives the same colours) of the graph
    without ``skip`` (the hubs would merge everything into one); numbered by size, the
    ``COMMUNITIES`` largest 0..9, the others -1."""
    sub = u.subgraph([x for x in u if x not in skip and u.degree(x) > 0]).copy()  # a copy iterates faster than a view
    if sub.number_of_edges() == 0:
        return {}
    parts = nx.community.louvain_communities(sub, weight="weight", seed=SEED, resolution=1.0)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    return {x: (i if i < COMMUNITIES and len(p) > 2 else -1) for i, p in enumerate(parts) for x in p}
