"""Large-neighbourhood search for large events: free a few participants, re-solve them exactly.

A neighbourhood is a small group of participants (those with the most holes, with some of their
partners).  Their movable meetings are freed; every other meeting stays where it is.  The freed
meetings are then placed again by CP-SAT with the rest fixed: each participant at most one meeting
per slot, the tables left free in each slot, allowed slots (sessions, forbidden slots),
precedences against the fixed meetings and among the freed ones, and the fairness bound over
everyone.  The objective is the holes of the participants the freed meetings touch; the current
placement is the hint, so the answer is never worse, and ``improve_once`` keeps it only when the
total holes fall.  Everything here is a pure function of its arguments (the random generator
included), so a seeded run is reproducible when the sub-problems are solved to optimality.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .compiled import Compiled, holes_of
from .localsearch import KempeSearch

PEOPLE_SIZE = 40  # meetings freed by a participant neighbourhood
SLOT_WIDTH = 3  # slots freed by a slot neighbourhood


@dataclass
class Pacer:
    """When the next neighbourhood is due: after a stall, then ever more rarely while none helps.

    Measured on the synthetic events under load, the annealing's schedules rarely improve
    within a neighbourhood; the wait doubles after each attempt without gain (and falls back
    after a gain), so a fruitless search costs a few per cent of the time.
    """

    wait: float
    next_at: float = 0.0
    attempts: int = 0
    gains: int = 0

    def due(self, now: float) -> bool:
        return now >= self.next_at

    def record(self, now: float, gain: bool, base: float) -> None:
        self.attempts += 1
        self.gains += gain
        self.wait = base if gain else 2 * self.wait
        self.next_at = now + self.wait


@dataclass(frozen=True)
class Neighbourhood:
    """The freed meetings and the participants whose holes they decide."""

    freed: tuple[int, ...]
    people: tuple[int, ...]


@dataclass(frozen=True)
class LnsStep:
    """Outcome of one sub-problem: the new schedule (``None`` if not better) and its status."""

    slot_of: list[int | None] | None
    before: int
    after: int
    status: str


def choose_neighbourhood(
    c: Compiled, slot_of: list[int | None], rng: random.Random, size: int
) -> Neighbourhood:
    """About ``size`` movable meetings of participants with holes (most holes likeliest).

    Starting from a participant drawn by holes, the group grows by partners of its members
    (partners with holes preferred), so that many freed meetings join two freed participants and
    can move together.
    """
    holes = holes_of(c, slot_of)
    bad = [p for p, h in enumerate(holes) if h > 0]
    group: list[int] = []
    members: set[int] = set()
    freed: set[int] = set()

    def add(p: int) -> None:
        members.add(p)
        group.append(p)
        freed.update(
            m for m in c.meetings_of[p] if c.fixed_slot[m] is None and slot_of[m] is not None
        )

    while len(freed) < size and len(members) < c.n_people:
        if not group or rng.random() < 0.3:
            pool = [p for p in bad if p not in members]
            if pool:
                add(rng.choices(pool, weights=[holes[p] for p in pool])[0])
                continue
            if not group:
                add(rng.randrange(c.n_people))
                continue
        p = rng.choice(group)
        partners = [c.pa[m] + c.pb[m] - p for m in c.meetings_of[p]]
        partners = [q for q in partners if q not in members]
        if not partners:
            rest = [q for q in range(c.n_people) if q not in members]
            add(rng.choice(rest))
            continue
        holed = [q for q in partners if holes[q] > 0]
        add(rng.choice(holed if holed and rng.random() < 0.7 else partners))
    touched = sorted({q for m in freed for q in (c.pa[m], c.pb[m])})
    return Neighbourhood(freed=tuple(sorted(freed)), people=tuple(touched))


def slots_neighbourhood(
    c: Compiled, slot_of: list[int | None], slots: frozenset[int]
) -> Neighbourhood:
    """Every movable meeting in ``slots``: they may trade places among those slots."""
    freed = [
        m for m, t in enumerate(slot_of) if t is not None and t in slots and c.fixed_slot[m] is None
    ]
    touched = sorted({q for m in freed for q in (c.pa[m], c.pb[m])})
    return Neighbourhood(freed=tuple(freed), people=tuple(touched))


def hole_slots(
    c: Compiled, slot_of: list[int | None], rng: random.Random, width: int
) -> frozenset[int]:
    """A gap of a participant with holes (most holes likeliest), its first and last busy slot,
    and random others up to ``width`` slots: the freed meetings may close that gap."""
    holes = holes_of(c, slot_of)
    bad = [p for p, h in enumerate(holes) if h > 0]
    chosen: set[int] = set()
    if bad:
        p = rng.choices(bad, weights=[holes[q] for q in bad])[0]
        busy = sorted(t for m in c.meetings_of[p] if (t := slot_of[m]) is not None)
        gaps = [t for t in range(busy[0], busy[-1]) if t not in busy]
        chosen.update((rng.choice(gaps), rng.choice((busy[0], busy[-1]))))
    while len(chosen) < min(width, c.n_slots):
        chosen.add(rng.randrange(c.n_slots))
    return frozenset(chosen)


def _busy_without(
    c: Compiled, slot_of: list[int | None], freed: set[int]
) -> tuple[list[int], list[int]]:
    """Busy-slot masks per participant and meetings per slot, freed meetings left out."""
    mask = [0] * c.n_people
    used = [0] * c.n_slots
    for m, t in enumerate(slot_of):
        if t is None or m in freed:
            continue
        mask[c.pa[m]] |= 1 << t
        mask[c.pb[m]] |= 1 << t
        used[t] += 1
    return mask, used


def solve_neighbourhood(
    c: Compiled,
    slot_of: list[int | None],
    hood: Neighbourhood,
    time_limit: float,
    seed: int = 0,
    workers: int = 2,
) -> LnsStep:
    """Re-place the freed meetings with the fewest holes for the touched participants."""
    freed = set(hood.freed)
    mask, used = _busy_without(c, slot_of, freed)
    before_holes = holes_of(c, slot_of)
    before = sum(before_holes[p] for p in hood.people)
    model = cp_model.CpModel()
    x: dict[int, dict[int, cp_model.IntVar]] = {}
    for m in hood.freed:
        taken = mask[c.pa[m]] | mask[c.pb[m]]
        row = {
            t: model.new_bool_var(f"x{m}_{t}")
            for t in c.allowed[m]
            if not taken >> t & 1 and used[t] < c.n_tables
        }
        if not row:
            return LnsStep(None, before, before, "no room")
        model.add_exactly_one(row.values())
        x[m] = row
    for t in range(c.n_slots):
        here = [row[t] for row in x.values() if t in row]
        if len(here) > c.n_tables - used[t]:
            model.add(sum(here) <= c.n_tables - used[t])
    for a, b in c.precedences:
        if a not in x and b not in x:
            continue
        ta = sum(t * v for t, v in x[a].items()) if a in x else slot_of[a]
        tb = sum(t * v for t, v in x[b].items()) if b in x else slot_of[b]
        if ta is None or tb is None:
            continue  # an unplaced meeting constrains nothing
        model.add(ta + 1 <= tb)
    hole_vars: dict[int, cp_model.LinearExpr] = {}
    for p in hood.people:
        mine = [m for m in c.meetings_of[p] if m in x]
        busy: list[cp_model.LinearExpr | int] = []
        for t in range(c.n_slots):
            if mask[p] >> t & 1:
                busy.append(1)
                continue
            terms = [x[m][t] for m in mine if t in x[m]]
            if len(terms) > 1:
                model.add_at_most_one(terms)
            busy.append(cp_model.LinearExpr.sum(terms) if terms else 0)
        starts: list[cp_model.LinearExpr | int] = [busy[0]]
        for t in range(1, c.n_slots):
            now, prev = busy[t], busy[t - 1]
            if isinstance(now, int) and isinstance(prev, int):
                starts.append(1 if now and not prev else 0)
                continue
            if isinstance(now, int) and now == 0:
                continue
            s = model.new_bool_var(f"s{p}_{t}")
            model.add(s + prev >= now)  # a run starts at t when t is busy and t - 1 is not
            model.add(s <= now)
            model.add(s + prev <= 1)
            starts.append(s)
        hole_vars[p] = cp_model.LinearExpr.sum(starts) - 1
    fairness = c.problem.fairness
    if fairness is not None:
        touched = set(hood.people)
        others = [
            h
            for p, h in enumerate(before_holes)
            if p not in touched
            and c.meetings_of[p]
            and any(slot_of[m] is not None for m in c.meetings_of[p])
        ]
        low = model.new_int_var(0, c.n_slots, "low")
        if others:
            model.add(low <= min(others))
            model.add(max(others) <= low + fairness)
        for h in hole_vars.values():
            model.add(low <= h)
            model.add(h <= low + fairness)
    model.minimize(sum(hole_vars.values()))
    for m, row in x.items():
        for t, var in row.items():
            model.add_hint(var, slot_of[m] == t)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = workers

    solver.parameters.random_seed = seed
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return LnsStep(None, before, before, name)
    after = round(solver.objective_value)
    if after >= before:
        return LnsStep(None, before, after, name)
    result = list(slot_of)
    for m, row in x.items():
        result[m] = next(t for t, var in row.items() if solver.value(var))
    return LnsStep(result, before, after, name)


def improve_once(
    c: Compiled,
    slot_of: list[int | None],
    rng: random.Random,
    time_limit: float,
    people_size: int = PEOPLE_SIZE,
    slot_width: int = SLOT_WIDTH,
) -> LnsStep:
    """One neighbourhood, re-solved: a group of participants or a few slots, drawn at random."""
    if rng.random() < 0.5:
        hood = choose_neighbourhood(c, slot_of, rng, people_size)
    else:
        hood = slots_neighbourhood(c, slot_of, hole_slots(c, slot_of, rng, slot_width))
    if not hood.freed:
        return LnsStep(None, 0, 0, "nothing to free")
    return solve_neighbourhood(c, slot_of, hood, time_limit, seed=rng.randrange(1 << 16))


def polish(search: KempeSearch, rng: random.Random, time_limit: float) -> KempeSearch | None:
    """One neighbourhood around the best schedule of ``search`` (complete schedules only).

    When it finds fewer holes, the answer is a search that continues from there on the same
    cooling schedule; ``None`` otherwise.
    """
    slots = search.best()
    if search.missing or any(t is None for t in slots):
        return None
    step = improve_once(search.c, slots, rng, time_limit)
    if step.slot_of is None:
        return None
    follow = KempeSearch(search.c, step.slot_of, seed=rng.randrange(1 << 16))
    follow.fill, follow.focus = search.fill, search.focus
    follow.schedule(search.t_start, search.t_end, temperature=search.t0)
    if follow.best_cost >= search.best_cost:
        return None  # fewer holes but more fairness excess: not better for the annealing
    return follow
