"""Completions: mark people completed (in bulk) with credits and evidence; undo a mistake.

A completion gets a certificate number (its PDF is drawn on demand, see `certificates.py`).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core import capacity
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from .. import notices
from ..models import Course, Enrolment

COMPLETABLE = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


def new_certificate_code(year: int) -> str:
    """A certificate number like 2025-7F3A9B1C: the year and 8 random hex digits (unique)."""
    while True:
        code = f"{year}-{secrets.token_hex(4).upper()}"
        if not Enrolment.objects.filter(certificate_code=code).exists():
            return code


def clean_credits(course: Course, credits: Any) -> Decimal | None:
    """The credits to record: the course's by default, never more, none for courses without."""
    if not course.gives_credits:
        if credits not in (None, "", 0, Decimal("0")):
            raise DomainError(_("This course gives no credits."), field="credits")
        return None
    if credits in (None, ""):
        return course.credits
    try:
        value = Decimal(str(credits))
    except InvalidOperation as exc:
        raise DomainError(_("Give the credits as a number."), field="credits") from exc
    if value < 0 or value > (course.credits or 0):
        raise DomainError(
            _("Credits must be between 0 and %(max)s.") % {"max": course.credits}, field="credits"
        )
    if value != value.quantize(Decimal("0.1")):
        raise DomainError(_("Give the credits with at most one decimal."), field="credits")
    return value


def _check_date(course: Course, completed_on: datetime.date) -> None:
    if completed_on > timezone.localdate():
        raise DomainError(_("The completion date cannot be in the future."), field="completed_on")
    starts = course.starts_at
    if starts is not None and completed_on < timezone.localdate(starts):
        raise DomainError(
            _("The completion date cannot be before the course starts."), field="completed_on"
        )


def enrolment_complete(
    *,
    actor: Actor,
    course: Course,
    enrolment_ids: Sequence[int],
    completed_on: datetime.date,
    credits: Any = None,
    evidence: str = "",
) -> list[Enrolment]:
    """Mark enrolled people completed (all or nothing); completed ones get the new credits/evidence.

    Each new completion gets a certificate number and a mail with the link to the certificate.
    """
    ids = sorted(set(enrolment_ids))
    if not ids:
        raise DomainError(_("Choose at least one participant."), field="enrolments")
    if course.status == Course.Status.CANCELLED:
        raise DomainError(_("The course has been cancelled."), code="course_cancelled")
    value = clean_credits(course, credits)
    _check_date(course, completed_on)
    evidence = (evidence or "").strip()[:2000]
    with transaction.atomic():
        locked = capacity.lock(course)
        rows = list(Enrolment.objects.filter(course=locked, pk__in=ids).select_related("person"))
        if len(rows) != len(ids):
            raise DomainError(
                _("Some of the chosen people are not on this course."), field="enrolments"
            )
        blocked = [r for r in rows if r.status not in COMPLETABLE]
        if blocked:
            names = ", ".join(sorted(r.person.full_name for r in blocked))
            raise ConflictError(
                _("Only people with a place can complete the course: %(names)s.")
                % {"names": names},
                code="no_place",
                field="enrolments",
            )
        for row in rows:
            newly = row.status == Enrolment.Status.ENROLLED
            row.status = Enrolment.Status.COMPLETED
            row.completed_on = completed_on
            row.credits_earned = value
            row.completion_evidence = evidence or row.completion_evidence
            row.certificate_code = row.certificate_code or new_certificate_code(completed_on.year)
            row.save(
                update_fields=[
                    "status",
                    "completed_on",
                    "credits_earned",
                    "completion_evidence",
                    "certificate_code",
                    "updated_at",
                ]
            )
            log_action(
                actor=actor,
                action="klynge.learning.enrolment."
                + ("completed" if newly else "completion_changed"),
                target=row,
                data={
                    "completed_on": completed_on,
                    "credits": value,
                    "certificate": row.certificate_code,
                },
                cluster=locked.cluster_id,
            )
            if newly:
                notices.send_completion_mail(row.pk)
    return rows


def enrolment_uncomplete(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Undo a completion recorded by mistake: back to enrolled; the certificate no longer verifies."""
    with transaction.atomic():
        course = capacity.lock(enrolment.course)
        current = Enrolment.objects.get(pk=enrolment.pk)
        if current.status != Enrolment.Status.COMPLETED:
            raise ConflictError(_("This enrolment is not completed."), code="not_completed")
        revoked = current.certificate_code
        Enrolment.objects.filter(pk=current.pk).update(
            status=Enrolment.Status.ENROLLED,
            completed_on=None,
            credits_earned=None,
            certificate_code="",
        )
        log_action(
            actor=actor,
            action="klynge.learning.enrolment.completion_revoked",
            target=current,
            data={"certificate": revoked},
            cluster=course.cluster_id,
        )
    enrolment.refresh_from_db()
    return enrolment
