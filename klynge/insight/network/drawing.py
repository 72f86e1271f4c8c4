"""The collaboration network drawn as inline SVG (no Django, no CDN, no JavaScript).

Nodes are coloured by kind of organisation and sized by degree; organisations that are not members
are drawn as rings. Edges are coloured by their strongest kind of contact. Only the heaviest
`max_edges` edges are drawn (a thousand-node hairball shows nothing), and only the largest nodes
get a name; every node carries its name as a tooltip. The page shows the same numbers as a table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

import networkx as nx

from .graph import B2B, COURSE, EVENT, PROJECT, main_kind, strongest_edges

KIND_COLOURS = {
    "startup": "#e0a526",
    "sme": "#0b5d6b",
    "large": "#3d4f5c",
    "university": "#8a5a9e",
    "research_institute": "#b07cc6",
    "public_sector": "#1e7b3a",
    "finance": "#b3261e",
    "cluster_organisation": "#5b9aa6",
    "other": "#9aa7b1",
}
EDGE_COLOURS = {PROJECT: "#0b5d6b", B2B: "#e0a526", EVENT: "#9aa7b1", COURSE: "#9aa7b1"}
INK = "#17212b"


def _labelled(graph: nx.Graph, labels: int) -> set[int]:
    ranked = sorted(graph.nodes(), key=lambda v: (-graph.degree(v), graph.nodes[v]["name"]))
    return {v for v in ranked[:labels] if graph.degree(v) > 0}


def svg(
    graph: nx.Graph,
    positions: Mapping[int, tuple[float, float]],
    *,
    title: str,
    description: str = "",
    kind_labels: Mapping[str, str] | None = None,
    edge_labels: Mapping[str, str] | None = None,
    non_member_label: str = "",
    size: int = 720,
    max_edges: int = 3000,
    labels: int | None = None,
    highlight: int | None = None,
    chart_id: str = "network",
) -> str:
    """The drawing as an `<svg>` element; `highlight` rings one node (an ego network's centre)."""
    n = graph.number_of_nodes()
    margin = 40
    inner = size - 2 * margin
    legend_height = 0
    kinds_present: list[str] = []
    if kind_labels:
        found = {d["kind"] for _v, d in graph.nodes(data=True)}
        kinds_present = [k for k in kind_labels if k in found]
        legend_height = 22 * math.ceil((len(kinds_present) + 1) / 3) + 30
    height = size + legend_height
    show = labels if labels is not None else (15 if n <= 150 else 25)
    named = _labelled(graph, show)
    top = max((graph.degree(v) for v in graph.nodes()), default=0) or 1
    base = 3.0 if n <= 150 else 1.6
    spread = 9.0 if n <= 150 else 6.0

    def xy(v: int) -> tuple[float, float]:
        x, y = positions.get(v, (0.5, 0.5))
        return margin + x * inner, margin + y * inner

    def radius(v: int) -> float:
        return base + spread * math.sqrt(graph.degree(v) / top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height}" role="img" '
        f'class="network-drawing" id="{escape(chart_id)}" aria-labelledby="{escape(chart_id)}-t"'
        + (f' aria-describedby="{escape(chart_id)}-d"' if description else "")
        + ">",
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
    ]
    if description:
        out.append(f'<desc id="{escape(chart_id)}-d">{escape(description)}</desc>')
    out.append(f'<rect width="{size}" height="{height}" fill="#fff"/>')
    drawn = strongest_edges(graph, max_edges)
    heaviest = max((d["weight"] for _a, _b, d in drawn), default=1.0)
    thin = 0.4 if n > 150 else 0.8
    out.append('<g class="edges" stroke-linecap="round">')
    for a, b, data in reversed(drawn):  # heaviest on top
        (x1, y1), (x2, y2) = xy(a), xy(b)
        kind = main_kind(data["kinds"])
        width = thin + 2.2 * math.sqrt(data["weight"] / heaviest)
        opacity = 0.35 if n > 150 else 0.6
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{EDGE_COLOURS[kind]}" stroke-width="{width:.2f}" '
            f'stroke-opacity="{opacity}" data-kind="{kind}"/>'
        )
    out.append("</g>")
    out.append('<g class="nodes">')
    for v in sorted(graph.nodes(), key=lambda v: (graph.degree(v), v)):
        data = graph.nodes[v]
        x, y = xy(v)
        colour = KIND_COLOURS.get(data["kind"], KIND_COLOURS["other"])
        r = radius(v)
        if data["member"]:
            style = f'fill="{colour}" stroke="#fff" stroke-width="0.8"'
        else:
            style = f'fill="#fff" stroke="{colour}" stroke-width="1.6"'
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style} data-id="{v}">'
            f"<title>{escape(data['name'])} ({graph.degree(v)})</title></circle>"
        )
        if v == highlight:
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 4:.1f}" fill="none" '
                f'stroke="{INK}" stroke-width="1.5"/>'
            )
    out.append("</g>")
    out.append(f'<g class="labels" font-family="sans-serif" font-size="11" fill="{INK}">')
    if highlight is not None and highlight in graph:
        named.add(highlight)
    for v in sorted(named):
        x, y = xy(v)
        anchor = "end" if x > size * 0.75 else "start"
        dx = -(radius(v) + 3) if anchor == "end" else radius(v) + 3
        name = graph.nodes[v]["name"]
        if len(name) > 28:
            name = name[:27] + "…"
        out.append(
            f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(name)}</text>'
        )
    out.append("</g>")
    if kind_labels:
        out.append(f'<g class="legend" font-family="sans-serif" font-size="11" fill="{INK}">')
        entries = [
            (KIND_COLOURS.get(k, KIND_COLOURS["other"]), kind_labels[k], True)
            for k in kinds_present
        ]
        if non_member_label:
            entries.append((KIND_COLOURS["other"], non_member_label, False))
        for i, (colour, label, filled) in enumerate(entries):
            col, row = i % 3, i // 3
            x, y = margin + col * (inner / 3), size + 4 + row * 22
            fill = (
                f'fill="{colour}"'
                if filled
                else f'fill="#fff" stroke="{colour}" stroke-width="1.6"'
            )
            out.append(f'<circle cx="{x + 6:.1f}" cy="{y:.1f}" r="5" {fill}/>')
            out.append(f'<text x="{x + 16:.1f}" y="{y + 4:.1f}">{escape(str(label))}</text>')
        if edge_labels:
            y = size + 4 + 22 * math.ceil(len(entries) / 3)
            x = margin
            for kind in (PROJECT, B2B, EVENT):
                if kind not in edge_labels:
                    continue
                out.append(
                    f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 18:.1f}" y2="{y:.1f}" '
                    f'stroke="{EDGE_COLOURS[kind]}" stroke-width="2.5"/>'
                )
                out.append(
                    f'<text x="{x + 24:.1f}" y="{y + 4:.1f}">{escape(str(edge_labels[kind]))}</text>'
                )
                x += inner / 3
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
