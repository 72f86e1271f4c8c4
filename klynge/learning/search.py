"""The global search's courses: those `user` may open, by title, description or provider."""

from __future__ import annotations

from django.utils import timezone

from klynge.accounts.typing import Viewer
from klynge.core.display import short_date
from klynge.core.search import Hit, allowed, candidates

from .permissions import can_view_course
from .selectors.courses import course_list_visible


def find_courses(user: Viewer, term: str, limit: int) -> list[Hit]:
    rows = course_list_visible(user=user, period="all", search=term)[: candidates(limit)]
    hits = []
    for course in allowed(user, rows, can_view_course, limit):
        start = getattr(course, "first_start", None)
        when = short_date(timezone.localtime(start).date()) if start else ""
        meta = " · ".join(part for part in (when, course.cluster.short_name) if part)
        hits.append(Hit(course.title, course.get_absolute_url(), meta))
    return hits
