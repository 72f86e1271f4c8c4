"""Helpers for concurrency tests that count: run work in many threads at once, each with its own
database connection, and mark tests that only make sense on one database."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.db import connection, connections

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT FOR UPDATE) only exist on PostgreSQL; SQLite has its own test",
)
needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="tests SQLite's IMMEDIATE transactions; PostgreSQL has its own test",
)


def run_parallel(
    fn: Callable[[Any], Any], args: Sequence[Any]
) -> tuple[list[Any], list[BaseException]]:
    """Start one thread per argument, release them together (a barrier), return results and errors."""
    barrier = threading.Barrier(len(args))
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(arg: Any) -> None:
        try:
            barrier.wait(timeout=60)
            result = fn(arg)
            with lock:
                results.append(result)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker thread hung"
    return results, errors


def slow_down_counting(monkeypatch: pytest.MonkeyPatch, seconds: float = 0.02) -> None:
    """Sleep right after `capacity.free_places` counts, so unlocked transactions overlap for sure."""
    from klynge.core import capacity

    original = capacity.free_places

    def slow(pool: capacity.Pool, cap: int | None) -> int | None:
        places = original(pool, cap)
        time.sleep(seconds)
        return places

    monkeypatch.setattr(capacity, "free_places", slow)
