"""Name badges as a PDF (WeasyPrint), ten per A4 page, for confirmed participants."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Event, Registration

BADGE_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


def badge_registrations(event: Event) -> list[Registration]:
    return list(
        Registration.objects.filter(event=event, status__in=BADGE_STATUSES)
        .select_related("person", "organisation")
        .order_by("person__full_name", "pk")
    )


def badges_pdf(event: Event) -> bytes:
    from weasyprint import HTML

    with timezone.override("Europe/Oslo"):
        html = render_to_string(
            "events/badges.html", {"event": event, "registrations": badge_registrations(event)}
        )
    return HTML(string=html).write_pdf()
