"""Reads for surveys: a cluster's surveys with their counts, one survey's structure, its waves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..logic import Spec, spec_of
from ..models import Question, Section, Survey

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class SurveyCounts(TypedDict):
    """What `survey_list_for_cluster` annotates on each survey."""

    invited: int
    answered: int
    submitted: int


def survey_get(*, pk: int) -> Survey:
    return Survey.objects.select_related("cluster", "previous_wave").get(pk=pk)


def _count(queryset: QuerySet[Any]) -> Subquery:
    """A correlated COUNT per survey (no join of invitations with responses: that multiplies)."""
    return Subquery(
        queryset.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def survey_list_for_cluster(*, cluster: Any) -> QuerySet[WithAnnotations[Survey, SurveyCounts]]:
    """The cluster's surveys, newest first, with invited / answered / submitted counts."""
    from ..models import Invitation, Response

    return (
        Survey.objects.filter(cluster=cluster)
        .select_related("cluster")
        .annotate(
            invited=Coalesce(_count(Invitation.objects.all()), 0),
            answered=Coalesce(_count(Invitation.objects.filter(completed=True)), 0),
            submitted=Coalesce(_count(Response.objects.filter(status="submitted")), 0),
        )
        .order_by("-created_at", "-pk")
    )


def survey_list_open_for_cluster(
    *, cluster: Any, limit: int = 5
) -> list[WithAnnotations[Survey, SurveyCounts]]:
    """Surveys of the cluster open for answers now, with invited and answered counts."""
    from django.utils import timezone

    now = timezone.now()
    return list(
        survey_list_for_cluster(cluster=cluster)
        .filter(sent_at__isnull=False)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))[:limit]
    )


@dataclass
class Structure:
    """The pages in order, each with its questions; `questions` in survey order; their specs."""

    sections: list[Section]
    questions: list[Question]
    specs: list[Spec]

    def page(self, number: int) -> Section:
        return self.sections[max(0, min(number, len(self.sections) - 1))]

    def questions_on(self, section: Section) -> list[Question]:
        return [q for q in self.questions if q.section_id == section.pk]


def survey_structure(*, survey: Survey) -> Structure:
    """Pages and questions in two queries (conditions joined)."""
    questions_query = Question.objects.select_related("condition_question").order_by(
        "position", "pk"
    )
    sections = list(
        Section.objects.filter(survey=survey)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions_query))
    )
    questions = [q for s in sections for q in s.questions.all()]
    by_pk = {q.pk: q for q in questions}
    for number, question in enumerate(questions, start=1):
        question.number = number  # type: ignore[attr-defined]  # for this structure only
        wanted = question.condition_question_id
        source = by_pk.get(wanted) if wanted is not None else None
        if source is not None:
            question.condition_question = source  # numbered, with its options
            question.condition_answers = [  # type: ignore[attr-defined]  # for this structure only
                source.option_label(v) if source.options else v for v in question.condition_values
            ]
    return Structure(sections=sections, questions=questions, specs=[spec_of(q) for q in questions])


def questions_before(*, structure: Structure, question: Question | None, section: Any) -> list[Any]:
    """Questions a condition may point to: those before `question`, or, for a new question
    added at the end of `section`, every question on that page and the pages before it."""
    if question is not None:
        index = next(i for i, q in enumerate(structure.questions) if q.pk == question.pk)
        return structure.questions[:index]
    positions = {s.pk: s.position for s in structure.sections}
    return [q for q in structure.questions if positions[q.section_id] <= section.position]


def wave_list(*, survey: Survey, limit: int = 5) -> list[Survey]:
    """This survey and the waves before it (oldest first), following `previous_wave`."""
    waves = [survey]
    seen = {survey.pk}
    current = survey
    while current.previous_wave_id and len(waves) < limit:
        current = Survey.objects.select_related("cluster").get(pk=current.previous_wave_id)
        if current.pk in seen:
            break
        seen.add(current.pk)
        waves.append(current)
    return list(reversed(waves))
