"""Reads for assessments: lists by visibility, one assessment with its items, score summaries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles

from ..models import Assessment, AssessmentItem, Framework
from ..permissions import is_officer
from ..scoring import CriterionScore, ScoreSummary, summarise


def framework_list(*, use: str = "") -> QuerySet[Framework]:
    frameworks = Framework.objects.filter(is_active=True).select_related("grants_level")
    if use:
        frameworks = frameworks.filter(use__in=[use, Framework.Use.BOTH])
    return frameworks.order_by("name_en")


def assessment_list_visible(
    *, user: Viewer, cluster: Any = None, status: str = "", framework: str = ""
) -> QuerySet[Assessment]:
    """Officers see all; cluster teams their clusters'; assessors the ones they assess."""
    assessments = Assessment.objects.select_related("cluster", "framework", "granted_level")
    if not is_officer(user):
        team = list(cluster_roles(user))
        assessments = assessments.filter(Q(cluster_id__in=team) | Q(assessors=user)).distinct()
    if cluster is not None:
        assessments = assessments.filter(cluster=cluster)
    if status:
        assessments = assessments.filter(status=status)
    if framework:
        assessments = assessments.filter(framework__code=framework)
    return assessments.order_by("-as_of", "cluster__name", "pk")


def assessment_get(*, pk: int) -> Assessment:
    items = AssessmentItem.objects.select_related("criterion", "scored_by").order_by(
        "criterion__position", "criterion__code"
    )
    return (
        Assessment.objects.select_related(
            "cluster",
            "framework",
            "framework__grants_level",
            "granted_level",
            "label",
            "decided_by",
        )
        .prefetch_related(Prefetch("items", queryset=items), "assessors")
        .get(pk=pk)
    )


def assessment_summary(*, assessment: Assessment) -> ScoreSummary:
    items = assessment.items.all()
    if "items" not in getattr(assessment, "_prefetched_objects_cache", {}):
        items = items.select_related("criterion")
    scores = [
        CriterionScore(
            code=item.criterion.code,
            max_points=item.criterion.max_points,
            threshold=item.criterion.threshold,
            required=item.criterion.required,
            points=item.points,
        )
        for item in items
    ]
    return summarise(scores, pass_percent=assessment.framework.pass_percent)


def self_summary(*, assessment: Assessment) -> ScoreSummary:
    """The cluster's own view: its self-scores, with computed points where it gave none."""
    scores = [
        CriterionScore(
            code=item.criterion.code,
            max_points=item.criterion.max_points,
            threshold=item.criterion.threshold,
            required=item.criterion.required,
            points=item.self_score if item.self_score is not None else item.computed_points,
        )
        for item in assessment.items.all()
    ]
    return summarise(scores, pass_percent=assessment.framework.pass_percent)
