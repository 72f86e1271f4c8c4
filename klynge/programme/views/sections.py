"""Sections of a cluster's programme page contributed by the areas (assessments, applications...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SECTIONS: list[tuple[str, Callable[[Any, Any], dict[str, Any]]]] = []
