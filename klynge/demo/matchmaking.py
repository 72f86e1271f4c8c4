"""Demo B2B session at the NCE Smart Energy Markets Partner Conference (filled in below)."""

from __future__ import annotations


def load() -> None:
    return None
