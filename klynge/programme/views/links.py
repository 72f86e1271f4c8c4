"""Links on the programme home page for roles other than officers (evaluators, applicants)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from klynge.accounts.typing import Viewer

LINK_PROVIDERS: list[Callable[[Any], list[tuple[str, str]]]] = []


def home_links(user: Viewer) -> list[tuple[str, str]]:
    """(label, url) pairs, e.g. "My reviews" for an evaluator."""
    links: list[tuple[str, str]] = []
    for provider in LINK_PROVIDERS:
        links.extend(provider(user))
    return links
