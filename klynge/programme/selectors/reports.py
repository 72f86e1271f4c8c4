"""Reads for annual reports: visible lists, the figures by section with last year beside them, and
the rows a figure was counted from."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles
from klynge.core.extensions import figures as figures_of
from klynge.core.figures import Figure, compute, source_of

from ..models import AnnualReport
from ..permissions import is_officer
from ..report_definition import NAME as REPORT
from ..report_definition import SECTIONS, ReportScope


def report_list_visible(
    *, user: Viewer, status: str = "", year: int | None = None
) -> QuerySet[AnnualReport]:
    reports = AnnualReport.objects.select_related("cluster")
    if not is_officer(user):
        reports = reports.filter(cluster_id__in=list(cluster_roles(user)))
    if status:
        reports = reports.filter(status=status)
    if year:
        reports = reports.filter(year=year)
    return reports.order_by("-year", "cluster__name", "pk")


def report_sources() -> list[Any]:
    return figures_of(REPORT)


def report_figure_list(report: AnnualReport) -> list[Figure]:
    """Every figure of the report: the value stored when the figures were last taken, and the
    cluster's correction beside it."""
    values = (report.figures or {}).get("values", {})
    corrections = {c.key: c for c in report.corrections.all()}
    result = []
    for source in report_sources():
        correction = corrections.get(source.key)
        result.append(
            Figure(
                key=source.key,
                section=source.section,
                label=source.label,
                computed=values.get(source.key),
                corrected=_number(correction.value) if correction else None,
                reason=correction.reason if correction else "",
                help=source.help,
            )
        )
    return result


def report_table(reports: Iterable[AnnualReport]) -> tuple[list[str], list[list[Any]]]:
    """The reports as a table (the list's CSV and Excel export): cluster, year and status, then
    every figure of the report definition (corrected where the cluster corrected it)."""
    sources = report_sources()
    header = [gettext("Cluster"), gettext("Year"), gettext("Status")]
    header += [str(source.label) for source in sources]
    rows = []
    for report in reports:
        values = {figure.key: figure.value for figure in report_figure_list(report)}
        rows.append(
            [report.cluster.name, report.year, report.get_status_display()]
            + [values.get(source.key) for source in sources]
        )
    return header, rows


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def previous_values(report: AnnualReport) -> tuple[int, dict[str, Any]]:
    """The year before's figures: from its report when there is one (corrections count),
    otherwise as taken with this report's figures (`services.reports._fill`); a report filled
    before those were stored with it has them counted now, one query per figure."""
    year = report.year - 1
    previous = (
        AnnualReport.objects.filter(cluster_id=report.cluster_id, year=year)
        .prefetch_related("corrections")
        .first()
    )
    if previous is not None and (previous.figures or {}).get("values"):
        return year, {f.key: f.value for f in report_figure_list(previous)}
    stored = (report.figures or {}).get("previous") or {}
    if stored.get("year") == year and isinstance(stored.get("values"), dict):
        return year, stored["values"]
    return year, compute(report_sources(), ReportScope.of(report.cluster_id, year))


def report_sections(report: AnnualReport, *, compare: bool = True) -> list[dict[str, Any]]:
    """The figures grouped in the report's sections, each with last year's value to compare."""
    year, before = previous_values(report) if compare else (report.year - 1, {})
    by_section: dict[str, list[dict[str, Any]]] = {}
    for figure in report_figure_list(report):
        by_section.setdefault(figure.section, []).append(
            {
                "figure": figure,
                "previous": before.get(figure.key),
                "rows_url": reverse("programme:report_figure", args=[report.pk, figure.key]),
            }
        )
    return [
        {"key": key, "title": title, "rows": by_section.get(key, []), "previous_year": year}
        for key, title in SECTIONS
        if by_section.get(key)
    ]


def figure_rows(report: AnnualReport, key: str) -> tuple[Any, QuerySet[Any]] | None:
    """The figure's source and the rows it is counted from, for the report's year as of the day
    the figures were taken (name each row with `source.describe`)."""
    source = source_of(report_sources(), key)
    if source is None:
        return None
    scope = ReportScope.of(report.cluster_id, report.year, today=report.figures_as_of or None)
    return source, source.rows(scope).order_by("pk")
