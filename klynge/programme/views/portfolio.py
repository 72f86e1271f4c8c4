"""The programme portfolio page for officers: all clusters, levels, labels, applications; exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from klynge.core.display import choice_labels
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import require

from ..models import CertificationLabel
from ..permissions import can_view_programme_portfolio
from ..selectors.portfolio import (
    PortfolioRow,
    portfolio_clusters,
    portfolio_rows,
    portfolio_rows_for,
)
from ..selectors.portfolio_figures import COLUMNS
from ..selectors.statuses import level_list
from .common import export_format


@login_required
def portfolio(request: HttpRequest) -> HttpResponseBase:
    require(can_view_programme_portfolio, request.user)
    search = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level", "")
    fmt = export_format(request)
    if fmt:
        return _export(portfolio_rows(search=search, level=level), fmt)
    page = paginate(request, portfolio_clusters(search=search, level=level))
    page.object_list = portfolio_rows_for(list(page.object_list))
    context = {
        "page": page,
        "q": search,
        "level": level,
        "levels": level_list(),
        "columns": COLUMNS,
        "total": page.paginator.count,
        "officer_links": officer_links(),
    }
    return render(request, "programme/portfolio.html", context)


def officer_links() -> list[tuple[str, str]]:
    return [
        (_("Peer benchmarking"), reverse("programme:benchmark")),
        (_("Calls"), reverse("programme:calls")),
        (_("Applications"), reverse("programme:applications")),
        (_("Assessments"), reverse("programme:assessments")),
        (_("Annual reports"), reverse("programme:reports")),
        (_("Evaluators"), reverse("programme:evaluators")),
    ]


def _export(rows: list[PortfolioRow], fmt: str) -> HttpResponseBase:
    header = [
        _("Cluster"),
        _("Level"),
        _("Level since"),
        _("Label"),
        _("Label valid until"),
        _("Days left"),
        *[str(label) for _key, label in COLUMNS],
    ]
    grades = choice_labels(CertificationLabel.Grade.choices)
    data = []
    for row in rows:
        badge = row.badge
        data.append(
            [
                row.cluster.name,
                badge.level.name if badge.level else "",
                badge.since or "",
                grades.get(badge.label.grade, badge.label.grade) if badge.label else "",
                badge.label.valid_until if badge.label else "",
                badge.label_days_left if badge.label else "",
                *[row.figures.get(key, "") for key, _label in COLUMNS],
            ]
        )
    if fmt == "csv":
        return csv_response("klynge-programme-portfolio", header, data)
    return xlsx_response("klynge-programme-portfolio", header, data, title=_("Portfolio"))


urlpatterns: list[URLPattern] = [path("portfolio/", portfolio, name="portfolio")]
