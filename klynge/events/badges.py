"""Name badges as a PDF (WeasyPrint), ten per A4 page, for confirmed participants: 500 badges
render in about 3 s (benchmarks/badges.py; the earlier flexbox took 429 s)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from .models import Event, Registration

BADGE_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


def badge_registrations(event: Event) -> list[Registration]:
    return list(
        Registration.objects.filter(event=event, status__in=BADGE_STATUSES)
        .select_related("person", "organisation")
        .order_by("person__full_name", "pk")
    )


def badges_html(event: Any, registrations: Sequence[Any]) -> str:
    """The badge sheet: a fixed table of two badges a row (see benchmarks/badges.py)."""
    with timezone.override("Europe/Oslo"):
        when = date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")
        rows = [registrations[i : i + 2] for i in range(0, len(registrations), 2)]
        line = f"{event.title} · {when} · {event.cluster.short_name}"
        return render_to_string(
            "events/badges.html", {"event": event, "rows": rows, "event_line": line}
        )


def badges_pdf(event: Event) -> bytes:
    from weasyprint import HTML

    return HTML(string=badges_html(event, badge_registrations(event))).write_pdf()
