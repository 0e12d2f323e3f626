"""Starting positions for a view, computed here; the page settles them (vis-network's physics,
a few hundred steps) for what the filters show.

Only the ``CORE`` most linked nodes go through a force layout (networkx's ForceAtlas2, whose
n x n arrays are cheap at that size); every other node is put next to its strongest placed
neighbours, in order of weight, and overlaps are pushed apart with a k-d tree. A 5,000-node view
costs about two seconds instead of the 47 s of ForceAtlas2 on all of it. Deterministic: the same
graph gives the same positions."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

#: Nodes laid out by ForceAtlas2; the page opens on fewer than this.
CORE = 400
#: Nodes kept apart here (the most important).
SPREAD = 1500
#: Layout density: about this many pixels per node along a side of the core.
SPACING = 80.0
GOLDEN = 2.399963


def layout(u: nx.Graph, order: list[str], hubs: set[str] | frozenset = frozenset(),
           radius_of: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Positions (px) for every node of ``u`` (undirected, ``weight`` on links); ``order``: the
    nodes, most important first; ``hubs``: left out of the force layout (they pull everything
    into one ball), placed among their neighbours."""
    radius_of = radius_of or {}
    linked = [n for n in order if n not in hubs and u.degree(n) > 0]
    core = u.subgraph(linked[:CORE])
    pos = _core(core) if core.number_of_edges() else {}
    _attach(u, [n for n in order if n not in pos and n not in hubs], pos)
    _attach(u, [n for n in order if n in hubs], pos)
    # overlaps matter among what a page can show at once; the page settles the rest itself
    first = {n: pos[n] for n in order[:SPREAD]}
    return {**{n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}, **_spread(first, radius_of)}


def _core(core: nx.Graph) -> dict[str, tuple[float, float]]:
    g = nx.Graph()
    g.add_nodes_from(sorted(core))
    # log weights: a pair named together in 300 sentences is not 300 times as close
    g.add_weighted_edges_from(sorted((a, b, 1.0 + math.log(d["weight"])) for a, b, d in core.edges(data=True)))
    mass = {n: 1.0 + g.degree(n) for n in g}
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = nx.forceatlas2_layout(g, max_iter=100, scaling_ratio=2.0, gravity=1.0, linlog=True,
                                    distributed_action=True, node_mass=mass, weight="weight", seed=7)
    if not all(math.isfinite(float(c)) for p in raw.values() for c in p):
        raw = nx.forceatlas2_layout(g, max_iter=100, node_mass=mass, weight="weight", seed=7)
    xy = np.array([raw[n] for n in g], dtype=float)
    xy -= np.median(xy, axis=0)
    r = np.hypot(xy[:, 0], xy[:, 1])
    r90 = float(np.quantile(r, 0.9)) or 1.0
    xy *= SPACING * math.sqrt(len(g)) / 2 / r90
    # far outliers (small separate parts) pulled in to just outside the disc
    far = r > 1.3 * r90
    xy[far] *= (1.3 * r90 / r[far])[:, None]
    return {n: (float(x), float(y)) for n, (x, y) in zip(g, xy)}


def _attach(u: nx.Graph, todo: list[str], pos: dict[str, tuple[float, float]]) -> None:
    """Each node next to the weighted middle of its placed neighbours (a small golden-angle
    offset keeps them apart); a node without any, on a spiral outside everything."""
    outer = max((math.hypot(x, y) for x, y in pos.values()), default=0.0) + 120.0
    spiral = 0
    for i, n in enumerate(todo):
        near = [(pos[m], u[n][m]["weight"]) for m in u[n] if m in pos]
        if near:
            tw = sum(w for _, w in near)
            x = sum(p[0] * w for p, w in near) / tw
            y = sum(p[1] * w for p, w in near) / tw
            a, r = i * GOLDEN, 30.0 + 10.0 * (i % 5)
            pos[n] = (x + r * math.cos(a), y + r * math.sin(a))
        else:
            a, r = spiral * GOLDEN, outer + 12.0 * math.sqrt(spiral)
            pos[n] = (r * math.cos(a), r * math.sin(a))
            spiral += 1


def _spread(pos: dict[str, tuple[float, float]], radius_of: dict[str, float], gap: float = 6.0,
            rounds: int = 20) -> dict[str, tuple[float, float]]:
    """Push apart nodes that overlap (drawn radius plus ``gap``), a little at a time; pairs come
    from a k-d tree, so the cost follows the overlaps, not n squared."""
    ids = list(pos)
    if len(ids) < 2:
        return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
    xy = np.array([pos[n] for n in ids], dtype=float)
    xy += np.random.default_rng(7).normal(scale=1e-3, size=xy.shape)  # no two nodes on one spot
    r = np.array([radius_of.get(n, 8.0) for n in ids], dtype=float)
    reach = 2 * float(r.max()) + gap
    for _ in range(rounds):
        pairs = cKDTree(xy).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        d = xy[i] - xy[j]
        dist = np.hypot(d[:, 0], d[:, 1]) + 1e-9
        short = np.clip(r[i] + r[j] + gap - dist, 0.0, None)
        if short.max() < 0.5:
            break
        push = 0.5 * (d / dist[:, None]) * short[:, None]
        for axis in (0, 1):  # bincount: np.add.at is several times slower
            xy[:, axis] += np.bincount(i, push[:, axis], len(ids)) - np.bincount(j, push[:, axis], len(ids))
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(ids, xy)}


def drawn_radius(values: dict[str, float], smallest: float, largest: float) -> dict[str, float]:
    """The radius vis-network draws each node at, from its value (its linear scaling)."""
    lo, hi = min(values.values(), default=0.0), max(values.values(), default=0.0)
    if hi == lo:
        return {n: (smallest + largest) / 2 for n in values}
    return {n: smallest + (v - lo) / (hi - lo) * (largest - smallest) for n, v in values.items()}
