"""The portfolio of a cluster: filtered list with exports, and the pipeline by status."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from klynge.clusters.selectors import topic_list
from klynge.core.display import choice_labels
from klynge.core.exports import QUERY_CHUNK_ROWS, csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import require

from ..budget import share
from ..forms.projects import PortfolioFilterForm
from ..models import Project
from ..permissions import can_create_project, can_oversee_portfolio, can_view_portfolio
from ..selectors.portfolio import (
    PortfolioFilters,
    portfolio_years,
    project_list_export,
    project_list_portfolio,
    project_pipeline,
)
from .common import cluster_or_404


def _filters(request: HttpRequest, cluster: Any) -> tuple[PortfolioFilterForm, PortfolioFilters]:
    form = PortfolioFilterForm(
        request.GET or None,
        topics=topic_list(),
        years=portfolio_years(cluster=cluster),
    )
    if not form.is_valid():
        return form, PortfolioFilters()
    data = form.cleaned_data
    return form, PortfolioFilters(
        search=data["q"],
        kind=data["kind"],
        status=data["status"],
        objective=data["objective"],
        topic=data["topic"],
        year=data["year"],
        with_sme=data["sme"],
        with_international=data["international"],
    )


@login_required
def portfolio(request: HttpRequest, slug: str) -> HttpResponseBase:
    cluster = cluster_or_404(slug)
    require(can_view_portfolio, request.user, cluster)
    form, filters = _filters(request, cluster)
    oversee = can_oversee_portfolio(request.user, cluster)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"} and oversee:
        rows = project_list_export(cluster=cluster, viewer=request.user, filters=filters)
        return _export(rows, export, cluster.slug)
    projects = project_list_portfolio(cluster=cluster, viewer=request.user, filters=filters)
    page = paginate(request, projects)
    context = {
        "cluster": cluster,
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "oversee": oversee,
        "filtered": bool(request.GET.dict().keys() - {"page"}),
        "can_create": can_create_project(request.user, cluster),
    }
    return render(request, "projects/portfolio.html", context)


@login_required
def pipeline(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_oversee_portfolio, request.user, cluster)
    form, filters = _filters(request, cluster)
    columns = project_pipeline(cluster=cluster, viewer=request.user, filters=filters)
    return render(
        request,
        "projects/pipeline.html",
        {
            "cluster": cluster,
            "form": form,
            "columns": columns,
            "total": sum(c.count for c in columns),
        },
    )


EXPORT_HEADER = [
    _l("ID"),
    _l("Title"),
    _l("Acronym"),
    _l("Kind"),
    _l("Status"),
    _l("Lead cluster"),
    _l("Start"),
    _l("End"),
    _l("Confirmed partners"),
    _l("With SMEs"),
    _l("With international partners"),
    _l("Total eligible cost (NOK)"),
    _l("Private cash (NOK)"),
    _l("In-kind (NOK)"),
    _l("Public funding (NOK)"),
    _l("Public share"),
    _l("Topics"),
    _l("Objectives"),
    _l("Follows project ID"),
    _l("Funder"),
    _l("Funder's case number"),
]


def _export(projects: Any, fmt: str, slug: str) -> HttpResponseBase:
    header = [str(h) for h in EXPORT_HEADER]
    kinds = choice_labels(Project.Kind.choices)
    statuses = choice_labels(Project.Status.choices)
    rows = (
        [
            p.pk,
            p.title,
            p.acronym,
            kinds.get(p.kind, p.kind),
            statuses.get(p.status, p.status),
            p.lead_cluster.short_name,
            p.start_date,
            p.end_date,
            p.partner_total,
            _("yes") if p.has_sme else _("no"),
            _("yes") if p.has_international else _("no"),
            p.total_eligible_cost,
            p.private_cash,
            p.in_kind,
            p.public_funding,
            _round(share(p.public_funding, p.total_eligible_cost)),
            ", ".join(t.name for t in p.topics.all()),
            "; ".join(str(o) for o in p.objectives.all()),
            p.predecessor_id,
            p.funder,
            p.funder_reference,
        ]
        for p in projects.iterator(chunk_size=QUERY_CHUNK_ROWS)  # prefetches run per chunk
    )
    filename = f"klynge-projects-{slug}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, title=_("Projects"))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


urlpatterns = [
    path("clusters/<slug:slug>/projects/", portfolio, name="portfolio"),
    path("clusters/<slug:slug>/projects/pipeline/", pipeline, name="pipeline"),
]
