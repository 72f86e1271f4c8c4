"""A person's survey data, for the personal-data export and erasure (registered in `klynge/insight/personal_data.py` with the core registry).

Export: the invitations they got (survey, when, answered or not) and their answers to identified
surveys. Answers to anonymous surveys cannot be found: nothing links them to the person any more.
Erasure: invitations lose the address and name (the group and "answered" stay, so response rates
hold); identified responses lose the person and organisation, and their free-text answers are
deleted (text can name people); answers in progress are deleted.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, F, Value
from django.db.models.functions import Concat

from klynge.accounts.typing import Actor

from ..models import Answer, Invitation, Response


def person_survey_data(person: Any) -> dict[str, Any]:
    invitations = Invitation.objects.filter(person=person).select_related("survey__cluster")
    responses = (
        Response.objects.filter(person=person, anonymous=False)
        .select_related("survey")
        .prefetch_related("answers__question")
    )
    return {
        "survey_invitations": [
            {
                "survey": i.survey.title_en,
                "cluster": i.survey.cluster.name,
                "email": i.email,
                "sent_at": i.sent_at,
                "reminders_sent": i.reminders_sent,
                "answered": i.completed,
                "anonymous_survey": i.survey.anonymous,
            }
            for i in invitations.order_by("sent_at", "pk")
        ],
        "survey_responses": [
            {
                "survey": r.survey.title_en,
                "status": r.status,
                "submitted_on": r.submitted_on,
                "answers": {a.question.key: a.value for a in r.answers.all()},
            }
            for r in responses.order_by("pk")
        ],
    }


def person_survey_erase(*, actor: Actor | None, person: Any) -> None:
    """Runs inside the anonymisation transaction (core personal-data registry)."""
    drafts = Response.objects.filter(invitation__person=person, status=Response.Status.IN_PROGRESS)
    drafts.delete()
    identified = Response.objects.filter(person=person, anonymous=False)
    Answer.objects.filter(
        response__in=identified, question__kind__in=["short_text", "long_text"]
    ).delete()
    identified.update(person=None, organisation=None, invitation=None)
    Invitation.objects.filter(person=person).update(
        person=None,
        organisation=None,
        name="",
        email=Concat(Value("erased-"), F("pk"), Value("@invalid"), output_field=CharField()),
    )
