"""Bounds every input path shares, so that a value the database cannot hold is refused as input."""

from __future__ import annotations

# The largest value an integer column holds on every backend (PostgreSQL `integer`).
MAX_INT = 2_147_483_647
