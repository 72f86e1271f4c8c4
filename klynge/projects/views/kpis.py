"""Portfolio KPIs of a cluster for a period, with SVG charts and the numbers in tables."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from klynge.core.permissions import require

from ..charts import count_chart, donut, share_chart
from ..forms.kpis import PeriodForm, default_period
from ..permissions import can_oversee_portfolio
from ..selectors.kpis import ProjectKpis, project_kpis
from .common import cluster_or_404


def kpi_charts(kpis: ProjectKpis) -> dict[str, str]:
    shares = [
        (_("With SME partners"), kpis.sme_share),
        (_("With international partners"), kpis.international_share),
        (_("Pre-projects that became main projects"), kpis.conversion_rate),
        (_("Public share of funding"), kpis.public_share),
    ]
    known = [(label, value) for label, value in shares if value is not None]
    return {
        "kind": count_chart(
            [r.label for r in kpis.by_kind],
            [r.count for r in kpis.by_kind],
            title=_("Projects by kind"),
            chart_id="kpi-kind",
        ),
        "status": count_chart(
            [r.label for r in kpis.by_status],
            [r.count for r in kpis.by_status],
            title=_("Projects by status"),
            chart_id="kpi-status",
        ),
        "shares": share_chart(
            [label for label, _v in known],
            [value for _l, value in known],
            title=_("Shares of the active portfolio"),
            chart_id="kpi-shares",
        )
        if known
        else "",
        "funding": donut(
            [_("Private"), _("Public")],
            [kpis.private_funding, kpis.public_funding],
            title=_("Private and public funding (NOK)"),
            chart_id="kpi-funding",
        ),
        "outcomes": count_chart(
            [r.label for r in kpis.outcomes_by_kind],
            [r.count for r in kpis.outcomes_by_kind],
            title=_("Outcomes by kind"),
            chart_id="kpi-outcomes",
        ),
    }


@login_required
def kpis(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_oversee_portfolio, request.user, cluster)
    start, end = default_period()
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    result = project_kpis(cluster=cluster, start=start, end=end)
    return render(
        request,
        "projects/kpis.html",
        {
            "cluster": cluster,
            "form": form,
            "kpis": result,
            "charts": kpi_charts(result),
            "oversee": True,
        },
    )


urlpatterns = [path("clusters/<slug:slug>/projects/kpis/", kpis, name="kpis")]
