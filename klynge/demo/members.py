"""Demo members of NCE Smart Energy Markets and the other clusters (filled in with the registry)."""

from __future__ import annotations


def load() -> None:
    return None
