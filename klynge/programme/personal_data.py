"""What the programme holds about a person: an evaluator profile and their review assignments."""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Actor
from klynge.core.personal_data import PersonalData, register_personal_data

from .models import Evaluator, ReviewAssignment


def export_evaluator(person: Any) -> dict[str, Any] | None:
    if not person.user_id:
        return None
    evaluator = Evaluator.objects.filter(user_id=person.user_id).first()
    if evaluator is None:
        return None
    assignments = ReviewAssignment.objects.filter(evaluator_id=person.user_id)
    return {
        "expertise": evaluator.expertise,
        "affiliation": evaluator.affiliation,
        "is_active": evaluator.is_active,
        "assignments": [
            {
                "application": a.application_id,
                "status": a.status,
                "conflict": a.conflict,
                "conflict_note": a.conflict_note,
            }
            for a in assignments.order_by("pk")
        ],
    }


def erase_evaluator(*, actor: Actor | None, person: Any) -> None:
    """The profile goes; submitted reviews stay as the programme's record (their login is scrubbed)."""
    if person.user_id:
        Evaluator.objects.filter(user_id=person.user_id).update(
            expertise="", affiliation="", is_active=False
        )
        ReviewAssignment.objects.filter(evaluator_id=person.user_id).update(conflict_note="")


def register() -> None:
    register_personal_data(
        PersonalData(
            key="evaluator",
            fields={
                "programme.Evaluator": ("user", "expertise", "affiliation"),
                "programme.ReviewAssignment": ("evaluator", "conflict_note"),
            },
            export=export_evaluator,
            erase=erase_evaluator,
            order=60,
        )
    )
