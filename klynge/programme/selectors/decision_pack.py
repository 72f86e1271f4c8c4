"""The decision pack for the funding board: per application the recommendation, budget, scores."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from klynge.projects.budget import BudgetSummary, project_budget
from klynge.projects.models import ProjectPartner

from ..models import Application, Call, ReviewAssignment, ReviewScore
from .reviews import ReviewSummary, review_summary

IN_PACK = ("sketch_submitted", "invited", "submitted", "in_review", "approved", "rejected")


@dataclass(frozen=True)
class PackEntry:
    application: Application
    budget: BudgetSummary
    summary: ReviewSummary
    reviews: tuple[ReviewAssignment, ...]
    recommendation: str
    recommend_funding: bool | None


def recommendation_for(summary: ReviewSummary, pass_percent: Decimal) -> tuple[str, bool | None]:
    """The pack's recommendation from the reviews: the majority and the average against the pass mark."""
    if not summary.submitted:
        return _("No reviews submitted yet."), None
    recs = summary.recommendations
    positive = recs.get("fund", 0) + recs.get("fund_with_conditions", 0)
    negative = recs.get("do_not_fund", 0)
    percent = summary.average_percent
    above = percent is None or percent >= pass_percent
    if positive > negative and above:
        conditional = recs.get("fund_with_conditions", 0) >= recs.get("fund", 0)
        text = _("Recommend funding with conditions.") if conditional else _("Recommend funding.")
        return text, True
    if negative > positive or not above:
        return _("Recommend rejection."), False
    return _("Evaluators are split: the board decides."), None


def decision_pack(*, call: Call) -> list[PackEntry]:
    """Every application of the call that reached the evaluation, best average first."""
    partners = ProjectPartner.objects.select_related("organisation").order_by(
        "role", "organisation__name"
    )
    scores = ReviewScore.objects.select_related("criterion")
    assignments = ReviewAssignment.objects.select_related("evaluator").prefetch_related(
        Prefetch("scores", queryset=scores)
    )
    applications = (
        Application.objects.filter(call=call, status__in=IN_PACK)
        .select_related("cluster", "project", "call", "call__framework")
        .prefetch_related(
            Prefetch("project__partners", queryset=partners),
            "project__funding_sources",
            Prefetch("assignments", queryset=assignments),
        )
        .order_by("cluster__name", "pk")
    )
    pass_percent = call.framework.pass_percent if call.framework else Decimal(0)
    criteria = list(call.framework.criteria.order_by("position", "code")) if call.framework else []
    entries: list[PackEntry] = []
    for application in applications:
        rows: list[Any] = list(application.assignments.all())
        summary = review_summary(application=application, assignments=rows, criteria=criteria)
        text, verdict = recommendation_for(summary, pass_percent)
        entries.append(
            PackEntry(
                application=application,
                budget=project_budget(application.project),
                summary=summary,
                reviews=tuple(a for a in rows if a.is_submitted),
                recommendation=text,
                recommend_funding=verdict,
            )
        )
    entries.sort(key=lambda e: -(e.summary.total.average or Decimal(-1)))
    return entries
