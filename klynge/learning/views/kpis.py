"""Competence KPIs of a cluster for a period: SVG charts with their numbers, and a completions export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.clusters.models import Cluster
from klynge.core import charts
from klynge.core.display import choice_labels
from klynge.core.exports import QUERY_CHUNK_ROWS, csv_response, xlsx_response
from klynge.core.permissions import require
from klynge.members.models import Organisation

from ..forms.kpis import PeriodForm, default_period
from ..models import Course
from ..permissions import can_view_competence_kpis
from ..selectors.enrolments import completion_list
from ..selectors.kpis import CompetenceKpis, competence_kpis


def _cluster_or_404(slug: str) -> Cluster:
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        raise Http404(_("No such cluster."))
    return cluster


def _period(request: HttpRequest) -> tuple[PeriodForm, Any, Any]:
    start, end = default_period()
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


def kpi_panels(kpis: CompetenceKpis) -> list[dict[str, Any]]:
    """Charts with their numbers; a chart is never the only way to read them."""
    headers = [_("Group"), _("Participants"), _("Completions"), _("Credits (ECTS)")]

    def rows(breakdown: Any) -> list[list[Any]]:
        return [[r.label, r.participants, r.completions, r.credits] for r in breakdown]

    sizes = [r for r in kpis.by_size if r.participants or r.completions]
    panels = [
        {
            "key": "size",
            "title": _("Participants by organisation size"),
            "note": _(
                "Size estimated from the headcount in the register; SME = micro, small, medium."
            ),
            "svg": charts.donut_chart(
                [r.label for r in sizes],
                [r.participants for r in sizes],
                title=_("Participants by organisation size"),
                chart_id="learning-size",
            ),
            "headers": headers,
            "rows": rows(kpis.by_size),
        },
        {
            "key": "year",
            "title": _("Participants and completions per year"),
            "note": "",
            "svg": charts.grouped_bar(
                [r.label for r in kpis.by_year],
                {
                    _("Participants"): [r.participants for r in kpis.by_year],
                    _("Completions"): [r.completions for r in kpis.by_year],
                },
                title=_("Participants and completions per year"),
                chart_id="learning-year",
            ),
            "headers": headers,
            "rows": rows(kpis.by_year),
        },
    ]
    if kpis.by_topic:
        panels.append(
            {
                "key": "topic",
                "title": _("Participants by topic"),
                "note": _("A course with several topics counts under each."),
                "svg": charts.bar_chart(
                    [r.label for r in kpis.by_topic],
                    [r.participants for r in kpis.by_topic],
                    title=_("Participants by topic"),
                    horizontal=True,
                    chart_id="learning-topic",
                ),
                "headers": headers,
                "rows": rows(kpis.by_topic),
            }
        )
    panels.append(
        {
            "key": "kind",
            "title": _("Completions by kind of course"),
            "note": "",
            "svg": charts.bar_chart(
                [r.label for r in kpis.by_kind],
                [r.completions for r in kpis.by_kind],
                title=_("Completions by kind of course"),
                horizontal=True,
                chart_id="learning-kind",
            ),
            "headers": headers,
            "rows": rows(kpis.by_kind),
        }
    )
    return panels


@login_required
def kpis(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _cluster_or_404(slug)
    require(can_view_competence_kpis, request.user, cluster)
    form, start, end = _period(request)
    result = competence_kpis(cluster=cluster, start=start, end=end)
    return render(
        request,
        "learning/kpis.html",
        {
            "cluster": cluster,
            "form": form,
            "kpis": result,
            "panels": kpi_panels(result) if result.participants or result.completions else [],
            "sme_percent": None if result.sme_share is None else round(100 * result.sme_share),
        },
    )


COMPLETION_HEADER = [
    gettext_lazy("Completed"),
    gettext_lazy("Course"),
    gettext_lazy("Kind"),
    gettext_lazy("Name"),
    gettext_lazy("Organisation"),
    gettext_lazy("Size class"),
    gettext_lazy("Credits"),
    gettext_lazy("Certificate number"),
]


COMPLETION_COLUMNS = (
    "completed_on",
    "course__title",
    "course__kind",
    "person__full_name",
    "organisation__name",
    "organisation__size_class",
    "credits_earned",
    "certificate_code",
)


def _completion_rows(completions: Any) -> Iterator[list[Any]]:
    """Export rows, streamed in chunks as tuples of the exported columns; labels translated once."""
    kinds = choice_labels(Course.Kind.choices)
    sizes = choice_labels(Organisation.SizeClass.choices)
    rows = completions.values_list(*COMPLETION_COLUMNS).iterator(chunk_size=QUERY_CHUNK_ROWS)
    for completed, title, kind, name, org, size, credits, certificate in rows:
        yield [
            completed.isoformat() if completed else "",
            title,
            kinds.get(kind, kind),
            name,
            org or "",
            sizes.get(size, ""),
            credits if credits is not None else "",
            certificate,
        ]


@login_required
def completions_export(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    cluster = _cluster_or_404(slug)
    require(can_view_competence_kpis, request.user, cluster)
    _form, start, end = _period(request)
    rows = _completion_rows(completion_list(cluster=cluster, start=start, end=end))
    name = f"{cluster.slug}-completions-{start:%Y%m%d}-{end:%Y%m%d}"
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            name, [str(h) for h in COMPLETION_HEADER], rows, title=_("Completions")
        )
    return csv_response(name, [str(h) for h in COMPLETION_HEADER], rows)


urlpatterns = [
    path("clusters/<slug:slug>/courses/kpis/", kpis, name="kpis"),
    path("clusters/<slug:slug>/courses/completions/", completions_export, name="completions"),
]
