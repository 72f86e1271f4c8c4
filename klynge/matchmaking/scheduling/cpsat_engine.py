"""CP-SAT engine: maximum placement (by priority), fewest moved published meetings, fewest holes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .compiled import Compiled, holes_of
from .cpsat import build_cp_model, hint, set_objective


@dataclass
class CpOutcome:
    """Best assignment found by CP-SAT (``None`` if none within the time limit)."""

    slot_of: list[int | None] | None
    holes: int | None
    lower_bound: int
    optimal: bool
    time_to_first: float | None
    time_to_best: float | None
    solutions: int
    status: str


class _Tracker(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        cm_x: list[dict[int, cp_model.IntVar]],
        c: Compiled,
        start: float,
        on_solution: Callable[[list[int | None], float], None] | None,
    ) -> None:
        super().__init__()
        self.x = cm_x
        self.c = c
        self.start = start
        self.on_solution = on_solution
        self.first: float | None = None
        self.best: float | None = None
        self.count = 0

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.start
        self.count += 1
        if self.first is None:
            self.first = now
        self.best = now
        if self.on_solution is not None:
            slots = [next((t for t, v in row.items() if self.value(v)), None) for row in self.x]
            self.on_solution(slots, now)


def cpsat_solve(
    c: Compiled,
    time_limit: float,
    start_hint: list[int | None] | None = None,
    all_placed: bool = False,
    workers: int = 2,
    on_solution: Callable[[list[int | None], float], None] | None = None,
) -> CpOutcome:
    """Solve with CP-SAT; the objective folds placement, moves and holes lexicographically."""
    start = time.perf_counter()
    cm = build_cp_model(c, all_placed=all_placed)
    set_objective(cm, c)
    if start_hint is not None:
        hint(cm, start_hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = max(1, workers)
    tracker = _Tracker(cm.x, c, start, on_solution)
    status = solver.solve(cm.model, tracker)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpOutcome(None, None, 0, False, None, None, 0, name)
    slot_of = [next((t for t, v in row.items() if solver.value(v)), None) for row in cm.x]
    holes = sum(holes_of(c, slot_of))
    everything = all(t is not None for t in slot_of)
    bound = 0
    if everything and not any(t is not None for t in c.prev_slot):
        bound = max(0, int(solver.best_objective_bound + 0.999))
    return CpOutcome(
        slot_of=slot_of,
        holes=holes,
        lower_bound=min(bound, holes),
        optimal=status == cp_model.OPTIMAL,
        time_to_first=tracker.first,
        time_to_best=tracker.best,
        solutions=tracker.count,
        status=name,
    )
