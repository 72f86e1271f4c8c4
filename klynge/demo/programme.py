"""Demo data for the programme app (filled in by its issue work)."""

from __future__ import annotations


def load() -> None:
    return None
