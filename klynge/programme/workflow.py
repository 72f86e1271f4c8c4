"""Workflows of the programme declared as data (run by `klynge.core.workflow`).

Assessment: draft -> self-assessment by the cluster -> in review -> decided (the officer may skip the
self-assessment or send it back). Applications and annual reports add their tables below.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klynge.core.workflow import Transition, Workflow

from .models import Assessment
from .permissions import can_manage_assessment, can_self_assess

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
        Transition(A.DRAFT, "open_self_assessment", A.SELF_ASSESSMENT, can_manage_assessment,
                   _("Open for self-assessment")),
        Transition(A.DRAFT, "start_review", A.IN_REVIEW, can_manage_assessment,
                   _("Start review"), style="secondary"),
        Transition(A.SELF_ASSESSMENT, "submit_self_assessment", A.IN_REVIEW, can_self_assess,
                   _("Submit self-assessment")),
        Transition(A.SELF_ASSESSMENT, "start_review", A.IN_REVIEW, can_manage_assessment,
                   _("Start review without waiting"), style="secondary"),
        Transition(A.IN_REVIEW, "return_to_cluster", A.SELF_ASSESSMENT, can_manage_assessment,
                   _("Return to the cluster"), style="secondary"),
        Transition(A.IN_REVIEW, "decide", A.DECIDED, can_manage_assessment, _("Decide"),
                   guard=all_criteria_scored),
    ],
)  # fmt: skip
