"""Learning tests run `transaction.on_commit` work (mails) at the end of each service call."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _learning_runs_on_commit(run_on_commit: None) -> None:
    """Every learning test runs on-commit work at once (see `run_on_commit`)."""
