"""CP-SAT model of the B2B scheduling problem with the implied constraints of Bofill et al.

Variables: x[m,t] (meeting m in slot t), y[p,t] (participant p busy in t) and s[p,t] (a run of
busy slots of p starts at t).  holes(p) = runs(p) - 1.  Implied constraints: every participant is
busy exactly |M_p| times (all-placed mode), each slot holds an even number of busy participants
(twice the meetings, at most 2 x tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .compiled import Compiled


@dataclass
class CpModel:
    """A built model plus handles to its variables."""

    model: cp_model.CpModel
    x: list[dict[int, cp_model.IntVar]]
    y: list[dict[int, cp_model.IntVar]]
    placed: list[cp_model.IntVar | int]
    holes: list[cp_model.IntVar]
    unplaced_weight: cp_model.LinearExpr | int = 0
    moved: cp_model.LinearExpr | int = 0
    total_holes: cp_model.LinearExpr | int = 0
    objective_scale: tuple[int, int] = (1, 1)
    extra: dict[str, object] = field(default_factory=dict)


def build_cp_model(c: Compiled, all_placed: bool, max_holes: int | None = None) -> CpModel:
    """Build the model; ``all_placed`` forces every meeting in, else placement is maximised."""
    model = cp_model.CpModel()
    x: list[dict[int, cp_model.IntVar]] = []
    placed: list[cp_model.IntVar | int] = []
    for m in range(c.n_meetings):
        row = {t: model.new_bool_var(f"x{m}_{t}") for t in c.allowed[m]}
        x.append(row)
        if all_placed:
            model.add_exactly_one(row.values())
            placed.append(1)
        else:
            flag = model.new_bool_var(f"placed{m}")
            model.add(sum(row.values()) == flag)
            placed.append(flag)
    for t in range(c.n_slots):
        in_slot = [x[m][t] for m in range(c.n_meetings) if t in x[m]]
        if len(in_slot) > c.n_tables:
            model.add(sum(in_slot) <= c.n_tables)
    y: list[dict[int, cp_model.IntVar]] = []
    holes: list[cp_model.IntVar] = []
    n_max = max_holes if max_holes is not None else c.n_slots
    for p in range(c.n_people):
        row_y: dict[int, cp_model.IntVar] = {}
        for t in range(c.n_slots):
            terms = [x[m][t] for m in c.meetings_of[p] if t in x[m]]
            if not terms:
                continue
            var = model.new_bool_var(f"y{p}_{t}")
            model.add(sum(terms) == var)
            row_y[t] = var
        y.append(row_y)
        if all_placed:
            model.add(sum(row_y.values()) == len(c.meetings_of[p]))
        starts = []
        for t, var in row_y.items():
            prev = row_y.get(t - 1)
            if prev is None:
                starts.append(var)
                continue
            s = model.new_bool_var(f"s{p}_{t}")
            model.add(s >= var - prev)
            model.add(s <= var)
            model.add(s <= 1 - prev)
            starts.append(s)
        h = model.new_int_var(0, n_max, f"h{p}")
        if not starts:
            model.add(h == 0)
        elif all_placed and c.meetings_of[p]:
            model.add(h == sum(starts) - 1)
        else:
            runs = model.new_int_var(0, c.n_slots, f"r{p}")
            model.add(runs == sum(starts))
            model.add_max_equality(h, [runs - 1, 0])
        holes.append(h)
    for t in range(c.n_slots):
        busy = [y[p][t] for p in range(c.n_people) if t in y[p]]
        meetings = [x[m][t] for m in range(c.n_meetings) if t in x[m]]
        if busy:
            model.add(sum(busy) == 2 * sum(meetings))
    for a, b in c.precedences:
        ta = sum(t * v for t, v in x[a].items())
        tb = sum(t * v for t, v in x[b].items())
        if all_placed:
            model.add(ta + 1 <= tb)
        else:
            both = [placed[a], placed[b]]
            model.add(ta + 1 <= tb).only_enforce_if(both)
    fairness = c.problem.fairness
    if fairness is not None:
        low = model.new_int_var(0, n_max, "hmin")
        for p in range(c.n_people):
            model.add(holes[p] <= low + fairness)
            if c.meetings_of[p]:
                model.add(low <= holes[p])
    result = CpModel(model=model, x=x, y=y, placed=placed, holes=holes)
    result.total_holes = sum(holes)
    moved = [1 - x[m][t] if t in x[m] else 1 for m, t in enumerate(c.prev_slot) if t is not None]
    result.moved = sum(moved) if moved else 0
    if not all_placed:
        result.unplaced_weight = sum(c.weight[m] * (1 - placed[m]) for m in range(c.n_meetings))
    return result


def set_objective(cm: CpModel, c: Compiled) -> None:
    """Lexicographic objective folded into weights: unplaced > moved > holes."""
    hole_cap = c.n_people * c.n_slots + 1
    moved_cap = len([t for t in c.prev_slot if t is not None]) + 1
    w_moved = hole_cap
    w_unplaced = hole_cap * moved_cap
    cm.model.minimize(w_unplaced * cm.unplaced_weight + w_moved * cm.moved + cm.total_holes)
    cm.objective_scale = (w_unplaced, w_moved)


def hint(cm: CpModel, slot_of: list[int | None]) -> None:
    """Give CP-SAT a (possibly partial) starting schedule."""
    cm.model.clear_hints()  # type: ignore[no-untyped-call]  # ortools leaves clear_hints unannotated
    for m, t in enumerate(slot_of):
        for s, var in cm.x[m].items():
            cm.model.add_hint(var, s == t)
