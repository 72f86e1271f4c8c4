"""Lower bound on the total holes: the configuration LP, solved by column generation.

Every participant picks one busy-slot pattern (a column) with as many busy slots as it has
meetings; a pattern costs its holes.  The master LP has one convexity row per group of
interchangeable participants (same meeting count, usable slots, session needs and fixed slots)
and one capacity row per slot (at most twice the tables, and twice the meetings that may take
place there, are busy).  New patterns are priced by a dynamic programme over the slots.  The bound
ignores who meets whom, so it is valid for every schedule that places all meetings; rounded up it
equals the optimum on 16 of the 20 published instances.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from typing import cast

from ortools.linear_solver import pywraplp

from .compiled import Compiled
from .model import Session

INF = float("inf")
EPS = 1e-6


@dataclass(frozen=True)
class PatternGroup:
    """Participants that face the same pattern choice."""

    n_busy: int
    usable: frozenset[int]
    required: frozenset[int]
    min_morning: int
    min_afternoon: int
    members: tuple[int, ...] = ()


@dataclass
class LpBound:
    """Result of the column generation."""

    value: float = 0.0
    bound: int = 0
    exact: bool = False
    rounds: int = 0
    columns: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    patterns: dict[int, tuple[int, ...]] = field(default_factory=dict)


def pattern_groups(c: Compiled) -> list[PatternGroup]:
    """Group participants by what restricts their busy pattern."""
    morning = {t for t in range(c.n_slots) if c.problem.slots[t].session is Session.MORNING}
    groups: dict[tuple[int, frozenset[int], frozenset[int], int, int], list[int]] = {}
    for p in range(c.n_people):
        mine = c.meetings_of[p]
        if not mine:
            continue
        usable = frozenset(t for m in mine for t in c.allowed[m])
        required = cast(
            "frozenset[int]",
            frozenset(c.fixed_slot[m] for m in mine if c.fixed_slot[m] is not None),
        )
        only_am = sum(1 for m in mine if c.allowed[m] and set(c.allowed[m]) <= morning)
        only_pm = sum(1 for m in mine if c.allowed[m] and not set(c.allowed[m]) & morning)
        key = (len(mine), usable, required, only_am, only_pm)
        groups.setdefault(key, []).append(p)
    return [
        PatternGroup(k[0], k[1], k[2], k[3], k[4], tuple(members)) for k, members in groups.items()
    ]


def _morning_prefix(c: Compiled) -> int | None:
    """Number of morning slots when they all come before the afternoon ones, else ``None``."""
    sessions = [s.session for s in c.problem.slots]
    n_morning = sum(1 for s in sessions if s is Session.MORNING)
    if all(s is Session.MORNING for s in sessions[:n_morning]):
        return n_morning
    return None


def price(
    group: PatternGroup, costs: list[float], n_morning: int | None, max_holes: int
) -> tuple[float, tuple[int, ...]] | None:
    """Cheapest pattern of ``group`` with at most ``max_holes`` holes (holes plus slot costs)."""
    n = group.n_busy
    n_slots = len(costs)
    # state (phase, holes, count); phase 0 = nothing busy yet, 1 = last slot busy, 2 = idle after
    value: dict[tuple[int, int, int], float] = {(0, 0, 0): 0.0}
    trail: list[dict[tuple[int, int, int], tuple[int, int, int]]] = []
    for t in range(n_slots):
        new: dict[tuple[int, int, int], float] = {}
        back: dict[tuple[int, int, int], tuple[int, int, int]] = {}
        can_idle = t not in group.required
        can_busy = t in group.usable
        w = costs[t]
        for state, v in value.items():
            phase, holes, count = state
            if can_idle:
                key = (0 if phase == 0 else 2, holes, count)
                if v < new.get(key, INF):
                    new[key] = v
                    back[key] = state
            if can_busy and count < n:
                gap = 1 if phase == 2 else 0
                if holes + gap <= max_holes:
                    key = (1, holes + gap, count + 1)
                    cost = v + w + gap
                    if cost < new.get(key, INF):
                        new[key] = cost
                        back[key] = state
        if n_morning is not None and t == n_morning - 1:
            low, high = group.min_morning, n - group.min_afternoon
            new = {k: v for k, v in new.items() if low <= k[2] <= high}
        value = new
        trail.append(back)
    finals = [(v, k) for k, v in value.items() if k[2] == n]
    if not finals:
        return None
    best, state = min(finals)
    busy: list[int] = []
    for t in range(n_slots - 1, -1, -1):
        prev = trail[t][state]
        if state[2] > prev[2]:
            busy.append(t)
        state = prev
    return best, tuple(sorted(busy))


def _holes(pattern: tuple[int, ...]) -> int:
    return sum(1 for a, b in itertools.pairwise(pattern) if b - a > 1)


def configuration_lp_bound(
    c: Compiled, time_limit: float = 5.0, max_rounds: int = 200, max_holes: int | None = None
) -> LpBound:
    """Column generation for the configuration LP; the bound is valid even when stopped early."""
    start = time.perf_counter()
    out = LpBound()
    groups = pattern_groups(c)
    if not groups:
        out.exact = True
        return out
    n_morning = _morning_prefix(c)
    cap_holes = c.n_slots if max_holes is None else max_holes
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        out.notes.append("GLOP unavailable")
        return out
    in_slot = [0] * c.n_slots
    for allowed in c.allowed:
        for t in allowed:
            in_slot[t] += 1
    cap = [2 * min(c.n_tables, in_slot[t]) for t in range(c.n_slots)]
    conv = [solver.Constraint(len(g.members), len(g.members)) for g in groups]
    rows = [solver.Constraint(-solver.infinity(), cap[t]) for t in range(c.n_slots)]
    objective = solver.Objective()
    big = 10.0 * (c.n_slots + 1)
    for t, row in enumerate(rows):  # artificial overflow keeps the master feasible
        extra = solver.NumVar(0.0, solver.infinity(), f"e{t}")
        row.SetCoefficient(extra, -1.0)
        objective.SetCoefficient(extra, big)
    objective.SetMinimization()
    seen: set[tuple[int, tuple[int, ...]]] = set()
    columns: list[tuple[int, tuple[int, ...], pywraplp.Variable]] = []
    duals_slot = [0.0] * c.n_slots
    duals_conv = [0.0] * len(groups)
    best_bound = 0.0
    while out.rounds < max_rounds:
        out.rounds += 1
        costs = [-d for d in duals_slot]
        added = 0
        lagrange = 0.0
        for g, group in enumerate(groups):
            priced = price(group, costs, n_morning, cap_holes)
            if priced is None:
                out.notes.append("a participant has no feasible pattern")
                out.exact = True
                out.value, out.bound = INF, 10**9
                return out
            value, pattern = priced
            reduced = value - duals_conv[g]
            lagrange += len(group.members) * min(0.0, reduced)
            if (out.rounds == 1 or reduced < -EPS) and (g, pattern) not in seen:
                seen.add((g, pattern))
                var = solver.NumVar(0.0, solver.infinity(), "")
                columns.append((g, pattern, var))
                conv[g].SetCoefficient(var, 1.0)
                for t in pattern:
                    rows[t].SetCoefficient(var, 1.0)
                objective.SetCoefficient(var, float(_holes(pattern)))
                added += 1
        if out.rounds > 1:
            best_bound = max(best_bound, out.value + lagrange)
            if added == 0 or math.ceil(best_bound - EPS) >= math.ceil(out.value - EPS):
                out.exact = added == 0
                break
        if time.perf_counter() - start > time_limit:
            out.notes.append("column generation stopped by its time limit")
            break
        if solver.Solve() != pywraplp.Solver.OPTIMAL:
            out.notes.append("master LP not solved")
            break
        out.value = objective.Value()
        duals_slot = [row.dual_value() for row in rows]
        duals_conv = [row.dual_value() for row in conv]
    out.columns = len(seen)
    if columns and solver.Solve() == pywraplp.Solver.OPTIMAL:  # the last round may add columns
        out.patterns = _round_patterns(groups, columns)
    out.bound = max(0, math.ceil(best_bound - EPS))
    out.seconds = time.perf_counter() - start
    return out


def _round_patterns(
    groups: list[PatternGroup], columns: list[tuple[int, tuple[int, ...], pywraplp.Variable]]
) -> dict[int, tuple[int, ...]]:
    """A pattern per participant from the last LP solution (largest values first)."""
    by_group: dict[int, list[tuple[float, tuple[int, ...]]]] = {}
    for g, pattern, var in columns:
        by_group.setdefault(g, []).append((var.solution_value(), pattern))
    result: dict[int, tuple[int, ...]] = {}
    for g, options in by_group.items():
        options.sort(key=lambda item: -item[0])
        members = list(groups[g].members)
        shares = [max(1, round(v)) if v > EPS else 0 for v, _ in options]
        i = 0
        for (_, pattern), share in zip(options, shares, strict=True):
            for _ in range(share):
                if i < len(members):
                    result[members[i]] = pattern
                    i += 1
        while i < len(members):
            result[members[i]] = options[0][1]
            i += 1
    return result
