"""Evaluators, their assignments, conflict-of-interest declarations and reviews."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.permissions import require

from .. import notices
from ..models import Application, Evaluator, ReviewAssignment, ReviewScore
from ..permissions import can_act_on_assignment
from ..selectors.reviews import conflict_flag, criteria_for

AP = Application.Status
RA = ReviewAssignment


@transaction.atomic
def evaluator_add(
    *, actor: Actor, email: str, full_name: str = "", expertise: str = "", affiliation: str = ""
) -> Evaluator:
    """Give a user (found or created by email, without a password) the evaluator role."""
    email = (email or "").strip().lower()
    if "@" not in email:
        raise DomainError(_("Enter an email address."), field="email")
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model.objects.create_user(
            email=email, password=None, full_name=full_name.strip()
        )
    evaluator, created = Evaluator.objects.get_or_create(
        user=user,
        defaults={
            "expertise": expertise.strip(),
            "affiliation": affiliation.strip(),
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if not created:
        if evaluator.is_active:
            raise ConflictError(_("This person is already an evaluator."), field="email")
        evaluator.is_active = True
        evaluator.save(update_fields=["is_active", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.programme.evaluator.added",
        target=evaluator,
        data={"email": email},
    )
    return evaluator


@transaction.atomic
def evaluator_deactivate(*, actor: Actor, evaluator: Evaluator) -> Evaluator:
    evaluator.is_active = False
    evaluator.save(update_fields=["is_active", "updated_at"])
    log_action(actor=actor, action="klynge.programme.evaluator.deactivated", target=evaluator)
    return evaluator


@transaction.atomic
def assignment_create(
    *, actor: Actor, application: Application, evaluator: Any, due_on: datetime.date | None = None
) -> ReviewAssignment:
    """Assign an evaluator; the review is due `due_on` (default: KLYNGE_REVIEW_DAYS from today)."""
    if application.status not in (AP.SUBMITTED, AP.IN_REVIEW):
        raise ConflictError(_("Assign evaluators to submitted applications."), field="evaluator")
    if not Evaluator.objects.filter(user=evaluator, is_active=True).exists():
        raise DomainError(_("This person is not an active evaluator."), field="evaluator")
    flag = conflict_flag(evaluator=evaluator, project=application.project)
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                application=application,
                evaluator=evaluator,
                flagged_conflict=flag,
                due_on=due_on
                or timezone.localdate() + datetime.timedelta(days=settings.KLYNGE_REVIEW_DAYS),
                assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError as exc:
        raise ConflictError(_("This evaluator is already assigned."), field="evaluator") from exc
    log_action(
        actor=actor,
        action="klynge.programme.assignment.created",
        target=assignment,
        data={"evaluator": evaluator.email, "flagged": flag},
    )
    transaction.on_commit(partial(notices.send_review_assigned, assignment.pk))
    return assignment


@transaction.atomic
def assignment_remove(*, actor: Actor, assignment: ReviewAssignment) -> None:
    if assignment.is_submitted:
        raise ConflictError(_("A submitted review stays on record."), code="submitted")
    log_action(
        actor=actor,
        action="klynge.programme.assignment.removed",
        target=assignment,
        data={"evaluator": assignment.evaluator.email},
    )
    assignment.delete()


@transaction.atomic
def conflict_declare(
    *, actor: Actor, assignment: ReviewAssignment, has_conflict: bool, note: str = ""
) -> ReviewAssignment:
    """The evaluator declares a conflict (and is recused) or none (and may review)."""
    locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    require(can_act_on_assignment, actor, locked)
    if locked.is_submitted:
        raise ConflictError(_("The review is already submitted."), code="submitted")
    note = (note or "").strip()
    if has_conflict and not note:
        raise DomainError(_("Describe the conflict of interest."), field="note")
    if not has_conflict and locked.flagged_conflict and not note:
        raise DomainError(
            _(
                "Klynge found that %(orgs)s is a partner in this project. Explain why this is not a "
                "conflict of interest."
            )
            % {"orgs": locked.flagged_conflict},
            field="note",
        )
    locked.conflict = RA.Conflict.DECLARED if has_conflict else RA.Conflict.NONE
    locked.status = RA.Status.RECUSED if has_conflict else RA.Status.ASSIGNED
    locked.conflict_note, locked.conflict_declared_at = note, timezone.now()
    locked.save()
    log_action(
        actor=actor,
        action="klynge.programme.conflict.declared",
        target=locked,
        data={"conflict": has_conflict, "flagged": locked.flagged_conflict},
    )
    return locked


def _score(value: Any, max_points: Decimal, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except InvalidOperation as exc:
        raise DomainError(_("Enter a number."), field=field) from exc
    if not Decimal(0) <= score <= max_points:
        raise DomainError(
            _("Enter between 0 and %(max)s points.") % {"max": max_points}, field=field
        )
    return score


@transaction.atomic
def review_save(
    *,
    actor: Actor,
    assignment: ReviewAssignment,
    scores: dict[int, dict[str, Any]],
    recommendation: str = "",
    comment: str = "",
    submit: bool = False,
) -> ReviewAssignment:
    """Save scores per criterion id ({"score", "comment"}); `submit` makes the review final."""
    locked = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__call")
        .get(pk=assignment.pk)
    )
    require(can_act_on_assignment, actor, locked)
    if locked.conflict != RA.Conflict.NONE or locked.status != RA.Status.ASSIGNED:
        raise ConflictError(
            _("Declare that you have no conflict of interest first."),
            code="conflict_pending",
            field="conflict",
        )
    if locked.application.status != AP.IN_REVIEW:
        raise ConflictError(_("The application is not in review."), code="wrong_status")
    criteria = {c.pk: c for c in criteria_for(locked.application)}
    existing = {s.criterion_id: s for s in locked.scores.all()}
    for criterion_id, values in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise DomainError(_("Unknown criterion."), field="scores")
        score = _score(values.get("score"), criterion.max_points, f"score_{criterion_id}")
        text = (values.get("comment") or "").strip()
        row = existing.get(criterion_id)
        if score is None:
            if row is not None:
                row.delete()
                existing.pop(criterion_id)
            continue
        if row is None:
            existing[criterion_id] = ReviewScore.objects.create(
                assignment=locked, criterion=criterion, score=score, comment=text
            )
        elif (row.score, row.comment) != (score, text):
            row.score, row.comment = score, text
            row.save()
    if recommendation and recommendation not in RA.Recommendation.values:
        raise DomainError(_("Unknown recommendation."), field="recommendation")
    locked.recommendation, locked.comment = recommendation, (comment or "").strip()
    if submit:
        missing = [c.code for pk, c in criteria.items() if pk not in existing]
        if missing:
            raise DomainError(
                _("Score every criterion before you submit (missing: %(codes)s).")
                % {"codes": ", ".join(missing)},
                field="scores",
            )
        if not locked.recommendation:
            raise DomainError(_("Give your recommendation."), field="recommendation")
        locked.status, locked.submitted_at = RA.Status.SUBMITTED, timezone.now()
    locked.save()
    log_action(
        actor=actor,
        action="klynge.programme.review.submitted" if submit else "klynge.programme.review.saved",
        target=locked,
        data={"scores": len(existing), "recommendation": locked.recommendation},
    )
    return locked
