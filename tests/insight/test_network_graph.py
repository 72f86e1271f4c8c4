"""The graph builder on hand-built rows: known density, components, betweenness, helix figures,
the small-gathering threshold, the period filter, layout and exports."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from klynge.insight.network import drawing
from klynge.insight.network import graph as g


def orgs(*specs: tuple[int, str]) -> list[g.Organisation]:
    return [g.Organisation(i, f"Org {i}", kind) for i, kind in specs]


def test_a_path_of_three_has_known_figures() -> None:
    # 1 - 2 - 3 (a B2B meeting each), 4 alone
    graph = g.build_graph(
        orgs((1, "sme"), (2, "university"), (3, "public_sector"), (4, "large")),
        meetings=[(1, 2, 2023), (2, 3, 2024)],
    )
    f = g.figures(graph)
    assert (f.nodes, f.edges) == (4, 2)
    assert f.density == pytest.approx(2 / 6)
    assert f.components == 2
    assert f.largest_share == pytest.approx(3 / 4)
    assert f.mean_degree == pytest.approx(1.0)
    assert f.clustering == 0
    # the middle node lies on the only shortest path between 1 and 3: betweenness 1/3 of 3 pairs
    assert [(b.id, round(b.betweenness, 4)) for b in f.brokers] == [(2, round(1 / 3, 4))]
    assert f.cross_helix == {"industry-research": 1, "industry-public": 0, "research-public": 1}
    assert f.cross_helix_share == 1.0
    assert (f.smes, f.smes_with_research) == (1, 1)
    assert f.new_edges_per_year == {2023: 1, 2024: 1}
    assert f.isolated_members == [4]


def test_a_project_links_every_pair_of_partners_strongly() -> None:
    graph = g.build_graph(
        orgs((1, "sme"), (2, "sme"), (3, "large")),
        projects=[(10, 1, 2022), (10, 2, 2022), (10, 3, 2022)],
        meetings=[(1, 2, 2023)],
    )
    assert graph.number_of_edges() == 3
    assert graph.edges[1, 2]["kinds"] == {"project": 1, "b2b": 1}
    assert graph.edges[1, 2]["weight"] == g.WEIGHTS["project"] + g.WEIGHTS["b2b"]
    assert graph.edges[1, 2]["first_year"] == 2022
    f = g.figures(graph)
    assert f.density == 1.0 and f.clustering == 1.0 and f.brokers == []
    assert f.cross_helix_share == 0


def test_only_small_gatherings_link_their_participants() -> None:
    people = orgs(*[(i, "sme") for i in range(1, 8)])
    small = [("event", 1, i, 2024) for i in (1, 2, 3)]
    big = [("event", 2, i, 2024) for i in range(1, 8)]
    graph = g.build_graph(people, gatherings=small + big, max_gathering=5)
    assert sorted(graph.edges()) == [(1, 2), (1, 3), (2, 3)]
    assert graph.edges[1, 2]["kinds"] == {"event": 1}
    wider = g.build_graph(people, gatherings=small + big, max_gathering=7)
    assert wider.number_of_edges() == 21


def test_kinds_and_years_filter_the_edges() -> None:
    people = orgs((1, "sme"), (2, "sme"), (3, "sme"))
    rows = {
        "projects": [(5, 1, 2020), (5, 2, 2020)],
        "meetings": [(2, 3, 2024)],
        "gatherings": [("course", 9, 1, 2022), ("course", 9, 3, 2022)],
    }
    assert sorted(g.build_graph(people, kinds=["b2b"], **rows).edges()) == [(2, 3)]
    assert sorted(g.build_graph(people, last_year=2021, **rows).edges()) == [(1, 2)]
    assert sorted(g.build_graph(people, first_year=2022, **rows).edges()) == [(1, 3), (2, 3)]
    filtered = g.filter_edges(g.build_graph(people, **rows), ["course"])
    assert sorted(filtered.edges()) == [(1, 3)]


def test_rows_about_unknown_organisations_and_self_links_are_ignored() -> None:
    graph = g.build_graph(orgs((1, "sme"), (2, "sme")), meetings=[(1, 1, 2024), (1, 99, 2024)])
    assert graph.number_of_edges() == 0


def test_two_triangles_joined_by_a_bridge() -> None:
    # 1-2-3 triangle, 4-5-6 triangle, bridge 3-4: 3 and 4 are the brokers
    meetings = [(1, 2, 2024), (2, 3, 2024), (1, 3, 2024), (4, 5, 2024), (5, 6, 2024)]
    meetings += [(4, 6, 2024), (3, 4, 2024)]
    graph = g.build_graph(orgs(*[(i, "sme") for i in range(1, 7)]), meetings=meetings)
    f = g.figures(graph)
    assert f.components == 1 and f.edges == 7
    assert {b.id for b in f.brokers[:2]} == {3, 4}
    assert f.brokers[0].betweenness == pytest.approx(nx.betweenness_centrality(graph)[3])
    assert f.density == pytest.approx(7 / 15)
    ego = g.ego(graph, 3)
    assert sorted(ego.nodes()) == [1, 2, 3, 4]


def test_layout_is_deterministic_and_in_the_unit_square() -> None:
    graph = g.build_graph(
        orgs(*[(i, "sme") for i in range(1, 30)]), meetings=[(i, i + 1, 2024) for i in range(1, 29)]
    )
    first, again = g.layout(graph), g.layout(graph)
    assert first == again
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
    assert g.digest(graph) == g.digest(graph.copy())


def test_exports_and_drawing() -> None:
    people = [
        *orgs((1, "sme"), (2, "university")),
        g.Organisation(3, "Partner & Co", "other", False),
    ]
    graph = g.build_graph(people, projects=[(1, 1, 2024), (1, 2, 2024), (1, 3, 2024)])
    gexf = g.gexf(graph)
    assert "<gexf" in gexf and "Partner &amp; Co" in gexf
    assert "<graphml" in g.graphml(graph)
    svg = drawing.svg(graph, g.layout(graph), title="T <1>", kind_labels={"sme": "SME"})
    assert svg.startswith("<svg") and svg.count("<circle") >= 3 and "T &lt;1&gt;" in svg
    empty = drawing.svg(nx.Graph(), {}, title="Empty")
    assert empty.startswith("<svg")


def _mixed_graph(order: int) -> nx.Graph:
    """A dense core of 120, a chain, a triangle, a pair and isolated organisations (built forwards
    or backwards), like a real cluster where some members have not met anyone yet."""
    rng = random.Random(5)
    core = sorted({tuple(sorted(rng.sample(range(1, 121), 2))) for _ in range(1500)})
    meetings = [(a, b, 2024) for a, b in core]
    meetings += [(i, i + 1, 2024) for i in range(121, 140)]  # a chain
    meetings += [(141, 142, 2024), (142, 143, 2024), (141, 143, 2024), (144, 145, 2025)]
    people = orgs(*[(i, "sme") for i in range(1, 161)])  # 146..160 are isolated
    return g.build_graph(people[::order], meetings=meetings[::order])


def test_layout_is_deterministic_whatever_the_order_the_graph_was_built_in() -> None:
    forwards, backwards = _mixed_graph(1), _mixed_graph(-1)
    assert list(forwards.nodes()) != list(backwards.nodes())
    first = g.layout(forwards)
    assert first == g.layout(forwards) == g.layout(backwards)


def test_layout_keeps_nodes_on_the_page_and_apart() -> None:
    graph = _mixed_graph(1)
    positions = g.layout(graph)
    assert set(positions) == set(graph.nodes())
    points = sorted(positions.values())
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in points)
    # no two organisations on the same spot: at 720 px the closest pair is still a pixel apart
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1 :])
    assert closest > 1 / 640
    # the connected organisations use the page rather than huddling in the middle
    core = [positions[v] for v in range(1, 121)]
    assert max(x for x, _ in core) - min(x for x, _ in core) > 0.4
    # partners sit closer together than organisations picked at random
    linked = sum(math.dist(positions[a], positions[b]) for a, b in graph.edges()) / len(
        graph.edges()
    )
    everyone = sum(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1 :])
    assert linked < everyone / (len(points) * (len(points) - 1) / 2)


def test_layout_of_tiny_graphs() -> None:
    assert g.layout(nx.Graph()) == {}
    assert g.layout(g.build_graph(orgs((1, "sme")))) == {1: (0.5, 0.5)}
    pair = g.layout(g.build_graph(orgs((1, "sme"), (2, "sme"))))
    assert pair[1] != pair[2]
