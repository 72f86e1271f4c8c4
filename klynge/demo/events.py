"""Demo data for the events app (filled in by its issue work)."""

from __future__ import annotations


def load() -> None:
    return None
