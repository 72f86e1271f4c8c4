"""Cached figures: values that are costly to compute and change rarely, in the shared cache.

A figure belongs to a *topic* (e.g. "members"); writes that change what the topic's figures are
computed from call `invalidate(topic)` (after commit), which moves the topic to a new version, so
every figure of it is computed afresh on its next read. A timeout bounds how stale a figure can be
if a write path forgets to invalidate. With Redis as the cache (production) every app server and
worker sees the same figures and the same invalidations.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
_PREFIX = "klynge:figure"


def _version(topic: str) -> int:
    key = f"{_PREFIX}:{topic}:version"
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh_version(), timeout=None)
        version = cache.get(key, 0)
    return int(version)


def _fresh_version() -> int:
    """A version no earlier figure can have had (the clock, in microseconds)."""
    return time.time_ns() // 1000


def cached_figure(topic: str, name: str, compute: Callable[[], T], timeout: int | None = None) -> T:
    """The figure `name` of `topic`, computed by `compute` when missing, stale or invalidated."""
    key = f"{_PREFIX}:{topic}:{_version(topic)}:{name}"
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.KLYNGE_FIGURE_CACHE_SECONDS)
    return value


def invalidate(topic: str) -> None:
    """Every figure of `topic` is recomputed on its next read (once the transaction commits)."""

    def bump() -> None:
        key = f"{_PREFIX}:{topic}:version"
        try:
            cache.incr(key)
        except ValueError:  # not there (evicted or never read)
            cache.set(key, _fresh_version(), timeout=None)

    transaction.on_commit(bump)
