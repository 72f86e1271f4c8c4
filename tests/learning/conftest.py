"""Learning tests run `transaction.on_commit` work (mails) at the end of each service call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def run_on_commit(request: pytest.FixtureRequest) -> Iterator[None]:
    """In ordinary (rolled-back) tests, run on-commit callbacks as if each service committed."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or marker.kwargs.get("transaction"):
        yield
        return
    from django.db import connection

    def run_now(func: Any, using: Any = None, robust: bool = False) -> None:
        func()

    original = connection.on_commit
    connection.on_commit = run_now  # type: ignore[method-assign]
    try:
        yield
    finally:
        connection.on_commit = original  # type: ignore[method-assign]
