"""Reads for reviews: conflict flags, an evaluator's assignments, and the review summary."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from klynge.accounts.typing import Actor, Viewer
from klynge.members.models import Person
from klynge.projects.models import ProjectPartner

from ..models import Application, Criterion, Evaluator, ReviewAssignment, ReviewScore
from ..scoring import Spread, spread


def evaluator_list(*, active_only: bool = False) -> QuerySet[Evaluator]:
    evaluators = Evaluator.objects.select_related("user")
    if active_only:
        evaluators = evaluators.filter(is_active=True, user__is_active=True)
    return evaluators.order_by("user__full_name", "user__email")


def conflict_flag(*, evaluator: Any, project: Any) -> str:
    """The organisations of the evaluator (as a Person) that are partners in the project."""
    org_ids = Person.objects.filter(user_id=evaluator.pk, anonymised_at__isnull=True).values(
        "organisation_id"
    )
    names = ProjectPartner.objects.filter(project=project, organisation_id__in=org_ids).values_list(
        "organisation__name", flat=True
    )
    return ", ".join(sorted(names))


def assignment_list_for_evaluator(*, user: Actor) -> QuerySet[ReviewAssignment]:
    return (
        ReviewAssignment.objects.filter(evaluator=user)
        .select_related(
            "application", "application__call", "application__project", "application__cluster"
        )
        .order_by("status", "-application__submitted_at", "pk")
    )


def assignment_get_for_evaluator(*, user: Viewer, pk: int) -> ReviewAssignment:
    """One of the evaluator's own assignments (another's does not exist for them), with what the
    review page and its predicates need. Raises ReviewAssignment.DoesNotExist."""
    return ReviewAssignment.objects.select_related(
        "application", "application__call", "application__project", "application__cluster"
    ).get(pk=pk, evaluator_id=getattr(user, "pk", None))


def assignment_list_for_application(*, application: Application) -> QuerySet[ReviewAssignment]:
    scores = ReviewScore.objects.select_related("criterion")
    return (
        application.assignments.select_related("evaluator")
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by("pk")
    )


def criteria_for(application: Application) -> list[Criterion]:
    framework = application.call.framework
    if framework is None:
        return []
    return list(framework.criteria.order_by("position", "code"))


@dataclass(frozen=True)
class ReviewSummary:
    criteria: tuple[Criterion, ...]
    spreads: tuple[Spread, ...]
    submitted: int
    assigned: int
    totals: tuple[Decimal, ...]
    total: Spread
    maximum: Decimal
    recommendations: dict[str, int]

    @property
    def average_percent(self) -> Decimal | None:
        if self.total.average is None or not self.maximum:
            return None
        return (self.total.average * 100 / self.maximum).quantize(Decimal("0.1"))


def review_summary(
    *, application: Application, assignments: Any = None, criteria: list[Criterion] | None = None
) -> ReviewSummary:
    """Per criterion: count, average, min, max, spread; totals per evaluator; recommendations.

    Only submitted reviews count; recused evaluators do not count as assigned.
    """
    criteria = criteria if criteria is not None else criteria_for(application)
    rows = list(
        assignments
        if assignments is not None
        else assignment_list_for_application(application=application)
    )
    active = [a for a in rows if a.status != ReviewAssignment.Status.RECUSED]
    done = [a for a in active if a.is_submitted]
    per_criterion: dict[int, list[Decimal]] = {c.pk: [] for c in criteria}
    totals = []
    recommendations: dict[str, int] = {}
    for assignment in done:
        total = Decimal(0)
        for score in assignment.scores.all():
            per_criterion.setdefault(score.criterion_id, []).append(score.score)
            total += score.score
        totals.append(total)
        if assignment.recommendation:
            recommendations[assignment.recommendation] = (
                recommendations.get(assignment.recommendation, 0) + 1
            )
    return ReviewSummary(
        criteria=tuple(criteria),
        spreads=tuple(spread(c.code, per_criterion[c.pk]) for c in criteria),
        submitted=len(done),
        assigned=len(active),
        totals=tuple(totals),
        total=spread("total", totals),
        maximum=sum((c.max_points for c in criteria), Decimal(0)),
        recommendations=recommendations,
    )
