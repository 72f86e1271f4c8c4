"""The global search's events: those `user` may open, by title, description or venue."""

from __future__ import annotations

from django.utils import timezone

from klynge.accounts.typing import Viewer
from klynge.core.display import short_date
from klynge.core.search import Hit, allowed, candidates

from .permissions import can_view_event
from .selectors import event_list_visible


def find_events(user: Viewer, term: str, limit: int) -> list[Hit]:
    rows = event_list_visible(user=user, period="all", search=term)[: candidates(limit)]
    return [
        Hit(
            event.title,
            event.get_absolute_url(),
            f"{short_date(timezone.localtime(event.starts_at).date())} · {event.cluster.short_name}",
        )
        for event in allowed(user, rows, can_view_event, limit)
    ]
