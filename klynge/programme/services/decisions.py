"""Funding decisions: approve with amount and conditions, or reject with reasons.

Approving moves the project to approved through the projects workflow and records the grant as a
public funding source of the project; rejecting moves it to rejected when nothing else is pending.
The applicant cluster's managers and the submitter are told by mail after the commit.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.audit import log_action
from klynge.core.errors import DomainError
from klynge.projects.models import FundingSource, Project
from klynge.projects.services import funding_source_add, project_transition

from .. import notices
from ..models import Application
from ..models.applications import OPEN_STATUSES
from ..workflow import APPLICATION_WORKFLOW
from .applications import _lock, funding_source_name
from .follow_up import follow_up_plan_create

AP = Application.Status


@transaction.atomic
def application_decide(
    *,
    actor: Any,
    application: Application,
    approve: bool,
    granted_amount: int | None = None,
    conditions: str = "",
    reasons: str = "",
) -> Application:
    app = _lock(application)
    action = "approve" if approve else "reject"
    APPLICATION_WORKFLOW.check(actor, app, action)
    conditions, reasons = (conditions or "").strip(), (reasons or "").strip()
    if approve:
        if not granted_amount or granted_amount <= 0:
            raise DomainError(_("Enter the amount granted."), field="granted_amount")
        if granted_amount > app.amount_requested:
            raise DomainError(
                _("The grant cannot exceed the amount applied for."), field="granted_amount"
            )
        if app.call.max_grant is not None and granted_amount > app.call.max_grant:
            raise DomainError(
                _("The call grants at most NOK %(max)s.") % {"max": app.call.max_grant},
                field="granted_amount",
            )
    elif not reasons:
        raise DomainError(_("Give the reasons for the rejection."), field="reasons")
    change = APPLICATION_WORKFLOW.apply(actor, app, action)
    app.granted_amount = granted_amount if approve else None
    app.conditions, app.reasons = conditions, reasons
    app.decided_at, app.decided_by = (
        timezone.now(),
        actor if getattr(actor, "is_authenticated", False) else None,
    )
    app.save()
    project = Project.objects.get(pk=app.project_id)
    if approve:
        project_transition(
            actor=actor,
            project=project,
            action="approve",
            note=_("Granted NOK %(amount)s in %(call)s")
            % {"amount": granted_amount, "call": app.call.title},
        )
        assert granted_amount is not None  # checked above for every approval
        name = funding_source_name(app.call)
        source = project.funding_sources.filter(name=name).first()
        if source is None:
            funding_source_add(
                actor=actor,
                project=project,
                name=name,
                kind=FundingSource.Kind.PUBLIC,
                amount=granted_amount,
            )
        elif source.amount != granted_amount:
            source.amount = granted_amount
            source.save(update_fields=["amount"])
        follow_up_plan_create(actor=actor, application=app)
    else:
        pending = Application.objects.filter(project=project, status__in=OPEN_STATUSES).exclude(
            pk=app.pk
        )
        if project.status == Project.Status.APPLIED and not pending.exists():
            project_transition(actor=actor, project=project, action="reject", note=reasons[:500])
    log_action(
        actor=actor,
        action="klynge.programme.application.decided",
        target=app,
        data={
            "from": change.source,
            "to": change.target,
            "granted": app.granted_amount,
            "conditions": conditions[:500],
            "reasons": reasons[:500],
        },
    )
    transaction.on_commit(partial(notices.send_decision, app.pk))
    application.status = app.status
    return app
