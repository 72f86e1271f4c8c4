"""Synthetic data at programme or European scale, for benchmarks and load tests (`generate_scale_data`).

Every row is fictional (names say "synthetic"; org numbers come from a fictional range; addresses
are on `scale.example`). The same seed and day give the same rows, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.apps import apps
from django.db import connection, transaction

from klynge.clusters.models import Cluster
from klynge.core.bulk import reset_sequences

from . import events, people, portfolio, registry
from .context import Context
from .sizes import SCALES, Scale

STEPS: list[tuple[str, Callable[[Context], None]]] = [
    ("topics", registry.topics),
    ("clusters and logins", registry.clusters),
    ("organisations", registry.organisations),
    ("memberships", people.memberships),
    ("people", people.people),
    ("events and registrations", events.events),
    ("projects", portfolio.projects),
    ("courses and enrolments", portfolio.courses),
    ("programme levels and labels", portfolio.programme),
]

__all__ = ["SCALES", "STEPS", "Context", "Scale", "generate"]


class NotEmptyError(Exception):
    """Scale data goes into an empty database only (it would drown real data)."""


def analyse() -> None:
    """Refresh the planner's statistics after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def generate(
    scale: Scale,
    *,
    seed: int = 1,
    today: datetime.date | None = None,
    report: Callable[[str, int], None] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> Context:
    """Fill the (empty) database with `scale`'s data in one transaction; returns the context."""
    if Cluster.objects.exists():
        raise NotEmptyError("The database already has clusters; use an empty database.")
    ctx = Context(scale=scale, seed=seed, today=today or datetime.date.today())
    if report is not None:
        ctx.report = report
    with transaction.atomic():
        for label, step in STEPS:
            if on_step is not None:
                on_step(label)
            step(ctx)
        reset_sequences(*apps.get_models())
    analyse()
    return ctx
