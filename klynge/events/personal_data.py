"""What events hold about a person (registrations, answers, feedback, calendar feed), for the one
personal-data registry in core: export, erasure and retention."""

from __future__ import annotations

import datetime
from typing import Any

from klynge.accounts.typing import Actor
from klynge.core.personal_data import (
    PersonalData,
    RetentionRule,
    register_personal_data,
    register_retention,
)

from .models import CalendarFeed, Feedback, Registration


def export_registrations(person: Any) -> list[dict[str, Any]]:
    rows = Registration.objects.filter(person=person).select_related("event").order_by("pk")
    feedback = {f.registration_id: f for f in Feedback.objects.filter(registration__person=person)}
    return [
        {
            "event": r.event.title,
            "starts_at": r.event.starts_at,
            "status": r.status,
            "organisation_name": r.organisation_name,
            "answers": r.answers,
            "registered_at": r.created_at,
            "checked_in_at": r.checked_in_at,
            "cancelled_at": r.cancelled_at,
            "feedback": (
                {"score": feedback[r.pk].score, "comment": feedback[r.pk].comment}
                if r.pk in feedback
                else None
            ),
        }
        for r in rows
    ]


def export_calendar_feed(person: Any) -> dict[str, Any] | None:
    feed = CalendarFeed.objects.filter(person=person).first()
    return {"created_at": feed.created_at} if feed else None


def erase_registrations(*, actor: Actor | None, person: Any) -> None:
    """Free text goes; the registration rows stay (counts and capacity stay right)."""
    Registration.objects.filter(person=person).update(answers={}, organisation_name="")
    Feedback.objects.filter(registration__person=person).update(comment="")
    CalendarFeed.objects.filter(person=person).delete()


def purge_answers(cutoff: datetime.datetime) -> int:
    """Answers and feedback comments of events that ended before the cut-off."""
    done = Registration.objects.filter(event__ends_at__lt=cutoff).exclude(answers={})
    count = done.update(answers={})
    return count + Feedback.objects.filter(registration__event__ends_at__lt=cutoff).exclude(
        comment=""
    ).update(comment="")


def register() -> None:
    register_personal_data(
        PersonalData(
            key="event_registrations",
            fields={
                "events.Registration": ("person", "answers", "organisation_name"),
                "events.Feedback": ("comment",),
            },
            export=export_registrations,
            erase=erase_registrations,
            order=20,
        )
    )
    register_personal_data(
        PersonalData(
            key="calendar_feed",
            fields={"events.CalendarFeed": ("person", "token")},
            export=export_calendar_feed,
            order=21,
            note="deleted by the event_registrations eraser",
        )
    )
    register_retention(RetentionRule(key="event_answers", purge=purge_answers))
