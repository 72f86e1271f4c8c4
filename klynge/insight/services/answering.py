"""Answering a survey: save as the respondent goes (resumable), then submit once.

Saving keeps every valid answer and reports the invalid ones (nothing typed is lost to a mistake in
another question); answers to questions a condition now hides are dropped. Submitting checks the
required questions, and for an anonymous survey cuts every link to the person in the same
transaction: the response keeps only its group (kind, size class, county) and the date; the
invitation keeps only that it was answered. The audit entry of an anonymous submission names
neither the person nor the response.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Viewer
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from ..logic import merge, missing_required, visible_keys
from ..models import Answer, Invitation, Response
from ..selectors.responses import answers_of
from ..selectors.surveys import Structure


@dataclass
class SaveResult:
    response: Response | None
    answers: dict[str, Any]
    shown: set[str]
    errors: dict[str, str] = field(default_factory=dict)


def _check_open(invitation: Invitation) -> None:
    if invitation.completed:
        raise ConflictError(
            _("This survey has already been answered with this invitation. Thank you!"),
            code="already_answered",
        )
    state = invitation.survey.state()
    if state != "open":
        raise DomainError(_("This survey is not open for answers."), code=f"survey_{state}")


def _lock(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().select_related("survey").get(pk=invitation.pk)
    invitation.completed = locked.completed
    return locked


def _locked_draft(invitation: Invitation) -> Response | None:
    return (
        Response.objects.select_for_update()
        .filter(invitation=invitation, status=Response.Status.IN_PROGRESS)
        .first()
    )


def _store(response: Response, question: Any, value: Any) -> None:
    if value is None:
        Answer.objects.filter(response=response, question=question).delete()
        return
    fields: dict[str, Any] = {"number": None, "text": "", "items": []}
    if question.kind in ("scale", "nps", "number"):
        fields["number"] = float(value)
    elif question.kind in ("multiple", "matrix"):
        fields["items"] = value
    else:
        fields["text"] = value
    Answer.objects.update_or_create(response=response, question=question, defaults=fields)


@transaction.atomic
def answers_save(
    *,
    invitation: Invitation,
    structure: Structure,
    raw: dict[str, Any],
    page: int | None = None,
) -> SaveResult:
    """Save the answers in `raw` ({question key: raw value}); keys not given keep their answers."""
    locked = _lock(invitation)
    _check_open(invitation)
    response = Response.objects.filter(
        invitation=locked, status=Response.Status.IN_PROGRESS
    ).first()
    if response is None:
        response = Response.objects.create(
            survey=locked.survey,
            anonymous=locked.survey.anonymous,
            invitation=locked,
            language=locked.language,
        )
    saved = answers_of(response=response)
    answers, errors, shown = merge(structure.specs, saved, raw)
    for question in structure.questions:
        key = question.key
        if key in errors or (key not in raw and (key in answers or key not in saved)):
            continue
        _store(response, question, answers.get(key))
    if page is not None and page != response.page:
        response.page = page
        response.save(update_fields=["page"])
    return SaveResult(response=response, answers=answers, shown=shown, errors=errors)


@transaction.atomic
def response_submit(*, actor: Viewer, invitation: Invitation, structure: Structure) -> Response:
    """Submit the saved answers. Refused (400) while a required question that shows is unanswered."""
    locked = _lock(invitation)
    _check_open(invitation)
    response = _locked_draft(locked)
    answers = answers_of(response=response)
    shown = visible_keys(structure.specs, answers)
    missing = missing_required(structure.specs, answers, shown)
    if response is None or missing:
        raise DomainError(
            _("Answer the required questions first."),
            code="required_missing",
            field=missing[0] if missing else None,
        )
    hidden = [q for q in structure.questions if q.key not in shown]
    Answer.objects.filter(response=response, question__in=hidden).delete()
    organisation = locked.organisation
    survey = locked.survey
    response.org_kind = locked.org_kind
    response.size_class = locked.size_class
    response.county = organisation.county if organisation is not None else ""
    response.status = Response.Status.SUBMITTED
    response.submitted_on = timezone.localdate()
    if survey.anonymous:
        response.invitation = None
        response.person = None
        response.organisation = None
    else:
        response.person = locked.person
        response.organisation = organisation
    response.save()
    # .update() leaves no modification time behind on the invitation.
    Invitation.objects.filter(pk=locked.pk).update(completed=True)
    invitation.completed = True
    if survey.anonymous:
        log_action(
            actor=None,
            action="klynge.insight.response.submitted",
            target=survey,
            data={"anonymous": True},
        )
    else:
        log_action(
            actor=actor,
            action="klynge.insight.response.submitted",
            target=response,
            data={"survey": survey.pk, "person": locked.person_id},
        )
    return response


def draft_move(*, response: Response | None, page: int) -> None:
    """Remember the page the respondent went to, so the link resumes there."""
    if response is not None and response.page != page:
        Response.objects.filter(pk=response.pk, status=Response.Status.IN_PROGRESS).update(
            page=page
        )
