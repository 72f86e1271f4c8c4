"""Applications: draft, attachments, submission under the cluster's quota, withdrawal, steps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster
from klynge.core import capacity
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.files import delete_file_on_commit
from klynge.core.workflow import StateChange
from klynge.projects.models import Project
from klynge.projects.services import project_transition

from ..models import Application, ApplicationAttachment, Call
from ..models.applications import OPEN_STATUSES, QUOTA_STATUSES
from ..selectors.calls import call_eligibility, quota_holders
from ..workflow import APPLICATION_WORKFLOW

AP = Application.Status
EDIT_FIELDS = ("amount_requested", "summary", "answers")
KIND_FOR_CALL: dict[str, str] = {
    Call.Kind.PRE_PROJECT: Project.Kind.PRE_PROJECT,
    Call.Kind.MAIN_PROJECT: Project.Kind.MAIN_PROJECT,
}
APPLYING_PROJECT_STATUSES = (Project.Status.PLANNED, Project.Status.APPLIED)


def _user(actor: Actor) -> Actor | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def funding_source_name(call: Call) -> str:
    owner = settings.KLYNGE_PROGRAMME_OWNER
    return f"{owner}: {call.title}"[:200]


def _check_amount(call: Call, amount: Any) -> None:
    if amount is None or amount < 0:
        raise DomainError(_("Enter an amount of 0 or more."), field="amount_requested")
    if call.max_grant is not None and amount > call.max_grant:
        raise DomainError(
            _("The call grants at most NOK %(max)s.")
            % {"max": f"{call.max_grant:,}".replace(",", " ")},
            field="amount_requested",
        )


def _check_project(call: Call, cluster: Cluster, project: Project) -> None:
    if project.lead_cluster_id != cluster.pk:
        raise DomainError(_("Choose a project your cluster leads."), field="project")
    wanted = KIND_FOR_CALL.get(call.kind)
    if wanted and project.kind != wanted:
        raise DomainError(
            _("This call is for projects of the kind ‘%(kind)s’.")
            % {"kind": Project.Kind(wanted).label},
            field="project",
        )
    if project.is_closed:
        raise DomainError(_("The project is closed."), field="project")


@transaction.atomic
def application_create(
    *,
    actor: Actor,
    call: Call,
    cluster: Cluster,
    project: Project,
    amount_requested: int = 0,
    summary: str = "",
    answers: dict[str, Any] | None = None,
) -> Application:
    if not call.is_published:
        raise DomainError(_("The call is not published."), field="call")
    if call.state == "closed":
        raise DomainError(_("The call has closed."), field="call")
    _check_project(call, cluster, project)
    _check_amount(call, amount_requested)
    live = Application.objects.filter(call=call, project=project).exclude(status=AP.WITHDRAWN)
    if live.exists():
        raise ConflictError(
            _("This project already has an application in the call."), field="project"
        )
    application = Application.objects.create(
        call=call,
        cluster=cluster,
        project=project,
        amount_requested=amount_requested,
        summary=summary.strip(),
        answers=answers or {},
        created_by=_user(actor),
    )
    log_action(
        actor=actor,
        action="klynge.programme.application.created",
        target=application,
        data={"call": call.pk, "project": project.pk, "amount": amount_requested},
    )
    return application


@transaction.atomic
def application_update(*, actor: Actor, application: Application, **fields: Any) -> Application:
    unknown = set(fields) - set(EDIT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if application.status not in (AP.DRAFT, AP.INVITED):
        raise ConflictError(
            _("A submitted application can no longer be changed."), code="submitted"
        )
    if "amount_requested" in fields:
        _check_amount(application.call, fields["amount_requested"])
    if "summary" in fields:
        fields["summary"] = (fields["summary"] or "").strip()
    changed = sorted(k for k, v in fields.items() if getattr(application, k) != v)
    for name in changed:
        setattr(application, name, fields[name])
    if changed:
        application.save()
        log_action(
            actor=actor,
            action="klynge.programme.application.updated",
            target=application,
            data={"changed": changed},
        )
    return application


@transaction.atomic
def attachment_add(
    *, actor: Actor, application: Application, title: str, file: Any
) -> ApplicationAttachment:
    if application.status not in (AP.DRAFT, AP.INVITED):
        raise ConflictError(
            _("A submitted application can no longer be changed."), code="submitted"
        )
    title = (title or "").strip() or file.name
    attachment = ApplicationAttachment(
        application=application, title=title[:200], uploaded_by=_user(actor)
    )
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    log_action(
        actor=actor,
        action="klynge.programme.attachment.added",
        target=application,
        data={"title": attachment.title},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: ApplicationAttachment) -> None:
    application = attachment.application
    if application.status not in (AP.DRAFT, AP.INVITED):
        raise ConflictError(
            _("A submitted application can no longer be changed."), code="submitted"
        )
    log_action(
        actor=actor,
        action="klynge.programme.attachment.removed",
        target=application,
        data={"title": attachment.title},
    )
    attachment.delete()
    delete_file_on_commit(attachment.file)


def _check_ready(application: Application) -> None:
    """Everything a submission needs, checked at the moment of submission."""
    call, project = application.call, application.project
    eligibility = call_eligibility(call=call, cluster=application.cluster_id)
    if not eligibility.eligible:
        raise DomainError(" ".join(eligibility.reasons), code="not_eligible", field="call")
    _check_amount(call, application.amount_requested)
    if not application.amount_requested:
        raise DomainError(_("Enter the amount you apply for."), field="amount_requested")
    if project.status not in APPLYING_PROJECT_STATUSES:
        raise DomainError(
            _("Plan the project (status ‘Planned’, with a confirmed partner) before you apply."),
            code="project_not_ready",
            field="project",
        )
    if not project.total_eligible_cost:
        raise DomainError(_("Enter the project's total eligible cost first."), field="project")
    other_public = sum(
        s.amount
        for s in project.funding_sources.all()
        if s.kind == "public" and s.name != funding_source_name(call)
    )
    share = Decimal(application.amount_requested + other_public) / Decimal(
        project.total_eligible_cost
    )
    if share > call.max_public_share:
        raise DomainError(
            _(
                "Public funding would be %(share).0f %% of eligible costs; the call allows %(max).0f %%."
            )
            % {"share": share * 100, "max": call.max_public_share * 100},
            code="public_share",
            field="amount_requested",
        )


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "project", "cluster")
        .get(pk=application.pk)
    )


def application_submit(*, actor: Actor, application: Application) -> StateChange:
    """Submit (or submit the sketch). The first submission takes a place in the cluster's quota.

    The quota is counted under a lock on the cluster's row (`klynge.core.capacity`): parallel
    submissions of one cluster queue there and each counts only after the previous one committed,
    so a quota of 2 is never exceeded. On SQLite the IMMEDIATE transaction serialises writers.
    """
    with transaction.atomic():
        app = _lock(application)
        action = "submit_sketch" if app.status == AP.DRAFT and app.call.two_stage else "submit"
        APPLICATION_WORKFLOW.check(actor, app, action)
        _check_ready(app)
        if app.status == AP.DRAFT and app.call.quota_per_cluster is not None:
            capacity.lock(app.cluster)
            pool = capacity.Pool(
                holders=quota_holders(call=app.call, cluster_id=app.cluster_id),
                held_statuses=QUOTA_STATUSES,
            )
            if capacity.free_places(pool, app.call.quota_per_cluster) == 0:
                raise ConflictError(
                    _(
                        "The cluster has used its quota of %(n)d applications for %(period)s. "
                        "Withdraw one to free a place."
                    )
                    % {"n": app.call.quota_per_cluster, "period": app.call.period},
                    code="quota_full",
                    field="call",
                )
        change = APPLICATION_WORKFLOW.apply(actor, app, action)
        now = timezone.now()
        if action == "submit_sketch":
            app.sketch_submitted_at = now
        else:
            app.submitted_at = now
        app.submitted_by = _user(actor)
        app.save()
        if app.project.status == Project.Status.PLANNED:
            project_transition(
                actor=actor,
                project=app.project,
                action="apply",
                note=_("Applied to %(call)s") % {"call": app.call.title},
            )
        log_action(
            actor=actor,
            action="klynge.programme.application.submitted",
            target=app,
            data={"from": change.source, "to": change.target, "call": app.call_id},
        )
    application.status = app.status
    return change


@transaction.atomic
def application_withdraw(
    *, actor: Actor, application: Application, reason: str = ""
) -> StateChange:
    """Withdraw; the place in the quota is free again and the project goes back to planned."""
    app = _lock(application)
    change = APPLICATION_WORKFLOW.apply(actor, app, "withdraw")
    app.withdrawn_at = timezone.now()
    app.save()
    others = Application.objects.filter(project=app.project, status__in=OPEN_STATUSES).exclude(
        pk=app.pk
    )
    if (
        change.source != AP.DRAFT
        and app.project.status == Project.Status.APPLIED
        and not others.exists()
    ):
        project_transition(actor=actor, project=app.project, action="withdraw", note=reason)
    log_action(
        actor=actor,
        action="klynge.programme.application.withdrawn",
        target=app,
        data={"from": change.source, "reason": reason.strip()[:500]},
    )
    application.status = app.status
    return change


@transaction.atomic
def application_transition(*, actor: Actor, application: Application, action: str) -> StateChange:
    """Officer steps without a decision: invite to full application, start the review."""
    if action not in ("invite", "start_review"):
        raise DomainError(_("Use the decision form to approve or reject."), field="action")
    app = _lock(application)
    change = APPLICATION_WORKFLOW.apply(actor, app, action)
    app.save()
    log_action(
        actor=actor,
        action="klynge.programme.application.transitioned",
        target=app,
        data={"from": change.source, "to": change.target, "action": action},
    )
    application.status = app.status
    return change
