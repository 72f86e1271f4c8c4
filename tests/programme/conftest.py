"""Fixtures for the programme tests: the shipped levels and frameworks, always present."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.programme.loaders import load_shipped


@pytest.fixture
def shipped(db: Any) -> None:
    """Load the shipped levels and frameworks (transactional tests flush the migration's rows)."""
    load_shipped()
