"""The benchmark's variant generator: deterministic by seed and consistent."""

from __future__ import annotations

import pytest

from benchmarks._b2b_synthetic import synthetic_event
from benchmarks._b2b_variants import reference_slots, variant
from klynge.matchmaking.scheduling import solve, validate
from klynge.matchmaking.scheduling.compiled import compile_problem
from klynge.matchmaking.scheduling.explain import impossible_meetings

BASE = synthetic_event(30, 50, n_slots=10, seed=3)


@pytest.mark.parametrize("family", ["forb", "fixed", "prec"])
def test_same_seed_same_variant_other_seed_other_variant(family: str) -> None:
    rate = 0.05 if family == "forb" else 0.2
    first, again = variant(BASE, family, rate, 1), variant(BASE, family, rate, 1)
    assert first == again
    assert first != variant(BASE, family, rate, 2)
    assert first.name == f"{BASE.name}.{family}{rate:g}.s1"


def test_forbidden_slots_leave_every_meeting_a_slot() -> None:
    problem = variant(BASE, "forb", 0.3, 1)
    added = sum(len(s) for s in problem.forbidden.values()) - sum(
        len(s) for s in BASE.forbidden.values()
    )
    assert added > 0.1 * len(BASE.participants) * BASE.n_slots
    assert all(compile_problem(problem).allowed)


def test_fixed_meetings_and_precedences_agree_with_the_reference_schedule() -> None:
    slots = dict(zip((m.id for m in BASE.meetings), reference_slots(BASE, 1), strict=True))
    fixed = variant(BASE, "fixed", 0.2, 1)
    assert len(fixed.fixed) == round(0.2 * len(BASE.meetings))
    assert all(slots[mid] == fix.slot for mid, fix in fixed.fixed.items())
    assert impossible_meetings(compile_problem(fixed)) == {}
    prec = variant(BASE, "prec", 0.2, 1)
    assert len(prec.precedences) == round(0.2 * len(BASE.meetings))
    assert all(slots[a] < slots[b] for a, b in prec.precedences)  # type: ignore[operator]  # reference: all placed


def test_a_variant_is_scheduled_validly() -> None:
    problem = variant(BASE, "prec", 0.2, 2)
    schedule = solve(problem, time_limit=3)
    assert validate(problem, schedule) == []
