"""Deterministic synthetic B2B events for the scheduler benchmark."""

from __future__ import annotations

import random

from klynge.matchmaking.scheduling import Meeting, Problem, Session, Slot


def synthetic_event(n_people: int, n_meetings: int, n_slots: int = 20, seed: int = 7) -> Problem:
    """Random event: half morning, half afternoon slots, popular participants get more requests."""
    rng = random.Random(seed)
    max_each = n_slots - 4
    load = [0] * n_people
    weights = [1.0 + 2.0 * rng.random() ** 3 for _ in range(n_people)]
    pairs: set[tuple[int, int]] = set()
    meetings: list[Meeting] = []
    while len(meetings) < n_meetings:
        a, b = rng.choices(range(n_people), weights=weights, k=2)
        key = (min(a, b), max(a, b))
        if a == b or key in pairs or load[a] >= max_each or load[b] >= max_each:
            continue
        pairs.add(key)
        load[a] += 1
        load[b] += 1
        meetings.append(Meeting(id=len(meetings) + 1, a=a + 1, b=b + 1))
    slots = tuple(
        Slot(Session.MORNING if t < n_slots // 2 else Session.AFTERNOON, label=str(t + 1))
        for t in range(n_slots)
    )
    forbidden = {
        p + 1: frozenset({rng.randrange(1, n_slots + 1)})
        for p in range(n_people)
        if rng.random() < 0.1
    }
    n_tables = (n_meetings + n_slots - 1) // n_slots + n_meetings // (4 * n_slots)
    return Problem(
        participants=tuple(range(1, n_people + 1)),
        meetings=tuple(meetings),
        slots=slots,
        n_tables=n_tables,
        forbidden=forbidden,
        name=f"synthetic-{n_people}p-{n_meetings}m",
    )
