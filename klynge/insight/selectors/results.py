"""Aggregated results of a survey: per question, per group (breakdowns), per wave (trend).

Privacy rules, applied here so every page, export, PDF and API answer follows them:

* An anonymous survey shows results only once at least `KLYNGE_SURVEY_MIN_GROUP` (5) responses are
  in: below that, the few respondents could be recognised.
* A breakdown never shows a group with fewer responses than that. When the groups hidden add up to
  fewer than that too, the smallest shown group is hidden as well, so no hidden group can be worked
  out by subtracting the shown ones from the total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .. import stats
from ..models import Answer, Question, Response, Survey
from .responses import kind_label, size_label
from .surveys import survey_structure

DIMENSIONS = ("kind", "size", "county")
DIMENSION_COLUMNS = {"kind": "org_kind", "size": "size_class", "county": "county"}


def min_group() -> int:
    return int(settings.KLYNGE_SURVEY_MIN_GROUP)


@dataclass
class StatementResult:
    key: str
    label: str
    summary: stats.NumericSummary


@dataclass
class QuestionResult:
    question: Question
    n: int = 0
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (key, label, count)
    summary: stats.NumericSummary | None = None
    nps: stats.Nps | None = None
    statements: list[StatementResult] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    text_count: int = 0

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def numbers(self) -> stats.NumericSummary:
        """The summary of a scale, NPS or number question (`summarise` sets it for those kinds)."""
        assert self.summary is not None, f"a {self.kind} question has no numeric summary"
        return self.summary

    @property
    def nps_score(self) -> int | None:
        return self.nps.score if self.nps else None

    @property
    def shares(self) -> list[tuple[str, str, int, int]]:
        """(key, label, count, % of those who answered) for choice questions."""
        return [
            (k, label, c, round(100 * c / self.n) if self.n else 0) for k, label, c in self.counts
        ]


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    shown: bool
    questions: list[QuestionResult]

    @property
    def hidden_reason(self) -> str:
        return (
            ""
            if self.shown
            else _("Results of an anonymous survey show once %(n)s people have answered.")
            % {"n": min_group()}
        )


def submitted_count(*, survey: Survey) -> int:
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count()


def results_visible(*, survey: Survey, responses: int) -> bool:
    return not survey.anonymous or responses >= min_group()


def _answer_rows(survey: Survey, extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return list(
        Answer.objects.filter(response__survey=survey, response__status=Response.Status.SUBMITTED)
        .values("question_id", "response_id", "number", "text", "items", *extra)
        .order_by("response_id", "question_id")
    )


def summarise(question: Question, rows: list[dict[str, Any]], search: str = "") -> QuestionResult:
    """One question's result from its answer rows (dicts with number, text, items)."""
    result = QuestionResult(question=question)
    kind = question.kind
    if kind in ("single", "multiple"):
        answers = [r["text"] if kind == "single" else r["items"] for r in rows]
        n, counts = stats.choice_counts(answers, [o["key"] for o in question.options])
        result.n = n
        result.counts = [(k, question.option_label(k), c) for k, c in counts]
    elif kind in ("scale", "nps", "number"):
        numbers = [r["number"] for r in rows if r["number"] is not None]
        points = question.scale_points
        result.summary = stats.numeric_summary(numbers, points)
        result.n = result.summary.n
        if kind == "number":
            result.counts = [(label, label, c) for label, c in stats.histogram(numbers)]
        else:
            result.counts = [(p, p, c) for p, c in result.summary.distribution]
        if kind == "nps":
            result.nps = stats.nps(numbers)
    elif kind == "matrix":
        result.n = sum(1 for r in rows if r["items"])
        for key, label in question.localised_statements:
            values = [r["items"].get(key) for r in rows if isinstance(r["items"], dict)]
            summary = stats.numeric_summary([v for v in values if v is not None], [1, 2, 3, 4, 5])
            result.statements.append(StatementResult(key=key, label=label, summary=summary))
    else:
        texts = [r["text"] for r in rows if r["text"]]
        result.n = result.text_count = len(texts)
        needle = search.strip().casefold()
        result.texts = sorted(t for t in texts if not needle or needle in t.casefold())
    return result


def survey_results(*, survey: Survey, search: str = "") -> SurveyResults:
    """Every question's result (two queries for the structure, one for the answers)."""
    structure = survey_structure(survey=survey)
    responses = submitted_count(survey=survey)
    shown = results_visible(survey=survey, responses=responses)
    by_question: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if shown:
        for row in _answer_rows(survey):
            by_question[row["question_id"]].append(row)
    return SurveyResults(
        survey=survey,
        responses=responses,
        shown=shown,
        questions=[summarise(q, by_question[q.pk], search) for q in structure.questions]
        if shown
        else [],
    )


# --- breakdowns ---------------------------------------------------------------------------------


def group_label(dimension: str, key: str) -> str:
    if dimension == "kind":
        return kind_label(key)
    if dimension == "size":
        return size_label(key)
    return key or _("Unknown")


def suppress(sizes: dict[str, int], minimum: int) -> set[str]:
    """Groups to hide: under `minimum`, plus the smallest others while the hidden total is under it."""
    hidden = {g for g, n in sizes.items() if n < minimum}
    shown = sorted((n, g) for g, n in sizes.items() if g not in hidden)
    while hidden and 0 < sum(sizes[g] for g in hidden) < minimum and shown:
        hidden.add(shown.pop(0)[1])
    return hidden


@dataclass
class Breakdown:
    dimension: str
    groups: list[tuple[str, str, int]]  # (key, label, responses) of the groups shown
    hidden_groups: int
    hidden_responses: int
    by_question: dict[int, dict[str, QuestionResult]]  # question id -> group key -> result


def survey_breakdown(*, survey: Survey, dimension: str) -> Breakdown | None:
    """Results per group of respondents (kind, size class or county), small groups hidden."""
    if dimension not in DIMENSIONS:
        return None
    column = DIMENSION_COLUMNS[dimension]
    sizes = dict(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .values_list(column)
        .annotate(n=Count("pk"))
        .values_list(column, "n")
    )
    if not results_visible(survey=survey, responses=sum(sizes.values())):
        return None
    hidden = suppress(sizes, min_group())
    visible = sorted(
        (g for g in sizes if g not in hidden), key=lambda g: (-sizes[g], group_label(dimension, g))
    )
    rows: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    if visible:
        for row in _answer_rows(survey, (f"response__{column}",)):
            group = row[f"response__{column}"]
            if group in visible:
                rows[row["question_id"]][group].append(row)
    structure = survey_structure(survey=survey)
    return Breakdown(
        dimension=dimension,
        groups=[(g, group_label(dimension, g), sizes[g]) for g in visible],
        hidden_groups=len(hidden),
        hidden_responses=sum(sizes[g] for g in hidden),
        by_question={
            q.pk: {g: summarise(q, rows[q.pk][g]) for g in visible}
            for q in structure.questions
            if not q.is_text
        },
    )


# --- earlier waves ------------------------------------------------------------------------------


@dataclass
class WaveResult:
    survey: Survey
    responses: int
    shown: bool
    by_key: dict[str, QuestionResult]
    label: str = ""


def _wave_labels(waves: list[Survey]) -> list[str]:
    """A survey's year (when it opened or was sent) tells its waves apart; else its title."""
    labels = []
    for wave in waves:
        when = wave.opens_at or wave.sent_at or wave.created_at
        labels.append(f"{when:%Y}")
    if len(set(labels)) < len(labels):
        labels = [f"{label} · {wave.title}" for label, wave in zip(labels, waves, strict=True)]
    if len(set(labels)) < len(labels):
        labels = [f"{label} (#{wave.pk})" for label, wave in zip(labels, waves, strict=True)]
    return labels


def wave_results(*, waves: list[Survey]) -> list[WaveResult]:
    """Results of each wave by question key (earlier waves of an anonymous survey obey the minimum)."""
    counts = dict(
        Response.objects.filter(survey__in=waves)
        .values_list("survey_id")
        .annotate(n=Count("pk", filter=Q(status=Response.Status.SUBMITTED)))
        .values_list("survey_id", "n")
    )
    results = []
    for wave, label in zip(waves, _wave_labels(waves), strict=True):
        responses = counts.get(wave.pk, 0)
        shown = results_visible(survey=wave, responses=responses)
        by_key: dict[str, QuestionResult] = {}
        if shown:
            grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for row in _answer_rows(wave):
                grouped[row["question_id"]].append(row)
            for question in survey_structure(survey=wave).questions:
                if not question.is_text:
                    by_key[question.key] = summarise(question, grouped[question.pk])
        results.append(
            WaveResult(survey=wave, responses=responses, shown=shown, by_key=by_key, label=label)
        )
    return results


# --- response rows (exports) --------------------------------------------------------------------


def response_rows(*, survey: Survey) -> tuple[list[str], list[list[Any]]]:
    """Header and one row per submitted response. Anonymous surveys: answers only, no person,
    organisation or group columns (a group can single someone out), in an order unrelated to
    when people answered."""
    structure = survey_structure(survey=survey)
    responses = list(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .select_related("person", "organisation")
        .order_by("pk")
    )
    if not results_visible(survey=survey, responses=len(responses)):
        return [], []
    columns: list[tuple[Question, str | None]] = []
    for question in structure.questions:
        if question.kind == "matrix":
            columns += [(question, key) for key, _label in question.localised_statements]
        else:
            columns.append((question, None))
    header = [_("Response")]
    if not survey.anonymous:
        header += [
            _("Name"),
            _("Email"),
            _("Organisation"),
            _("Kind"),
            _("Size class"),
            _("County"),
        ]
        header.append(_("Submitted"))
    header += [f"{q.key}.{s}" if s else q.key for q, s in columns]
    answers: dict[tuple[int, int], dict[str, Any]] = {
        (row["response_id"], row["question_id"]): row for row in _answer_rows(survey)
    }
    rows = []
    if survey.anonymous:
        responses.sort(key=lambda r: _answer_digest(r.pk, answers, columns))
    for number, response in enumerate(responses, start=1):
        row: list[Any] = [number]
        if not survey.anonymous:
            person = response.person
            row += [
                person.full_name if person else "",
                person.email if person else "",
                response.organisation.name if response.organisation is not None else "",
                kind_label(response.org_kind) if response.org_kind else "",
                size_label(response.size_class) if response.size_class else "",
                response.county,
                response.submitted_on,
            ]
        for question, statement in columns:
            found = answers.get((response.pk, question.pk))
            row.append(_cell(question, statement, found))
        rows.append(row)
    return header, rows


def _answer_digest(response_id: int, answers: dict[Any, Any], columns: list[Any]) -> str:
    """Sort anonymous rows by their answers, not by when they were given."""
    return repr([str(_cell(q, s, answers.get((response_id, q.pk)))) for q, s in columns])


def _cell(question: Question, statement: str | None, row: dict[str, Any] | None) -> Any:
    if row is None:
        return ""
    if question.kind == "matrix":
        return (row["items"] or {}).get(statement, "")
    if question.kind == "multiple":
        return "; ".join(question.option_label(k) for k in row["items"] or [])
    if question.kind == "single":
        return question.option_label(row["text"])
    if question.kind in ("scale", "nps"):
        return int(row["number"]) if row["number"] is not None else ""
    if question.kind == "number":
        return row["number"]
    return row["text"]
