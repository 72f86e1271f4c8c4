"""Real benchmark instances that solve quickly reach the published optimum (JAIR 2022)."""

from __future__ import annotations

import pytest

from klynge.matchmaking.scheduling import read_dzn, solve, validate
from tests.shared_data import B2B


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "optimum"), [("tic-12", 0), ("tic-12crafc", 0)])
def test_small_instances_reach_published_optimum(name: str, optimum: int) -> None:
    problem = read_dzn(B2B / "original" / f"{name}.original.dzn")
    schedule = solve(problem, time_limit=20)
    assert validate(problem, schedule) == []
    assert schedule.all_placed
    assert schedule.objective == optimum
    assert schedule.proven_optimal


@pytest.mark.shared_data
def test_forb_variant_places_as_many_as_possible() -> None:
    problem = read_dzn(B2B / "forb0007" / "tic-12.forb0007.dzn")
    schedule = solve(problem, time_limit=6)
    assert validate(problem, schedule) == []
    assert not schedule.all_placed  # published: cannot place every meeting under d = 2
    assert len(schedule.assignments) >= len(problem.meetings) - 15  # 6 s budget; 124 with 30 s
    assert all(reason for reason in schedule.unplaced.values())
