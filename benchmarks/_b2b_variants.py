"""Variant families of a B2B event, after Bofill et al. (JAIR 2022): forbidden slots, fixed
meetings and precedences added to an original event, deterministic by seed.

- ``forb``: every (participant, slot) pair becomes forbidden with probability ``rate``, unless
  that would leave one of the participant's meetings without any allowed slot.
- ``fixed``: a share ``rate`` of the meetings is fixed to its slot in a reference schedule.
- ``prec``: a share ``rate`` of the meetings must come after another meeting of one of its
  participants that is earlier in the reference schedule.

The reference schedule (first fit, hardest meetings first, then Kempe-chain insertion with a
seeded generator) places the meetings without conflicts, so fixed meetings never clash and
precedences never form a cycle: every variant is consistent.
"""

from __future__ import annotations

import dataclasses
import random

from klynge.matchmaking.scheduling import FixedMeeting, Problem
from klynge.matchmaking.scheduling.compiled import compile_problem
from klynge.matchmaking.scheduling.greedy import greedy_slots
from klynge.matchmaking.scheduling.hybrid import hardest_first
from klynge.matchmaking.scheduling.localsearch import KempeSearch

FAMILIES = ("forb", "fixed", "prec")
DEFAULT_RATES = {"forb": (0.005, 0.01), "fixed": (0.05, 0.1), "prec": (0.05, 0.1)}


def reference_slots(problem: Problem, seed: int) -> list[int | None]:
    """A conflict-free (possibly partial) slot per meeting, 1-based; deterministic."""
    c = compile_problem(problem)
    order = hardest_first(c)
    search = KempeSearch(c, greedy_slots(c, order), seed=seed)
    search.insert_all(order)
    return [None if t is None else t + 1 for t in search.best()]


def _forbidden(problem: Problem, rate: float, rng: random.Random) -> Problem:
    forbidden = {p: set(problem.forbidden.get(p, ())) for p in problem.participants}
    mine: dict[object, list[int]] = {p: [] for p in problem.participants}
    for i, m in enumerate(problem.meetings):
        mine[m.a].append(i)
        mine[m.b].append(i)

    def open_slots(i: int) -> set[int]:
        m = problem.meetings[i]
        return {
            t
            for t, slot in enumerate(problem.slots, start=1)
            if m.session.allows(slot.session)
            and t not in forbidden[m.a]
            and t not in forbidden[m.b]
        }

    for p in problem.participants:
        for t in range(1, problem.n_slots + 1):
            if rng.random() >= rate or t in forbidden[p]:
                continue
            if all(open_slots(i) - {t} for i in mine[p]):
                forbidden[p].add(t)
    return dataclasses.replace(
        problem, forbidden={p: frozenset(s) for p, s in forbidden.items() if s}
    )


def _fixed(problem: Problem, rate: float, rng: random.Random, seed: int) -> Problem:
    slots = reference_slots(problem, seed)
    placed = {i: t for i, t in enumerate(slots) if t is not None}
    chosen = rng.sample(list(placed), min(len(placed), round(rate * len(problem.meetings))))
    fixed = dict(problem.fixed)
    for i in sorted(chosen):
        fixed[problem.meetings[i].id] = FixedMeeting(slot=placed[i])
    return dataclasses.replace(problem, fixed=fixed)


def _precedences(problem: Problem, rate: float, rng: random.Random, seed: int) -> Problem:
    slots = reference_slots(problem, seed)
    pairs = set(problem.precedences)
    wanted = round(rate * len(problem.meetings))
    candidates = [i for i, t in enumerate(slots) if t is not None]
    rng.shuffle(candidates)
    added = 0
    for i in candidates:
        if added >= wanted:
            break
        m = problem.meetings[i]
        earlier = [
            j
            for j, other in enumerate(problem.meetings)
            if j != i
            and slots[j] is not None
            and slots[j] < slots[i]  # type: ignore[operator]  # i is placed (a candidate)
            and {other.a, other.b} & {m.a, m.b}
        ]
        if not earlier:
            continue
        pair = (problem.meetings[rng.choice(earlier)].id, m.id)
        if pair not in pairs:
            pairs.add(pair)
            added += 1
    ordered = list(problem.precedences) + sorted(pairs - set(problem.precedences))
    return dataclasses.replace(problem, precedences=tuple(ordered))


def variant(problem: Problem, family: str, rate: float, seed: int) -> Problem:
    """The ``family`` variant of ``problem`` at ``rate``; the same arguments give the same event."""
    rng = random.Random(f"{problem.name}:{family}:{rate}:{seed}")
    if family == "forb":
        result = _forbidden(problem, rate, rng)
    elif family == "fixed":
        result = _fixed(problem, rate, rng, seed)
    elif family == "prec":
        result = _precedences(problem, rate, rng, seed)
    else:
        raise ValueError(f"unknown family {family!r}; choose one of {FAMILIES}")
    return dataclasses.replace(result, name=f"{problem.name}.{family}{rate:g}.s{seed}")
