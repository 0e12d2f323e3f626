"""Positions for large views, computed here so the browser's physics can stay off."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

#: Layout density: about this many pixels per node along a side of the core.
SPACING = 80.0
#: Above this many nodes in the core, layouts avoid n x n arrays.
DENSE_LIMIT = 2500
HALO_GAP = 50.0


def layout(h: nx.MultiDiGraph, edges: list[dict], min_weight: int,
           radius_of: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for a large graph, in pixels.

    The core (the nodes with a link the page shows by default) is laid out with networkx's
    ForceAtlas2 (LinLog, hubs dissuaded), links weighted by log weight, then nodes that overlap
    are pushed apart. The nodes linked only by links hidden by default ring the core, each at
    about the angle of its neighbours; nodes without links, and separate parts, ring that.
    Deterministic: the same graph gives the same picture."""
    full = nx.Graph()
    full.add_nodes_from(h.nodes)
    for e in edges:
        w = 1.0 + math.log(max(e["value"], 1)) if e["kind"] == "co-mention" else 2.0
        shown = e["kind"] != "co-mention" or e["value"] >= min_weight
        if full.has_edge(e["from"], e["to"]):
            full[e["from"]][e["to"]]["weight"] += w
            full[e["from"]][e["to"]]["shown"] |= shown
        elif e["from"] != e["to"]:
            full.add_edge(e["from"], e["to"], weight=w, shown=shown)
    core = nx.Graph([(u, v, d) for u, v, d in full.edges(data=True) if d["shown"]])
    pos = _core(core, radius_of or {}) if core.number_of_nodes() else {}
    _halo(full, pos)
    _rings(h, full, pos)
    return pos


def _core(core: nx.Graph, radius_of: dict[str, float]) -> dict[str, tuple[float, float]]:
    """The core laid out by ForceAtlas2 and scaled to pixels, overlaps pushed apart."""
    pos: dict[str, tuple[float, float]] = {}
    # the largest part in the middle; small separate parts are laid out with it, gravity
    # keeps them near
    mass = {n: 1.0 + core.degree(n) for n in core}
    # LinLog with hubs dissuaded (pushed out to the rim): clusters come apart and the hubs'
    # labels do not all pile up in the middle
    if core.number_of_nodes() > DENSE_LIMIT:
        # networkx's ForceAtlas2 holds n x n arrays; its sparse Fruchterman-Reingold does not
        raw = nx.spring_layout(core, iterations=30, weight="weight", seed=7)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = nx.forceatlas2_layout(core, max_iter=200, scaling_ratio=2.0, gravity=1.0, linlog=True,
                                        distributed_action=True, node_mass=mass, weight="weight", seed=7)
    if not all(math.isfinite(float(c)) for p in raw.values() for c in p):
        raw = nx.forceatlas2_layout(core, max_iter=200, distributed_action=True, node_mass=mass,
                                    weight="weight", seed=7)
    xy = {n: (float(p[0]), float(p[1])) for n, p in raw.items()}
    cx = sorted(x for x, _ in xy.values())[len(xy) // 2]
    cy = sorted(y for _, y in xy.values())[len(xy) // 2]
    # scale on the 90th percentile radius, and pull the few far outliers (small separate
    # parts that gravity left far out) in to just outside it
    radii = sorted(math.hypot(x - cx, y - cy) for x, y in xy.values())
    r90 = radii[int(0.9 * (len(radii) - 1))] or 1.0
    target = SPACING * math.sqrt(core.number_of_nodes()) / 2  # the 90% disc's radius, px
    for n, (x, y) in xy.items():
        dx, dy = x - cx, y - cy
        r = math.hypot(dx, dy)
        f = target / r90
        if r > 1.3 * r90:
            f = target * (1.3 + 0.1 * math.log(r / (1.3 * r90))) / r
        pos[n] = (dx * f, dy * f)
    return _spread(pos, radius_of)


def _halo(full: nx.Graph, pos: dict[str, tuple[float, float]]) -> None:
    """The nodes linked only by links hidden by default, on rings just outside the core, each
    at about the angle of its neighbours there."""
    halo = [n for n in full if n not in pos and any(m in pos for m in full[n])]
    radius = max((math.hypot(x, y) for x, y in pos.values()), default=0.0)
    want = {}
    for n in halo:
        placed = [(pos[m], full[n][m]["weight"]) for m in full[n] if m in pos]
        tw = sum(w for _, w in placed)
        x = sum(p[0] * w for p, w in placed) / tw
        y = sum(p[1] * w for p, w in placed) / tw
        want[n] = math.atan2(y, x) if math.hypot(x, y) > 0.05 * (radius or 1.0) else None
    halo.sort(key=lambda n: (want[n] if want[n] is not None else 9.0, n))
    if halo:
        anchored = [n for n in halo if want[n] is not None]
        free = [n for n in halo if want[n] is None]
        # anchored nodes keep their order round the circle, spread half-way to even spacing;
        # the nodes whose neighbours sit in the middle fill in evenly (golden angle)
        angle = {}
        for i, n in enumerate(anchored):
            angle[n] = 0.5 * want[n] + 0.5 * (-math.pi + 2 * math.pi * (i + 0.5) / len(anchored))
        for i, n in enumerate(free):
            angle[n] = (i * 2.399963) % (2 * math.pi) - math.pi
        order = sorted(halo, key=lambda n: angle[n])
        rings = max(1, math.ceil(len(order) * HALO_GAP / (2 * math.pi * (radius + 80.0))))
        for i, n in enumerate(order):
            r = radius + 80.0 + (i % rings) * HALO_GAP
            pos[n] = (r * math.cos(angle[n]), r * math.sin(angle[n]))


def _rings(h: nx.MultiDiGraph, full: nx.Graph, pos: dict[str, tuple[float, float]]) -> None:
    """What is left has no link to anything placed: the nodes without links, and one node of
    each separate part, go on rings around the whole (grouped by type); the rest of a part
    close by."""
    rest = [n for n in full if n not in pos]
    parts = sorted((sorted(c, key=lambda n: (-full.degree(n, weight="weight"), n))
                    for c in nx.connected_components(full.subgraph(rest))),
                   key=lambda c: (h.nodes[c[0]]["type"], -h.nodes[c[0]].get("documents", 1), h.nodes[c[0]]["id"]))
    radius = max((math.hypot(x, y) for x, y in pos.values()), default=0.0)
    ring, i, turn = radius + 100.0, 0, 0
    while i < len(parts):
        chunk = parts[i:i + max(12, int(2 * math.pi * ring / HALO_GAP))]
        for j, part in enumerate(chunk):
            a = 2 * math.pi * (j + 0.5 * (turn % 2)) / len(chunk)
            x, y = ring * math.cos(a), ring * math.sin(a)
            for k, n in enumerate(part):
                pos[n] = (x + 25.0 * k * math.cos(a), y + 25.0 * k * math.sin(a))
        i += len(chunk)
        turn += 1
        ring += HALO_GAP


def _spread(pos: dict[str, tuple[float, float]], radius_of: dict[str, float], gap: float = 6.0,
            rounds: int = 60) -> dict[str, tuple[float, float]]:
    """Push apart nodes that overlap (drawn radius plus ``gap``), a little at a time."""
    ids = list(pos)
    if not 2 <= len(ids) <= DENSE_LIMIT:
        return pos
    xy = np.array([pos[n] for n in ids], dtype=float)
    r = np.array([radius_of.get(n, 8.0) for n in ids], dtype=float)
    need = r[:, None] + r[None, :] + gap
    np.fill_diagonal(need, 0.0)
    jitter = np.random.default_rng(7).normal(scale=1e-3, size=xy.shape)
    xy += jitter  # no two nodes exactly on one spot
    for _ in range(rounds):
        d = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((d ** 2).sum(-1)) + 1e-9
        short = np.clip(need - dist, 0.0, None)
        if short.max() < 0.5:
            break
        xy += 0.25 * (d / dist[..., None] * short[..., None]).sum(1)
    return {n: (float(x), float(y)) for n, (x, y) in zip(ids, xy)}


def drawn_radius(values: dict[str, float], smallest: float, largest: float) -> dict[str, float]:
    """The radius vis-network draws each node at, from its value (its linear scaling)."""
    lo, hi = min(values.values(), default=0.0), max(values.values(), default=0.0)
    if hi == lo:
        return {n: (smallest + largest) / 2 for n in values}
    return {n: smallest + (v - lo) / (hi - lo) * (largest - smallest) for n, v in values.items()}
