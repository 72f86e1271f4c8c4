"""Choosing a survey's audience, sending its invitations and setting its reminder dates.

Sending invites everyone the audience names who is not invited yet (so a later send reaches only
newcomers), fixes the survey's anonymity, and mails after the transaction commits, from a
background task.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.identity import normalise_email

from .. import tasks
from ..models import Invitation, Survey
from ..selectors.audience import KINDS, audience_recipients
from ..tokens import new_salt, token_hash_for

MAX_UPLOAD_ENTRIES = 20_000
MAX_REMINDERS = 3


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def entries_from_table(
    header: list[str], rows: list[tuple[int, list[str]]]
) -> list[dict[str, str]]:
    """Email (required), name and language columns of an uploaded list; errors name the row."""
    names = [re.sub(r"[\W_]", "", h.casefold()) for h in header]
    column = {
        key: next((i for i, n in enumerate(names) if n in aliases), None)
        for key, aliases in {
            "email": {"email", "epost", "mail", "emailaddress"},
            "name": {"name", "navn", "fullname"},
            "language": {"language", "sprak", "språk", "lang"},
        }.items()
    }
    if column["email"] is None:
        raise DomainError(_("The list needs an “email” column."), field="file")
    entries = []
    for number, cells in rows:
        email = normalise_email(_cell(cells, column["email"]))
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError as error:
            raise DomainError(
                _("Row %(row)s: “%(email)s” is not an email address.")
                % {"row": number, "email": email},
                field="file",
            ) from error
        language = _cell(cells, column["language"]).lower()[:2]
        entries.append(
            {
                "email": email,
                "name": _cell(cells, column["name"]),
                "language": "en" if language == "en" else "nb",
            }
        )
    if not entries:
        raise DomainError(_("The list has no email addresses."), field="file")
    if len(entries) > MAX_UPLOAD_ENTRIES:
        raise DomainError(_("The list is too long."), field="file")
    return entries


@transaction.atomic
def audience_set(
    *,
    actor: Actor | None,
    survey: Survey,
    kind: str,
    event_ids: list[int] | None = None,
    course_ids: list[int] | None = None,
    entries: list[dict[str, str]] | None = None,
) -> Survey:
    if kind not in KINDS:
        raise DomainError(_("Choose who the survey goes to."), field="kind")
    audience: dict[str, Any] = {"kind": kind}
    if kind == "participants":
        if not (event_ids or course_ids):
            raise DomainError(_("Choose at least one event or course."), field="events")
        audience["event_ids"] = sorted(set(event_ids or []))
        audience["course_ids"] = sorted(set(course_ids or []))
    if kind == "upload":
        if not entries:
            raise DomainError(_("Upload a list of email addresses."), field="file")
        audience["entries"] = entries
    survey.audience = audience
    survey.save(update_fields=["audience", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.insight.audience.set",
        target=survey,
        data={
            "kind": kind,
            "events": len(audience.get("event_ids", [])),
            "courses": len(audience.get("course_ids", [])),
            "entries": len(audience.get("entries", [])),
        },
    )
    return survey


@transaction.atomic
def invitations_send(*, actor: Actor, survey: Survey) -> int:
    """Invite everyone in the audience not invited yet. Returns how many new invitations."""
    survey = Survey.objects.select_for_update().select_related("cluster").get(pk=survey.pk)
    now = timezone.now()
    if survey.closes_at is not None and survey.closes_at <= now:
        raise DomainError(
            _("The survey has closed: set a later closing time first."), field="closes_at"
        )
    if not survey.questions.exists():
        raise DomainError(_("Add at least one question before sending."), code="no_questions")
    if not (survey.audience or {}).get("kind"):
        raise DomainError(_("Choose who the survey goes to."), field="kind")
    invited = set(Invitation.objects.filter(survey=survey).values_list("email", flat=True))
    new = [r for r in audience_recipients(survey=survey) if r.email not in invited]
    if not new:
        raise ConflictError(_("Everyone in the audience is invited already."), code="nobody_new")
    invitations = []
    for recipient in new:
        salt = new_salt()
        invitations.append(
            Invitation(
                survey=survey,
                person_id=recipient.person_id,
                organisation_id=recipient.organisation_id,
                org_kind=recipient.org_kind,
                size_class=recipient.size_class,
                email=recipient.email,
                name=recipient.name,
                language=recipient.language,
                source=survey.audience["kind"],
                token_salt=salt,
                token_hash=token_hash_for(salt),
                sent_at=now,
            )
        )
    Invitation.objects.bulk_create(invitations, batch_size=500)
    first = survey.sent_at is None
    if first:
        survey.sent_at = now
        survey.save(update_fields=["sent_at", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.insight.invitations.sent",
        target=survey,
        data={"new": len(invitations), "first": first, "audience": survey.audience["kind"]},
    )
    survey_id = survey.pk
    transaction.on_commit(lambda: tasks.send_invitation_mails.enqueue(survey_id))
    if first:
        transaction.on_commit(lambda: tasks.schedule_reminders(survey))
    return len(invitations)


@transaction.atomic
def reminder_dates_set(*, actor: Actor, survey: Survey, dates: list[date]) -> Survey:
    """Dates on which non-respondents get a reminder (at most three, while the survey is open)."""
    today = timezone.localdate()
    unique = sorted(set(dates))
    if len(unique) > MAX_REMINDERS:
        raise DomainError(_("At most three reminders."), field="dates")
    for day in unique:
        if day < today:
            raise DomainError(_("A reminder date cannot be in the past."), field="dates")
        if survey.closes_at is not None and day >= timezone.localdate(survey.closes_at):
            raise DomainError(_("Reminders must come before the survey closes."), field="dates")
        if survey.opens_at is not None and day < timezone.localdate(survey.opens_at):
            raise DomainError(_("Reminders must come after the survey opens."), field="dates")
    survey.reminder_dates = [d.isoformat() for d in unique]
    survey.save(update_fields=["reminder_dates", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.insight.reminders.set",
        target=survey,
        data={"dates": survey.reminder_dates},
    )
    if survey.sent_at is not None:
        transaction.on_commit(lambda: tasks.schedule_reminders(survey))
    return survey
