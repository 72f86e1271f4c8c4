"""Run a function in many threads at once, each thread with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections


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
