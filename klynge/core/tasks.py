"""Background work of the core: the retention purge of personal data (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from .audit import log_action
from .personal_data import purge_expired


@task()
def purge_personal_data() -> dict[str, int]:
    """Erase personal data older than its retention period (settings.KLYNGE_RETENTION_DAYS)."""
    counts = purge_expired()
    log_action(actor=None, action="klynge.core.personal_data.purged", data=counts)
    return counts
