"""Surveys in the one personal-data registry (klynge.core.personal_data): what
`services.personal_data` exports and erases, the fields it covers, and the retention of free text."""

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

TEXT_KINDS = ("short_text", "long_text")


def purge_answer_texts(cutoff: datetime.datetime) -> int:
    """Free-text answers (text can name people) of surveys that closed before the cut-off."""
    old = Answer.objects.filter(
        response__survey__closes_at__lt=cutoff, question__kind__in=TEXT_KINDS
    )
    return old.delete()[0]


def register() -> None:
    register_personal_data(
        PersonalData(
            key="survey_invitations",
            fields={"insight.Invitation": ("person", "email", "name")},
            export=lambda person: person_survey_data(person)["survey_invitations"],
            erase=person_survey_erase,
            order=70,
        )
    )
    register_personal_data(
        PersonalData(
            key="survey_responses",
            fields={"insight.Response": ("person",), "insight.Answer": ("text",)},
            export=lambda person: person_survey_data(person)["survey_responses"],
            order=71,
            note="erased with the survey_invitations hook (person_survey_erase)",
        )
    )
    register_retention(RetentionRule(key="survey_answers", purge=purge_answer_texts))
