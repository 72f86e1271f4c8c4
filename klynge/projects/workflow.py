"""The project status workflow, declared as data and run by `klynge.core.workflow`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klynge.core.workflow import Transition, Workflow

from .models import Project, ProjectPartner
from .permissions import can_edit_project, can_record_project_decision, can_reopen_project

S = Project.Status


def needs_confirmed_partner(project: Any) -> str | None:
    confirmed = ProjectPartner.Status.CONFIRMED
    if "partners" in getattr(project, "_prefetched_objects_cache", {}):  # the page read them
        if any(partner.status == confirmed for partner in project.partners.all()):
            return None
    elif project.partners.filter(status=confirmed).exists():
        return None
    return gettext("Confirm at least one partner before applying.")


def _cancel(source: str) -> Transition:
    return Transition(source, "cancel", S.CANCELLED, can_edit_project, _("Cancel"), style="danger")


PROJECT_WORKFLOW = Workflow(
    entity=_("project"),
    states=S.choices,
    transitions=[
        Transition(S.IDEA, "form_consortium", S.FORMING, can_edit_project, _("Form consortium")),
        Transition(S.IDEA, "plan", S.PLANNED, can_edit_project, _("Mark as planned")),
        Transition(S.FORMING, "plan", S.PLANNED, can_edit_project, _("Mark as planned")),
        Transition(S.FORMING, "start", S.RUNNING, can_edit_project, _("Start")),
        Transition(
            S.PLANNED,
            "apply",
            S.APPLIED,
            can_edit_project,
            _("Apply for funding"),
            guard=needs_confirmed_partner,
        ),
        Transition(S.PLANNED, "start", S.RUNNING, can_edit_project, _("Start")),
        Transition(S.APPLIED, "approve", S.APPROVED, can_record_project_decision, _("Approve")),
        Transition(
            S.APPLIED,
            "reject",
            S.REJECTED,
            can_record_project_decision,
            _("Reject"),
            style="danger",
        ),
        Transition(
            S.APPLIED,
            "withdraw",
            S.PLANNED,
            can_edit_project,
            _("Withdraw application"),
            style="secondary",
        ),
        Transition(S.APPROVED, "start", S.RUNNING, can_edit_project, _("Start")),
        Transition(S.RUNNING, "complete", S.COMPLETED, can_edit_project, _("Complete")),
        Transition(
            S.REJECTED,
            "revise",
            S.PLANNED,
            can_edit_project,
            _("Revise and plan again"),
            style="secondary",
        ),
        Transition(
            S.COMPLETED, "reopen", S.RUNNING, can_reopen_project, _("Reopen"), style="secondary"
        ),
        Transition(
            S.CANCELLED, "reopen", S.PLANNED, can_reopen_project, _("Reopen"), style="secondary"
        ),
        *(_cancel(s) for s in (S.IDEA, S.FORMING, S.PLANNED, S.APPLIED, S.APPROVED, S.RUNNING)),
    ],
)
