"""Peer benchmarking as pure functions (no Django): where one cluster's value stands among its
peers' (percentile rank), the spread of the peers' values (box), the figures that hold a cluster
back, and anonymous names for the other clusters.

Percentile rank: the share of the peers' values below the cluster's, counting equal values half
(0 = lowest, 100 = highest); a cluster without a value, or alone, has none. For every figure here a
higher value is better.
"""

from __future__ import annotations

import hashlib
import statistics
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

HOLDING_BACK_BELOW = 25.0  # percentile rank among all clusters


def percentile_rank(value: float | None, values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    if value is None or len(known) < 2:
        return None
    below = sum(1 for v in known if v < value)
    equal = sum(1 for v in known if v == value) - 1  # not counting the cluster itself
    return round(100 * (below + equal / 2) / (len(known) - 1), 1)


@dataclass(frozen=True)
class Box:
    n: int
    low: float
    q1: float
    median: float
    q3: float
    high: float


def box(values: Iterable[float | None]) -> Box | None:
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    if len(known) == 1:
        v = known[0]
        return Box(1, v, v, v, v, v)
    q1, median, q3 = statistics.quantiles(known, n=4, method="inclusive")
    return Box(len(known), known[0], q1, median, q3, known[-1])


@dataclass
class Peer:
    id: int
    name: str
    level: str = ""
    topics: frozenset[str] = frozenset()
    values: dict[str, float | None] = field(default_factory=dict)


@dataclass
class Standing:
    figure: str
    value: float | None
    rank_all: float | None
    rank_level: float | None
    rank_topic: float | None
    peers_all: int
    peers_level: int
    peers_topic: int
    box: Box | None
    values: list[tuple[int, float | None]]  # (peer id, value) of all clusters


def _group(peers: Sequence[Peer], focal: Peer, which: str) -> list[Peer]:
    if which == "level":
        return [p for p in peers if focal.level and p.level == focal.level]
    if which == "topic":
        return [p for p in peers if focal.topics & p.topics]
    return list(peers)


def standings(peers: Sequence[Peer], focal_id: int, figures: Sequence[str]) -> list[Standing]:
    """The focal cluster's standing on each figure among all, same level, same focus topic."""
    focal = next(p for p in peers if p.id == focal_id)
    groups = {w: _group(peers, focal, w) for w in ("all", "level", "topic")}
    out = []
    for figure in figures:
        value = focal.values.get(figure)

        def rank(group: list[Peer], figure: str = figure, value: Any = value) -> float | None:
            return percentile_rank(value, [p.values.get(figure) for p in group])

        def counted(group: list[Peer], figure: str = figure) -> int:
            return sum(1 for p in group if p.values.get(figure) is not None)

        out.append(
            Standing(
                figure=figure,
                value=value,
                rank_all=rank(groups["all"]),
                rank_level=rank(groups["level"]),
                rank_topic=rank(groups["topic"]),
                peers_all=counted(groups["all"]),
                peers_level=counted(groups["level"]),
                peers_topic=counted(groups["topic"]),
                box=box(p.values.get(figure) for p in peers),
                values=[(p.id, p.values.get(figure)) for p in peers],
            )
        )
    return out


def holding_back(found: Iterable[Standing], limit: int = 3) -> list[Standing]:
    """The figures where the cluster ranks lowest among all clusters (below the 25th percentile)."""
    low = [s for s in found if s.rank_all is not None and s.rank_all < HOLDING_BACK_BELOW]
    return sorted(low, key=lambda s: (s.rank_all, s.figure))[:limit]


def anonymous_names(peers: Sequence[Peer], focal_id: int, salt: str) -> dict[int, str]:
    """ "A", "B", ... for every cluster but the focal one, in an order hashed from `salt` (so the
    letters say nothing about names or ids); after Z: "AA", "AB", ..."""
    others = sorted(
        (p for p in peers if p.id != focal_id),
        key=lambda p: hashlib.sha256(f"{salt}|{p.id}".encode()).hexdigest(),
    )
    letters = string.ascii_uppercase

    def letter(i: int) -> str:
        return letters[i] if i < 26 else letters[i // 26 - 1] + letters[i % 26]

    return {p.id: letter(i) for i, p in enumerate(others)}


def sort_peers(peers: Sequence[Peer], figure: str, descending: bool = True) -> list[Peer]:
    """By a figure (clusters without a value last), then by name."""
    with_value = [p for p in peers if p.values.get(figure) is not None]
    without = [p for p in peers if p.values.get(figure) is None]
    with_value.sort(key=lambda p: p.name)
    with_value.sort(key=lambda p: float(p.values[figure]), reverse=descending)  # type: ignore[arg-type]  # with_value: not None
    return with_value + sorted(without, key=lambda p: p.name)


def spread(values: Mapping[int, float | None]) -> tuple[float, float] | None:
    known = [v for v in values.values() if v is not None]
    return (min(known), max(known)) if known else None
