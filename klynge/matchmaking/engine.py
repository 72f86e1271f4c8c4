"""The one door to the scheduling package: `run_solver(problem, ...)`.

Nothing else in the app calls the package's engines. `on_progress(fraction, message)` may be
called from a solver thread (CP-SAT reports from its workers), so receivers must not touch the
database there (see `services.scheduling.ProgressWriter`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.utils.translation import gettext as _

from .scheduling import Problem, Schedule, solve

Progress = Callable[[float, str], None]


def run_solver(
    problem: Problem,
    *,
    time_limit: float,
    on_progress: Progress | None = None,
    engine: str = "auto",
) -> Schedule:
    """Best schedule found within `time_limit` seconds (the solver always returns one)."""
    started = time.monotonic()

    def report(best_holes: int | None, lower_bound: int, elapsed: float) -> None:
        if on_progress is None:
            return
        fraction = min(0.99, (time.monotonic() - started) / max(time_limit, 0.001))
        message = _("Best so far: %(holes)s idle gaps (at least %(bound)s needed).") % {
            "holes": best_holes,
            "bound": lower_bound,
        }
        on_progress(fraction, message)

    return solve(problem, engine=engine, time_limit=time_limit, on_progress=report)
