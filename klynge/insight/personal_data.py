"""What surveys hold about a person: invitations (address, name) and non-anonymous responses."""

from __future__ import annotations

import datetime

from klynge.core.personal_data import (
    PersonalData,
    RetentionRule,
    register_personal_data,
    register_retention,
)

from .models import Answer
from .services.personal_data import person_survey_data, person_survey_erase


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
            export=person_survey_data,
            erase=person_survey_erase,
            order=70,
        )
    )
    register_retention(RetentionRule(key="survey_answers", purge=purge_answer_texts))
