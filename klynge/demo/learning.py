"""Demo courses of NCE Smart Energy Markets (filled in as the learning app grows)."""

from __future__ import annotations


def load() -> None:
    return None
