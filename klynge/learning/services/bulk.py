"""All-or-nothing actions on several enrolments of one course (the participant list's bulk form)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.errors import DomainError

from ..models import Course, Enrolment
from .enrolments import enrolment_admit, enrolment_drop


def _each(
    *, actor: Actor, course: Course, enrolment_ids: Sequence[int], action: Callable[..., Any]
) -> int:
    ids = sorted(set(enrolment_ids))
    if not ids:
        raise DomainError(_("Choose at least one participant."), field="enrolments")
    with transaction.atomic():
        rows = list(Enrolment.objects.filter(course=course, pk__in=ids).select_related("course"))
        if len(rows) != len(ids):
            raise DomainError(
                _("Some of the chosen people are not on this course."), field="enrolments"
            )
        for enrolment in rows:
            action(actor=actor, enrolment=enrolment)
    return len(rows)


def enrolments_admit(*, actor: Actor, course: Course, enrolment_ids: Sequence[int]) -> int:
    """Admit applicants in the order they applied; nothing changes if one cannot be admitted."""
    return _each(actor=actor, course=course, enrolment_ids=enrolment_ids, action=enrolment_admit)


def enrolments_drop(*, actor: Actor, course: Course, enrolment_ids: Sequence[int]) -> int:
    """Drop several people; freed places go to the waiting list. All or nothing."""
    return _each(actor=actor, course=course, enrolment_ids=enrolment_ids, action=enrolment_drop)
