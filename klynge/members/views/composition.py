"""The composition page: who a cluster's members are as of a date, with charts and tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.clusters import selectors as cluster_selectors
from klynge.clusters.models import Cluster
from klynge.core import charts
from klynge.core.dates import BoundedDateField
from klynge.core.errors import DomainError
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.permissions import require

from ..permissions import can_view_composition
from ..selectors.composition import (
    MEMBER_TYPE_LABELS,
    Composition,
    composition_get,
)


class AsOfForm(forms.Form):
    as_of = BoundedDateField(
        label=gettext_lazy("As of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter a date as YYYY-MM-DD, e.g. 2019-12-31.")},
        help_text=gettext_lazy("Members on this day: joined on or before it and not yet left."),
    )


@dataclass(frozen=True)
class ChartPanel:
    """One chart with the numbers behind it, for the page (and a PDF from the same template)."""

    key: str
    title: str
    svg: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    note: str = ""


Draw = Callable[..., str]
CHART_YEARS = 30


def composition_charts(result: Composition, *, draw: bool = True) -> list[ChartPanel]:
    """The composition charts; breakdowns only when there are members, history when there is any.

    With `draw=False` the SVGs stay empty (exports only need the numbers behind them).
    """

    def svg(chart: Draw, *args: object, **kwargs: object) -> str:
        return chart(*args, **kwargs) if draw else ""

    panels: list[ChartPanel] = []
    if result.total:
        size_note = _("Estimated from headcount (EU definition: SME = fewer than 250 employees).")
        breakdowns = [
            (
                "member-type",
                _("Members by member type (triple helix)"),
                result.by_member_type,
                "barh",
            ),
            ("kind", _("Members by kind of organisation"), result.by_kind, "barh"),
            ("size", _("SME or large company"), result.by_sme, "donut"),
            ("nace", _("Members by industry (NACE section)"), result.by_nace_section, "barh"),
            ("county", _("Members by county / region"), result.by_county, "barh"),
            ("origin", _("Norwegian and international members"), result.by_origin, "donut"),
        ]
        extra = {"size": result.by_size_class, "origin": result.foreign_countries}
        for key, title, buckets, style in breakdowns:
            labels, values = [b.label for b in buckets], [b.count for b in buckets]
            note = size_note if key == "size" else ""
            common = {"title": title, "note": note or None, "chart_id": f"composition-{key}"}
            if style == "donut":
                image = svg(charts.donut_chart, labels, values, **common)
            else:
                image = svg(charts.bar_chart, labels, values, horizontal=style == "barh", **common)
            rows = [(b.label, b.count) for b in buckets]
            rows += [(f"– {b.label}", b.count) for b in extra.get(key, ())]
            panels.append(
                ChartPanel(key, title, image, (_("Group"), _("Members")), tuple(rows), note)
            )
    if result.years:
        years = result.years
        labels = [f"{row.year}*" if row.partial else str(row.year) for row in years]
        to_date = _("* year to date") if years[-1].partial else ""
        joined, left, rate = _("Joined"), _("Left"), _("Retention rate")
        title = _("Joined and left per year")
        # The charts draw the most recent years; the tables under them list every year.
        drawn = slice(-CHART_YEARS, None)
        if len(years) > CHART_YEARS:
            to_date = " ".join(
                filter(
                    None, [to_date, _("The chart shows the last %(n)d years.") % {"n": CHART_YEARS}]
                )
            )
        series = {joined: [r.joined for r in years[drawn]], left: [r.left for r in years[drawn]]}
        panels.append(
            ChartPanel(
                key="flows",
                title=title,
                svg=svg(
                    charts.grouped_bar,
                    labels[drawn],
                    series,
                    title=title,
                    note=to_date or None,
                    chart_id="composition-flows",
                ),
                headers=(_("Year"), joined, left, _("Members at year end")),
                rows=tuple(
                    (label, r.joined, r.left, r.members_at_end)
                    for label, r in zip(labels, years, strict=True)
                ),
                note=to_date,
            )
        )
        title = _("Retention rate per year")
        note = _("Share of the members on 1 January still members at the end of the year.")
        panels.append(
            ChartPanel(
                key="retention",
                title=title,
                svg=svg(
                    charts.line_chart,
                    labels[drawn],
                    {rate: [r.retention_rate for r in years[drawn]]},
                    title=title,
                    note=note,
                    percent=True,
                    chart_id="composition-retention",
                ),
                headers=(
                    _("Year"),
                    _("Members on 1 January"),
                    _("Still members at year end"),
                    rate,
                ),
                rows=tuple(
                    (label, r.members_at_start, r.retained, _percent(r.retention_rate))
                    for label, r in zip(labels, years, strict=True)
                ),
                note=" ".join(filter(None, [note, to_date])),
            )
        )
    return panels


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def _cluster_or_404(slug: str) -> Cluster:
    try:
        return cluster_selectors.cluster_get(slug=slug)
    except Cluster.DoesNotExist as exc:
        raise Http404(_("No such cluster.")) from exc


@login_required
def composition(request: HttpRequest, slug: str) -> HttpResponseBase:
    cluster = _cluster_or_404(slug)
    require(can_view_composition, request.user, cluster)
    form = AsOfForm(request.GET or None)
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    try:
        result = composition_get(cluster=cluster, as_of=as_of)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        result = composition_get(cluster=cluster)
    if not form.is_bound:
        form = AsOfForm(initial={"as_of": result.as_of})
    export = request.GET.get("export")
    if export in {"csv", "xlsx"} and not form.errors:
        return _export(cluster, result, export)
    today = timezone.localdate()
    context = {
        "cluster": cluster,
        "form": form,
        "result": result,
        "eligibility": result.eligibility,
        "panels": composition_charts(result) if result.has_memberships else [],
        "as_of_display": date_format(result.as_of, "DATE_FORMAT"),
        "is_today": result.as_of == today,
        "quick_dates": [
            (_("Today"), ""),
            (
                _("End of %(year)s") % {"year": today.year - 1},
                date(today.year - 1, 12, 31).isoformat(),
            ),
            (_("One year ago"), (today - timedelta(days=365)).isoformat()),
        ],
        "category": {b.key: b.count for b in result.by_category},
        "type_labels": [str(MEMBER_TYPE_LABELS[key]) for key in result.eligibility.type_keys],
        "last_rate": _percent(result.last_full_year.retention_rate)
        if result.last_full_year
        else "",
        "international": sum(b.count for b in result.foreign_countries),
        "directory_href": f"/clusters/{cluster.slug}/members/",
        "import_href": f"/clusters/{cluster.slug}/members/import/",
    }
    return render(request, "members/composition.html", context)


def _export(cluster: Cluster, result: Composition, fmt: str) -> HttpResponseBase:
    """The numbers behind every chart in long form: breakdown, group, measure, value."""
    header = [_("Breakdown"), _("Group"), _("Measure"), _("Value")]
    rows: list[list[object]] = [[_("Members in total"), "", _("Members"), result.total]]
    for panel in composition_charts(result, draw=False):
        for row in panel.rows:
            rows += [
                [panel.title, str(row[0]), measure, value]
                for measure, value in zip(panel.headers[1:], row[1:], strict=True)
            ]
    eligibility = result.eligibility
    rows += [
        [_("Eligibility"), "", _("Committed members"), eligibility.committed_members],
        [_("Eligibility"), "", _("Member types"), eligibility.member_types],
        [_("Eligibility"), "", _("Passed"), _("yes") if eligibility.passed else _("no")],
    ]
    filename = f"{cluster.slug}-composition-{result.as_of.isoformat()}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, title=_("Composition"))


urlpatterns: list[URLPattern] = [
    path("clusters/<slug:slug>/composition/", composition, name="composition"),
]
