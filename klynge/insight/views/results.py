"""Survey results: a chart with its numbers per question, free text (searchable), breakdowns by
kind, size class and county, earlier waves side by side, CSV/XLSX of the responses and a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.exports import csv_response, xlsx_response

from ..charts import question_chart, trend_chart
from ..permissions import can_export_responses, can_view_results
from ..selectors.results import (
    DIMENSIONS,
    Breakdown,
    QuestionResult,
    WaveResult,
    min_group,
    response_rows,
    survey_breakdown,
    survey_results,
    wave_results,
)
from ..selectors.surveys import wave_list
from .common import survey_or_404


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def breakdown_table(result: QuestionResult, breakdown: Breakdown) -> dict[str, Any] | None:
    """Headers and rows (one per group shown) for one question, or None for text questions."""
    per_group = breakdown.by_question.get(result.question.pk)
    if per_group is None:
        return None
    kind = result.question.kind
    if kind in ("single", "multiple"):
        columns = [label + " (%)" for _k, label, _c in result.counts]
    elif kind == "matrix":
        columns = [_("%(statement)s (mean)") % {"statement": s.label} for s in result.statements]
    elif kind == "nps":
        columns = [_("NPS"), _("Mean")]
    else:
        columns = [_("Mean"), _("Median")]
    rows = []
    for key, label, _responses in breakdown.groups:
        group = per_group[key]
        if kind in ("single", "multiple"):
            values = [f"{share}" for _k, _l, _c, share in group.shares]
        elif kind == "matrix":
            values = [_fmt(s.summary.mean) for s in group.statements]
        elif kind == "nps":
            values = [_fmt(group.nps_score), _fmt(group.numbers.mean)]
        else:
            values = [_fmt(group.numbers.mean), _fmt(group.numbers.median)]
        rows.append([label, group.n, *values])
    return {"headers": [_("Group"), _("n"), *columns], "rows": rows}


def trend_table(key: str, waves: list[WaveResult]) -> dict[str, Any] | None:
    shown = [w for w in waves if key in w.by_key]
    if len(shown) < 2:
        return None
    rows = []
    for wave in shown:
        result = wave.by_key[key]
        if result.nps is not None:
            value = _fmt(result.nps.score)
        elif result.summary is not None:
            value = _fmt(result.summary.mean)
        elif result.statements:
            value = ", ".join(f"{s.label} {_fmt(s.summary.mean)}" for s in result.statements)
        else:
            value = ", ".join(f"{label} {share} %" for _k, label, _c, share in result.shares)
        rows.append([wave.label, result.n, value])
    return {"headers": [_("Wave"), _("n"), _("Result")], "rows": rows}


def result_panels(
    survey: Any, *, search: str = "", dimension: str = "", with_trend: bool = True
) -> dict[str, Any]:
    """Everything the results page and the PDF show, charts included."""
    results = survey_results(survey=survey, search=search)
    breakdown = survey_breakdown(survey=survey, dimension=dimension) if dimension else None
    waves = wave_list(survey=survey) if with_trend and survey.previous_wave_id else []
    trend = wave_results(waves=waves) if len(waves) > 1 else []
    panels = []
    for index, result in enumerate(results.questions, start=1):
        key = result.question.key
        panels.append(
            {
                "number": index,
                "result": result,
                "svg": question_chart(result, chart_id=f"q-{survey.pk}-{index}"),
                "breakdown": breakdown_table(result, breakdown) if breakdown else None,
                "trend_svg": trend_chart(key, result.question.text, trend, f"t-{survey.pk}-{index}")
                if trend
                else "",
                "trend": trend_table(key, trend) if trend else None,
            }
        )
    return {
        "results": results,
        "panels": panels,
        "breakdown": breakdown,
        "dimension": dimension,
        "waves": trend,
        "min_group": min_group(),
    }


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(pk, request.user, can_view_results)
    dimension = request.GET.get("by", "")
    dimension = dimension if dimension in DIMENSIONS else ""
    search = request.GET.get("q", "")[:100]
    context = result_panels(survey, search=search, dimension=dimension)
    return render(
        request,
        "insight/results.html",
        {
            "survey": survey,
            "cluster": survey.cluster,
            "search": search,
            "can_export": can_export_responses(request.user, survey),
            **context,
        },
    )


@login_required
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML

    survey = survey_or_404(pk, request.user, can_view_results)
    context = result_panels(survey)
    html = render_to_string(
        "insight/results_pdf.html",
        {"survey": survey, "cluster": survey.cluster, "now": timezone.now(), **context},
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.pdf"'
    return response


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = survey_or_404(pk, request.user, can_export_responses)
    header, rows = response_rows(survey=survey)
    name = f"survey-{survey.pk}-responses"
    if not header:
        header, rows = [_("Responses")], [[survey.title], [results_hidden_note()]]
    if request.GET.get("format") == "xlsx":
        return xlsx_response(name, header, rows, title=_("Responses"))
    return csv_response(name, header, rows)


def results_hidden_note() -> str:
    return _("Results of an anonymous survey show once %(n)s people have answered.") % {
        "n": min_group()
    }


urlpatterns = [
    path("surveys/<int:pk>/results/", results, name="results"),
    path("surveys/<int:pk>/results.pdf", results_pdf, name="results_pdf"),
    path("surveys/<int:pk>/responses/export/", export, name="export"),
]
