"""A cluster's collaboration network as a pure function over plain rows (no Django).

Nodes are organisations; an edge joins two organisations that worked together, with a weight and
the kinds of contact kept on it:

* a shared project (strong, weight 3 per project),
* a B2B meeting held between them (medium, weight 2 per meeting),
* both checked in at the same small event or course (weak, weight 1 per gathering; a gathering
  with more organisations than `max_gathering` is left out: at a big conference nobody met
  everybody).

Rows carry a year, and a graph is built for the years `first_year`..`last_year` (either open).
`figures()` computes what a cluster manager reads from it; `layout()` places the nodes (a small
Fruchterman-Reingold in numpy from a breadth-first spiral, deterministic without a seed,
since the one in networkx needs scipy).
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

PROJECT = "project"
B2B = "b2b"
EVENT = "event"
COURSE = "course"
KINDS = (PROJECT, B2B, EVENT, COURSE)
WEIGHTS = {PROJECT: 3.0, B2B: 2.0, EVENT: 1.0, COURSE: 1.0}
STRENGTH = {PROJECT: "strong", B2B: "medium", EVENT: "weak", COURSE: "weak"}

# The helix of an organisation kind (triple helix: industry, research, public sector).
INDUSTRY, RESEARCH, PUBLIC = "industry", "research", "public"
HELIX = {
    "startup": INDUSTRY,
    "sme": INDUSTRY,
    "large": INDUSTRY,
    "university": RESEARCH,
    "research_institute": RESEARCH,
    "public_sector": PUBLIC,
}
SME_KINDS = frozenset({"sme", "startup"})
BROKERS = 5
EXACT_BETWEENNESS_UP_TO = 300  # nodes; above it betweenness is estimated from a fixed sample
BETWEENNESS_SAMPLE = 40


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    kind: str
    member: bool = True


# (project id, organisation id, year)
ProjectRow = tuple[int, int, int]
# (organisation a, organisation b, year)
MeetingRow = tuple[int, int, int]
# (kind: "event" | "course", gathering id, organisation id, year)
GatheringRow = tuple[str, int, int, int]


def _in_period(year: int, first_year: int | None, last_year: int | None) -> bool:
    return (first_year is None or year >= first_year) and (last_year is None or year <= last_year)


def build_graph(
    organisations: Iterable[Organisation],
    *,
    projects: Iterable[ProjectRow] = (),
    meetings: Iterable[MeetingRow] = (),
    gatherings: Iterable[GatheringRow] = (),
    kinds: Iterable[str] = KINDS,
    first_year: int | None = None,
    last_year: int | None = None,
    max_gathering: int = 30,
) -> nx.Graph:
    """The collaboration graph of `organisations` (rows naming anyone else are ignored).

    Edge attributes: `weight` (sum of the contacts' weights), `kinds` ({kind: contacts}),
    `first_year` (the year they first worked together within the period). Node attributes:
    `name`, `kind`, `member`, `helix`.
    """
    wanted = frozenset(kinds)
    graph = nx.Graph()
    for org in organisations:
        graph.add_node(
            org.id, name=org.name, kind=org.kind, member=org.member, helix=HELIX.get(org.kind, "")
        )
    contacts: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    first: dict[tuple[int, int], int] = {}

    def link(a: int, b: int, kind: str, year: int) -> None:
        if a == b or a not in graph or b not in graph:
            return
        pair = (a, b) if a < b else (b, a)
        contacts[pair][kind] += 1
        if pair not in first or year < first[pair]:
            first[pair] = year

    groups: dict[tuple[str, int], tuple[set[int], int]] = {}

    def gather(kind: str, key: int, org: int, year: int) -> None:
        found = groups.get((kind, key))
        if found is None:
            groups[(kind, key)] = ({org}, year)
        else:
            found[0].add(org)

    if PROJECT in wanted:
        for project, member, year in projects:
            if _in_period(year, first_year, last_year):
                gather(PROJECT, project, member, year)
    if B2B in wanted:
        for a, b, year in meetings:
            if _in_period(year, first_year, last_year):
                link(a, b, B2B, year)
    for kind, key, member, year in gatherings:
        if kind in wanted and _in_period(year, first_year, last_year):
            gather(kind, key, member, year)
    for (kind, _key), (orgs, year) in groups.items():
        present = sorted(o for o in orgs if o in graph)
        if kind != PROJECT and len(present) > max_gathering:
            continue
        for a, b in itertools.combinations(present, 2):
            link(a, b, kind, year)
    for (a, b), counts in contacts.items():
        graph.add_edge(
            a,
            b,
            weight=sum(WEIGHTS[k] * n for k, n in counts.items()),
            kinds=dict(counts),
            first_year=first[(a, b)],
        )
    return graph


# --- figures ------------------------------------------------------------------------------------


@dataclass
class Broker:
    id: int
    name: str
    betweenness: float


@dataclass
class Figures:
    nodes: int
    edges: int
    density: float
    components: int
    largest_share: float | None
    mean_degree: float
    clustering: float
    cross_helix_share: float | None
    cross_helix: dict[str, int]
    smes: int
    smes_with_research: int
    new_edges_per_year: dict[int, int]
    isolated_members: list[int]
    brokers: list[Broker] = field(default_factory=list)
    betweenness_estimated: bool = False


def _pair_name(a: str, b: str) -> str:
    return "-".join(sorted((a, b), key=[INDUSTRY, RESEARCH, PUBLIC].index))


def betweenness(graph: nx.Graph) -> tuple[dict[int, float], bool]:
    """Normalised betweenness (exact for small graphs, else from a fixed sample of sources)."""
    if graph.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO:
        return nx.betweenness_centrality(graph), False
    return nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLE, seed=7), True


def figures(graph: nx.Graph, *, brokers: int = BROKERS) -> Figures:
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    components = list(nx.connected_components(graph)) if n else []
    largest = max((len(c) for c in components), default=0)
    cross: Counter[str] = Counter()
    for a, b in graph.edges():
        ha, hb = graph.nodes[a]["helix"], graph.nodes[b]["helix"]
        if ha and hb and ha != hb:
            cross[_pair_name(ha, hb)] += 1
    smes = [v for v, d in graph.nodes(data=True) if d["kind"] in SME_KINDS]
    linked = sum(
        1 for v in smes if any(graph.nodes[u]["helix"] == RESEARCH for u in graph.neighbors(v))
    )
    per_year = Counter(d["first_year"] for _a, _b, d in graph.edges(data=True))
    central, estimated = betweenness(graph) if m else ({}, False)
    top = sorted(
        (v for v in central if central[v] > 0), key=lambda v: (-central[v], graph.nodes[v]["name"])
    )[:brokers]
    return Figures(
        nodes=n,
        edges=m,
        density=nx.density(graph) if n > 1 else 0.0,
        components=len(components),
        largest_share=largest / n if n else None,
        mean_degree=2 * m / n if n else 0.0,
        clustering=nx.average_clustering(graph) if n else 0.0,
        cross_helix_share=sum(cross.values()) / m if m else None,
        cross_helix={
            key: cross.get(key, 0)
            for key in ("industry-research", "industry-public", "research-public")
        },
        smes=len(smes),
        smes_with_research=linked,
        new_edges_per_year=dict(sorted(per_year.items())),
        isolated_members=sorted(
            v for v, d in graph.nodes(data=True) if d["member"] and graph.degree(v) == 0
        ),
        brokers=[Broker(v, graph.nodes[v]["name"], central[v]) for v in top],
        betweenness_estimated=estimated,
    )


def summary(graph: nx.Graph) -> tuple[float, float | None]:
    """(density, share of edges across helices): the two figures a dashboard shows, cheaply."""
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    across = 0
    for a, b in graph.edges():
        ha, hb = graph.nodes[a]["helix"], graph.nodes[b]["helix"]
        across += bool(ha and hb and ha != hb)
    return (nx.density(graph) if n > 1 else 0.0), (across / m if m else None)


def ego(graph: nx.Graph, node: int, radius: int = 1) -> nx.Graph:
    """The organisation, its partners (and theirs at radius 2) and the edges among them."""
    if node not in graph:
        return nx.Graph()
    return nx.ego_graph(graph, node, radius=radius)


def filter_edges(graph: nx.Graph, kinds: Iterable[str]) -> nx.Graph:
    """The same nodes with only the contacts of `kinds` (weights recomputed)."""
    wanted = set(kinds)
    kept = nx.Graph()
    kept.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        counts = {k: n for k, n in data["kinds"].items() if k in wanted}
        if counts:
            kept.add_edge(
                a,
                b,
                weight=sum(WEIGHTS[k] * n for k, n in counts.items()),
                kinds=counts,
                first_year=data["first_year"],
            )
    return kept


def digest(graph: nx.Graph) -> str:
    """A short fingerprint of the nodes and edges (the cache key of a layout)."""
    h = hashlib.sha1(usedforsecurity=False)
    for v, data in sorted(graph.nodes(data=True), key=lambda item: item[0]):
        h.update(f"{v}:{data['kind']}:{data['member']:d},".encode())
    h.update(b"|")
    for a, b, data in sorted((min(a, b), max(a, b), d) for a, b, d in graph.edges(data=True)):
        h.update(f"{a}-{b}:{data['weight']:g}:{data['first_year']},".encode())
    return h.hexdigest()[:16]


# --- layout -------------------------------------------------------------------------------------

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
DENSE = 2.0  # degree above which the pull along an edge is weakened
RIM = 0.5  # radius of the disc the layout is kept in


def _start_order(graph: nx.Graph) -> list[int]:
    """The nodes breadth-first from each component's best-connected node, largest component first.

    Neighbours are visited best-connected first (ties by id), so the order depends on the graph
    alone and partners come out close together.
    """
    degree = dict(graph.degree())
    order: list[int] = []
    seen: set[int] = set()
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    for component in components:
        root = min(component, key=lambda v: (-degree[v], v))
        seen.add(root)
        queue = deque([root])
        while queue:
            v = queue.popleft()
            order.append(v)
            for u in sorted(graph.neighbors(v), key=lambda u: (-degree[u], u)):
                if u not in seen:
                    seen.add(u)
                    queue.append(u)
    return order


def layout(graph: nx.Graph, *, iterations: int | None = None) -> dict[int, tuple[float, float]]:
    """Positions in the unit square: Fruchterman-Reingold in numpy, vectorised, deterministic.

    The start is a sunflower spiral filled breadth-first (a hub in the middle, its partners around
    it, separate components and isolated organisations towards the rim), so no randomness is needed
    and a bounded number of rounds (`iterations`; fewer for big graphs, where each round costs
    O(n²)) with a cooling step gives a settled picture. Nodes stay in a disc (what is pushed out
    waits on its rim) and hubs' edges pull less, so a dense core fills the page instead of
    huddling in the middle. Same graph, same coordinates, whatever order it was built in.
    """
    import numpy as np

    nodes = sorted(graph.nodes())
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    index = {v: i for i, v in enumerate(nodes)}
    rounds = iterations or (80 if n <= 150 else 50 if n <= 400 else 30)
    order = np.array([index[v] for v in _start_order(graph)], dtype=np.int64)
    step = np.arange(n, dtype=np.float64) + 0.5
    pos = np.empty((n, 2), dtype=np.float64)
    pos[order, 0] = 0.5 + 0.5 * np.sqrt(step / n) * np.cos(step * GOLDEN_ANGLE)
    pos[order, 1] = 0.5 + 0.5 * np.sqrt(step / n) * np.sin(step * GOLDEN_ANGLE)
    # x and y as separate contiguous float32 vectors, every step an elementwise numpy operation
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    k = math.sqrt(1.0 / n)
    # edges in a fixed order, so the sums below do not depend on the order the graph was built in
    pairs = sorted(
        (min(index[a], index[b]), max(index[a], index[b]), math.log1p(d["weight"]))
        for a, b, d in graph.edges(data=True)
    )
    src = np.array([a for a, _b, _w in pairs], dtype=np.int64)
    dst = np.array([b for _a, b, _w in pairs], dtype=np.int64)
    # a well-connected organisation would be pulled into a small ball by its many edges: an edge's
    # pull is divided by its ends' degrees (geometric mean) above DENSE, so a dense core keeps its
    # share of the page while a chain or a small group keeps its full pull and stays together
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    dense = np.maximum(np.sqrt(degree[src] * degree[dst]) / DENSE, 1.0)
    strength = (np.array([w for _a, _b, w in pairs]) / (k * dense)).astype(np.float32)
    floor = np.float32((k / 20) ** 2)
    # cooling: the largest move per round shrinks geometrically from a tenth of the page to ~k/10
    temperatures = np.geomspace(0.1, max(k / 10, 1e-3), rounds).astype(np.float32)
    repulse = np.empty((n, n), dtype=np.float32)
    across = np.empty((n, n), dtype=np.float32)
    for temperature in temperatures:
        # repulsion k²/d between every pair: the force on i is sum_j (p_i - p_j) k²/d²_ij
        np.subtract.outer(x, x, out=repulse)
        np.multiply(repulse, repulse, out=repulse)
        np.subtract.outer(y, y, out=across)
        np.multiply(across, across, out=across)
        repulse += across
        np.maximum(repulse, floor, out=repulse)
        np.divide(np.float32(k * k), repulse, out=repulse)
        np.fill_diagonal(repulse, 0.0)
        total = repulse.sum(1)
        # no BLAS (threaded matrix-vector products stall on a busy machine and may round
        # differently with the thread count): multiply into the spare buffer and sum the rows
        dx = x * total - np.multiply(repulse, x, out=across).sum(1)
        dy = y * total - np.multiply(repulse, y, out=across).sum(1)
        if len(pairs):
            # attraction d²/k along each edge, stronger for heavier edges
            vx, vy = x[src] - x[dst], y[src] - y[dst]
            pull = np.sqrt(vx * vx + vy * vy) * strength
            vx *= pull
            vy *= pull
            dx += np.bincount(dst, vx, n) - np.bincount(src, vx, n)
            dy += np.bincount(dst, vy, n) - np.bincount(src, vy, n)
        # a weak pull to the centre keeps separate components on the page
        dx += (0.5 - x) * (k * 2)
        dy += (0.5 - y) * (k * 2)
        size = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-9)
        scale = np.minimum(size, temperature) / size
        x += (dx * scale).astype(np.float32)
        y += (dy * scale).astype(np.float32)
        # the page is a disc: whatever is pushed past its rim (isolated organisations, small
        # components) waits on the rim, spread along it by the repulsion
        off_x, off_y = x - 0.5, y - 0.5
        out = np.maximum(np.sqrt(off_x * off_x + off_y * off_y) / RIM, 1.0)
        x = (0.5 + off_x / out).astype(np.float32)
        y = (0.5 + off_y / out).astype(np.float32)
    pos = np.stack([x, y], axis=1).astype(np.float64)
    low, high = pos.min(0), pos.max(0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    pos = ((pos - low) / span).round(5)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for v, i in index.items()}


# --- export -------------------------------------------------------------------------------------


def for_export(graph: nx.Graph) -> nx.Graph:
    """A copy with only scalar attributes (GEXF and GraphML take no dicts)."""
    out = nx.Graph()
    for v, data in graph.nodes(data=True):
        out.add_node(
            v,
            label=data["name"],
            kind=data["kind"],
            member=bool(data["member"]),
            helix=data["helix"],
            degree=graph.degree(v),
        )
    for a, b, data in graph.edges(data=True):
        kinds = data["kinds"]
        out.add_edge(
            a,
            b,
            weight=float(data["weight"]),
            first_year=int(data["first_year"]),
            kinds=" ".join(f"{k}:{kinds[k]}" for k in KINDS if k in kinds),
            **{k: int(kinds.get(k, 0)) for k in KINDS},
        )
    return out


def gexf(graph: nx.Graph) -> str:
    return "\n".join(nx.generate_gexf(for_export(graph)))


def graphml(graph: nx.Graph) -> str:
    return "\n".join(nx.generate_graphml(for_export(graph)))


def strongest_edges(graph: nx.Graph, limit: int) -> list[tuple[int, int, dict]]:
    """The `limit` heaviest edges (ties by node ids), for drawing."""
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    return edges[:limit]


def main_kind(kinds: dict[str, int], order: Sequence[str] = KINDS) -> str:
    """The strongest kind of contact on an edge (projects before meetings before gatherings)."""
    return next((k for k in order if kinds.get(k)), order[-1])
