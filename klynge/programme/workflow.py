"""Workflows of the programme declared as data (run by `klynge.core.workflow`).

Assessment: draft -> self-assessment by the cluster -> in review -> decided (the officer may skip the
self-assessment or send it back).
Application: draft -> submitted -> in review -> approved/rejected; two-stage calls go draft -> sketch
submitted -> invited -> submitted; the cluster may withdraw until the decision.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klynge.core.workflow import Transition, Workflow

from .models import AnnualReport, Application, Assessment, FollowUpReport
from .permissions import (
    can_manage_application,
    can_manage_assessment,
    can_review_follow_up,
    can_review_report,
    can_self_assess,
    can_submit_application,
    can_submit_follow_up,
    can_submit_report,
)

A = Assessment.Status


def all_criteria_scored(assessment: Any) -> str | None:
    missing = [
        item.criterion.code
        for item in assessment.items.select_related("criterion")
        if item.points is None
    ]
    if not missing:
        return None
    return gettext("Score every criterion first (missing: %(codes)s).") % {
        "codes": ", ".join(missing)
    }


ASSESSMENT_WORKFLOW = Workflow(
    entity=_("assessment"),
    states=A.choices,
    transitions=[
        Transition(
            A.DRAFT,
            "open_self_assessment",
            A.SELF_ASSESSMENT,
            can_manage_assessment,
            _("Open for self-assessment"),
        ),
        Transition(
            A.DRAFT,
            "start_review",
            A.IN_REVIEW,
            can_manage_assessment,
            _("Start review"),
            style="secondary",
        ),
        Transition(
            A.SELF_ASSESSMENT,
            "submit_self_assessment",
            A.IN_REVIEW,
            can_self_assess,
            _("Submit self-assessment"),
        ),
        Transition(
            A.SELF_ASSESSMENT,
            "start_review",
            A.IN_REVIEW,
            can_manage_assessment,
            _("Start review without waiting"),
            style="secondary",
        ),
        Transition(
            A.IN_REVIEW,
            "return_to_cluster",
            A.SELF_ASSESSMENT,
            can_manage_assessment,
            _("Return to the cluster"),
            style="secondary",
        ),
        Transition(
            A.IN_REVIEW,
            "decide",
            A.DECIDED,
            can_manage_assessment,
            _("Decide"),
            guard=all_criteria_scored,
        ),
    ],
)


# --- applications -------------------------------------------------------------------------------

AP = Application.Status


def _call_open(application: Any) -> str | None:
    if not application.call.is_open():
        return gettext("The call is not open for submissions.")
    return None


def one_stage_and_open(application: Any) -> str | None:
    if application.call.two_stage:
        return gettext("This call has two stages: submit a sketch first.")
    return _call_open(application)


def two_stage_and_open(application: Any) -> str | None:
    if not application.call.two_stage:
        return gettext("This call has one stage: submit the full application.")
    return _call_open(application)


def full_deadline(application: Any) -> str | None:
    if not application.call.accepts_full_applications():
        return gettext("The deadline for full applications has passed.")
    return None


def _withdraw(source: str) -> Transition:
    return Transition(
        source, "withdraw", AP.WITHDRAWN, can_submit_application, _("Withdraw"), style="danger"
    )


APPLICATION_WORKFLOW = Workflow(
    entity=_("application"),
    states=AP.choices,
    transitions=[
        Transition(
            AP.DRAFT,
            "submit",
            AP.SUBMITTED,
            can_submit_application,
            _("Submit"),
            guard=one_stage_and_open,
        ),
        Transition(
            AP.DRAFT,
            "submit_sketch",
            AP.SKETCH_SUBMITTED,
            can_submit_application,
            _("Submit sketch"),
            guard=two_stage_and_open,
        ),
        Transition(
            AP.SKETCH_SUBMITTED,
            "invite",
            AP.INVITED,
            can_manage_application,
            _("Invite to full application"),
        ),
        Transition(
            AP.SKETCH_SUBMITTED,
            "reject",
            AP.REJECTED,
            can_manage_application,
            _("Reject"),
            style="danger",
        ),
        Transition(
            AP.INVITED,
            "submit",
            AP.SUBMITTED,
            can_submit_application,
            _("Submit full application"),
            guard=full_deadline,
        ),
        Transition(
            AP.SUBMITTED, "start_review", AP.IN_REVIEW, can_manage_application, _("Start review")
        ),
        Transition(
            AP.SUBMITTED, "reject", AP.REJECTED, can_manage_application, _("Reject"), style="danger"
        ),
        Transition(AP.IN_REVIEW, "approve", AP.APPROVED, can_manage_application, _("Approve")),
        Transition(
            AP.IN_REVIEW, "reject", AP.REJECTED, can_manage_application, _("Reject"), style="danger"
        ),
        *(
            _withdraw(s)
            for s in (AP.DRAFT, AP.SKETCH_SUBMITTED, AP.INVITED, AP.SUBMITTED, AP.IN_REVIEW)
        ),
    ],
)


# --- annual reports -----------------------------------------------------------------------------

R = AnnualReport.Status


def has_highlights(report: Any) -> str | None:
    if not report.highlights.strip():
        return gettext("Write the highlights of the year before you submit.")
    return None


REPORT_WORKFLOW = Workflow(
    entity=_("annual report"),
    states=R.choices,
    transitions=[
        Transition(
            R.DRAFT, "submit", R.SUBMITTED, can_submit_report, _("Submit"), guard=has_highlights
        ),
        Transition(
            R.RETURNED,
            "submit",
            R.SUBMITTED,
            can_submit_report,
            _("Submit again"),
            guard=has_highlights,
        ),
        Transition(R.SUBMITTED, "accept", R.ACCEPTED, can_review_report, _("Accept")),
        Transition(
            R.SUBMITTED,
            "return",
            R.RETURNED,
            can_review_report,
            _("Return for changes"),
            style="secondary",
        ),
    ],
)


# --- follow-up reports of funded projects ---------------------------------------------------------

F = FollowUpReport.Status


def has_outcomes_text(report: Any) -> str | None:
    if not report.outcomes_text.strip():
        return gettext("Describe the outcomes against the project's objectives before you submit.")
    return None


FOLLOW_UP_WORKFLOW = Workflow(
    entity=_("follow-up report"),
    states=F.choices,
    transitions=[
        Transition(
            F.DUE, "submit", F.SUBMITTED, can_submit_follow_up, _("Submit"), guard=has_outcomes_text
        ),
        Transition(
            F.CHANGES,
            "submit",
            F.SUBMITTED,
            can_submit_follow_up,
            _("Submit again"),
            guard=has_outcomes_text,
        ),
        Transition(F.SUBMITTED, "accept", F.ACCEPTED, can_review_follow_up, _("Accept")),
        Transition(
            F.SUBMITTED,
            "request_changes",
            F.CHANGES,
            can_review_follow_up,
            _("Ask for changes"),
            style="secondary",
        ),
    ],
)
