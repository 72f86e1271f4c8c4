"""Data the suite reads from the project's ``shared/`` folder (beside a clone, or further up for a
worktree): the B2B scheduling benchmark instances.

Tests that read it are marked ``@pytest.mark.shared_data``. Without the folder they are skipped on a
developer's machine and fail under CI (``CI=true``), so CI never goes green by skipping them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from klynge.matchmaking.scheduling.dzn import benchmark_folder

FOUND = benchmark_folder(__file__)
B2B = FOUND or Path("/nonexistent/shared/benchmarks/b2b")
MISSING = (
    "needs the B2B benchmark data in shared/benchmarks/b2b beside the clone (or a folder above it); "
    "it was not found"
)

shared_data = pytest.mark.shared_data
