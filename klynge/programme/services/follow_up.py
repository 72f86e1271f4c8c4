"""Follow-up of funded projects: the reporting plan, what the cluster writes, and the review.

An approved application gets its plan in the same transaction as the decision: a progress report
every `call.progress_report_months` from the project's start while it runs, and a final report
`call.final_report_days` after its end. The cluster writes outcomes against the project's
objectives, spending against the budget and the partners' contributions; the officer accepts or
asks for changes through `FOLLOW_UP_WORKFLOW`. Outcomes listed in an accepted report are recorded
as the project's outcomes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.dates import add_months
from klynge.core.errors import ConflictError, DomainError
from klynge.core.workflow import StateChange
from klynge.projects.models import Outcome
from klynge.projects.services.outcomes import outcome_record

from ..models import Application, FollowUpReport
from ..workflow import FOLLOW_UP_WORKFLOW

F = FollowUpReport.Status
TEXT_FIELDS = ("outcomes_text", "spending_text", "contributions_text")
MAX_OUTCOMES = 10


def _user(actor: Actor) -> Actor | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def plan_dates(
    *, start: datetime.date, end: datetime.date, every_months: int, final_days: int
) -> list[tuple[str, int, datetime.date]]:
    """(kind, number, due date) of the reports of a project running from start to end."""
    plan: list[tuple[str, int, datetime.date]] = []
    number = 1
    due = add_months(start, every_months)
    while due < end:
        plan.append((FollowUpReport.Kind.PROGRESS, number, due))
        number += 1
        due = add_months(start, every_months * number)
    plan.append((FollowUpReport.Kind.FINAL, 1, end + datetime.timedelta(days=final_days)))
    return plan


def follow_up_plan_create(*, actor: Actor, application: Application) -> list[FollowUpReport]:
    """The reporting plan of an approved application (idempotent: an existing plan is kept)."""
    existing = list(application.follow_up_reports.all())
    if existing:
        return existing
    project, call = application.project, application.call
    decided = timezone.localdate(application.decided_at) if application.decided_at else None
    start = project.start_date or decided or timezone.localdate()
    end = project.end_date if project.end_date and project.end_date > start else None
    end = end or add_months(start, 12)
    budget = project.total_eligible_cost or application.granted_amount or 0
    reports = [
        FollowUpReport(application=application, kind=kind, number=number, due_on=due, budget=budget)
        for kind, number, due in plan_dates(
            start=start,
            end=end,
            every_months=call.progress_report_months,
            final_days=call.final_report_days,
        )
    ]
    FollowUpReport.objects.bulk_create(reports)
    log_action(
        actor=actor,
        action="klynge.programme.follow_up.planned",
        target=application,
        data={"due": [r.due_on for r in reports]},
    )
    return reports


def _clean_outcomes(rows: Any) -> list[dict[str, Any]]:
    if rows is None:
        return []
    if not isinstance(rows, list) or len(rows) > MAX_OUTCOMES:
        raise DomainError(_("List at most %(n)s outcomes.") % {"n": MAX_OUTCOMES}, field="outcomes")
    cleaned = []
    for row in rows:
        if not isinstance(row, dict):
            raise DomainError(_("Each outcome needs a kind and a description."), field="outcomes")
        kind, text = str(row.get("kind") or ""), str(row.get("description") or "").strip()
        if not kind and not text:
            continue
        if kind not in Outcome.Kind.values or not text:
            raise DomainError(_("Each outcome needs a kind and a description."), field="outcomes")
        quantity = row.get("quantity")
        if quantity in ("", None):
            quantity = None
        elif (
            not isinstance(quantity, int) or isinstance(quantity, bool) or not 0 <= quantity < 10**9
        ):
            raise DomainError(_("A quantity is a whole number from 0."), field="outcomes")
        cleaned.append({"kind": kind, "description": text[:1000], "quantity": quantity})
    return cleaned


def _lock(report: FollowUpReport) -> FollowUpReport:
    return (
        FollowUpReport.objects.select_for_update()
        .select_related("application__project", "application__cluster")
        .get(pk=report.pk)
    )


@transaction.atomic
def follow_up_update(*, actor: Actor, report: FollowUpReport, **values: Any) -> FollowUpReport:
    """Write the report: texts, money spent so far and the outcomes to record."""
    unknown = set(values) - {*TEXT_FIELDS, "spent", "outcomes"}
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = _lock(report)
    if not locked.is_editable:
        raise ConflictError(_("A submitted report can no longer be changed."), code="submitted")
    changed = []
    for name in TEXT_FIELDS:
        if name in values and values[name] is not None:
            text = str(values[name]).strip()
            if getattr(locked, name) != text:
                setattr(locked, name, text)
                changed.append(name)
    if values.get("spent") is not None:
        spent = values["spent"]
        if not isinstance(spent, int) or isinstance(spent, bool) or not 0 <= spent < 10**13:
            raise DomainError(_("Enter the amount spent in whole kroner."), field="spent")
        if spent != locked.spent:
            locked.spent = spent
            changed.append("spent")
    if "outcomes" in values and values["outcomes"] is not None:
        outcomes = _clean_outcomes(values["outcomes"])
        if outcomes != locked.outcomes:
            locked.outcomes = outcomes
            changed.append("outcomes")
    if changed:
        locked.save()
        log_action(
            actor=actor,
            action="klynge.programme.follow_up.updated",
            target=locked,
            data={"changed": changed},
        )
    return locked


@transaction.atomic
def follow_up_transition(
    *, actor: Actor, report: FollowUpReport, action: str, comment: str = ""
) -> StateChange:
    """Submit, accept (the listed outcomes become the project's outcomes) or ask for changes."""
    locked = _lock(report)
    comment = (comment or "").strip()
    if action == "request_changes" and not comment:
        raise DomainError(_("Say what the cluster should change."), field="comment")
    change = FOLLOW_UP_WORKFLOW.apply(actor, locked, action)
    now = timezone.now()
    if action == "submit":
        locked.submitted_at, locked.submitted_by = now, _user(actor)
    else:
        locked.reviewed_at, locked.reviewed_by, locked.review_comment = now, _user(actor), comment
    locked.save()
    if action == "accept":
        day = (
            timezone.localdate(locked.submitted_at) if locked.submitted_at else timezone.localdate()
        )
        for row in locked.outcomes:
            outcome_record(
                actor=actor,
                project=locked.application.project,
                kind=row["kind"],
                date=day,
                description=row["description"],
                quantity=row.get("quantity"),
            )
    log_action(
        actor=actor,
        action="klynge.programme.follow_up.transitioned",
        target=locked,
        data={"from": change.source, "to": change.target, "comment": comment[:500]},
    )
    report.status = locked.status
    return change
