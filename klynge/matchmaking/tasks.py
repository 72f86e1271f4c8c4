"""Background work: the scheduler run (django-tasks; the database backend in production)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django_tasks import task

from .services.scheduling import schedule_run


@task()
def run_schedule(
    session_id: int, allow_moving: bool, time_limit: float, actor_id: int | None = None
) -> dict[str, Any]:
    """Compute the session's schedule; progress and the report are stored on the session row."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return schedule_run(
        session_id=session_id, allow_moving=allow_moving, time_limit=time_limit, actor=actor
    )
