"""What surveys hold about a person: invitations (address, name) and non-anonymous responses."""

from __future__ import annotations

import datetime
from typing import Any

from klynge.core.personal_data import (
    PersonalData,
    RetentionRule,
    register_personal_data,
    register_retention,
)

from .models import Answer, Invitation, Response


def export_surveys(person: Any) -> list[dict[str, Any]]:
    invitations = Invitation.objects.filter(person=person).select_related("survey")
    responses = {
        r.survey_id: r for r in Response.objects.filter(person=person).prefetch_related("answers")
    }
    rows = []
    for invitation in invitations.order_by("pk"):
        response = responses.get(invitation.survey_id)
        rows.append(
            {
                "survey": invitation.survey.title,
                "email": invitation.email,
                "name": invitation.name,
                "sent_at": invitation.sent_at,
                "completed": invitation.completed,
                "answers": (
                    [
                        {"question": a.question_id, "number": a.number, "text": a.text}
                        for a in response.answers.all()
                    ]
                    if response
                    else []
                ),
            }
        )
    return rows


def erase_surveys(*, actor: Any, person: Any) -> None:
    """Answers stay for the statistics, unlinked from the person and without free text."""
    Answer.objects.filter(response__person=person).update(text="")
    Response.objects.filter(person=person).update(person=None)
    for invitation in Invitation.objects.filter(person=person):
        # One address per survey stays unique: each erased invitation gets its own placeholder.
        invitation.person, invitation.name = None, ""
        invitation.email = f"anonymised-{invitation.pk}@invalid"
        invitation.save(update_fields=["person", "name", "email"])


def purge_answer_texts(cutoff: datetime.datetime) -> int:
    """Free-text answers of surveys that closed before the cut-off."""
    return (
        Answer.objects.filter(response__survey__closes_at__lt=cutoff)
        .exclude(text="")
        .update(text="")
    )


def register() -> None:
    register_personal_data(
        PersonalData(
            key="surveys",
            fields={
                "insight.Invitation": ("person", "email", "name"),
                "insight.Response": ("person",),
                "insight.Answer": ("text",),
            },
            export=export_surveys,
            erase=erase_surveys,
            order=70,
        )
    )
    register_retention(RetentionRule(key="survey_answers", purge=purge_answer_texts))
