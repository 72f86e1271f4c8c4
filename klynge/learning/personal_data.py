"""What learning holds about a person: enrolments, completions and their evidence."""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Actor
from klynge.core.personal_data import PersonalData, register_personal_data

from .models import Enrolment


def export_enrolments(person: Any) -> list[dict[str, Any]]:
    rows = Enrolment.objects.filter(person=person).select_related("course").order_by("pk")
    return [
        {
            "course": e.course.title,
            "status": e.status,
            "enrolled_at": e.enrolled_at,
            "dropped_at": e.dropped_at,
            "completed_on": e.completed_on,
            "credits_earned": e.credits_earned,
            "completion_evidence": e.completion_evidence,
            "certificate_code": e.certificate_code,
        }
        for e in rows
    ]


def erase_enrolments(*, actor: Actor | None, person: Any) -> None:
    """Completions stay (credits are counted), the free-text evidence goes."""
    Enrolment.objects.filter(person=person).update(completion_evidence="")


def register() -> None:
    register_personal_data(
        PersonalData(
            key="enrolments",
            fields={"learning.Enrolment": ("person", "completion_evidence")},
            export=export_enrolments,
            erase=erase_enrolments,
            order=50,
        )
    )
