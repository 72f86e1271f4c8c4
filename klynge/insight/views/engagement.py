"""Engagement pages: every member's score with its explanation, reach as of a date with the
quarterly trend, dormant members with their contact (exports), and the cluster's settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from klynge.core import charts
from klynge.core.errors import DomainError
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from .. import scoring
from ..forms.engagement import (
    AsOfForm,
    EngagementFilterForm,
    EngagementSettingsForm,
    settings_initial,
)
from ..permissions import can_manage_engagement_settings, can_view_engagement
from ..selectors.engagement import (
    cluster_engagement,
    cluster_reach,
    describe,
    dormant_members,
    engagement_settings,
)
from ..services.engagement import engagement_settings_reset, engagement_settings_update
from .common import cluster_or_404


def level_label(level: str) -> str:
    return {
        scoring.ACTIVE: _("Active"),
        scoring.OCCASIONAL: _("Occasional"),
        scoring.DORMANT: _("Dormant"),
    }[level]


def _filtered(members: list[Any], form: EngagementFilterForm) -> list[Any]:
    level, kind, size = form.value("level"), form.value("kind"), form.value("size")
    needle = form.value("q").casefold()
    shown = [
        m
        for m in members
        if (not level or m.engagement.level == level)
        and (not kind or m.kind == kind)
        and (not size or m.size_class == size)
        and (not needle or needle in m.name.casefold())
    ]
    sort = form.value("sort") or "-score"
    keys = {
        "-score": lambda m: (-m.engagement.score, m.name),
        "score": lambda m: (m.engagement.score, m.name),
        "name": lambda m: (m.name.casefold(), m.organisation_id),
        "last": lambda m: (m.engagement.last_activity or date.min, m.name),
    }
    return sorted(shown, key=keys[sort])


@login_required
def engagement(request: HttpRequest, slug: str) -> HttpResponseBase:
    cluster = cluster_or_404(slug)
    require(can_view_engagement, request.user, cluster)
    form = EngagementFilterForm(request.GET or None)
    overview = cluster_engagement(cluster=cluster, as_of=form.as_of_date())
    months = overview.settings.window_months
    members = _filtered(overview.members, form)
    for member in members:
        member.explanation = describe(member.engagement.counts, months)
        member.level_label = level_label(member.engagement.level)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        header = [
            _("Organisation"),
            _("Kind"),
            _("Size class"),
            _("County"),
            _("Score"),
            _("Level"),
            _("Activity"),
            _("Last activity"),
        ]
        rows = [
            [
                m.name,
                m.kind_label,
                m.size_label,
                m.county,
                m.engagement.score,
                m.level_label,
                m.explanation,
                m.engagement.last_activity,
            ]
            for m in members
        ]
        name = f"{cluster.slug}-engagement-{overview.as_of:%Y%m%d}"
        if export == "xlsx":
            return xlsx_response(name, header, rows, title=_("Engagement"))
        return csv_response(name, header, rows)
    counts = overview.level_counts()
    total = len(overview.members)
    return render(
        request,
        "insight/engagement.html",
        {
            "cluster": cluster,
            "form": form,
            "overview": overview,
            "page": paginate(request, members),
            "counts": counts,
            "total": total,
            "reach_percent": round(100 * (total - counts[scoring.DORMANT]) / total)
            if total
            else None,
            "can_manage": can_manage_engagement_settings(request.user, cluster),
            "weights": [(k, overview.settings.weight(k)) for k in scoring.KINDS],
        },
    )


def _quarter(day_iso: str) -> str:
    year, month = int(day_iso[:4]), int(day_iso[5:7])
    return f"{year} Q{(month - 1) // 3 + 1}"


@login_required
def reach(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_view_engagement, request.user, cluster)
    form = AsOfForm(request.GET or None)
    result = cluster_reach(cluster=cluster, as_of=form.as_of_date())
    labels = [_quarter(s.key) for s in result.trend]
    trend_svg = charts.line_chart(
        labels,
        {_("Reach"): [s.share for s in result.trend]},
        title=_("Reach at the end of each quarter"),
        percent=True,
        note=_("Share of members with any activity in the window before each date."),
        chart_id="reach-trend",
    )
    kinds = [(label, s) for label, s in result.by_kind if s.members]
    kind_svg = charts.bar_chart(
        [label for label, _s in kinds],
        [s.share or 0 for _label, s in kinds],
        title=_("Reach by kind of member"),
        horizontal=True,
        percent=True,
        chart_id="reach-kind",
    )
    sizes = [(label, s) for label, s in result.by_size if s.members]
    size_svg = charts.bar_chart(
        [label for label, _s in sizes],
        [s.share or 0 for _label, s in sizes],
        title=_("Reach by size"),
        horizontal=True,
        percent=True,
        chart_id="reach-size",
    )
    return render(
        request,
        "insight/reach.html",
        {
            "cluster": cluster,
            "form": form,
            "reach": result,
            "trend_rows": list(zip(labels, result.trend, strict=True)),
            "trend_svg": trend_svg,
            "kind_svg": kind_svg,
            "size_svg": size_svg,
            "window_months": engagement_settings(cluster=cluster).window_months,
            "can_manage": can_manage_engagement_settings(request.user, cluster),
        },
    )


@login_required
def dormant(request: HttpRequest, slug: str) -> HttpResponseBase:
    cluster = cluster_or_404(slug)
    require(can_view_engagement, request.user, cluster)
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    rows = dormant_members(cluster=cluster, as_of=as_of)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        header = [
            _("Organisation"),
            _("Kind"),
            _("Size class"),
            _("Last activity"),
            _("Contact person"),
            _("Email"),
            _("Phone"),
        ]
        data = [
            [
                d.member.name,
                d.member.kind_label,
                d.member.size_label,
                d.last_activity,
                d.contact.full_name if d.contact else "",
                d.contact.email if d.contact else "",
                d.contact.phone if d.contact else "",
            ]
            for d in rows
        ]
        name = f"{cluster.slug}-dormant-{as_of:%Y%m%d}"
        if export == "xlsx":
            return xlsx_response(name, header, data, title=_("Dormant members"))
        return csv_response(name, header, data)
    return render(
        request,
        "insight/dormant.html",
        {
            "cluster": cluster,
            "form": form,
            "as_of": as_of,
            "page": paginate(request, rows),
            "total": len(rows),
            "window_months": engagement_settings(cluster=cluster).window_months,
            "can_manage": can_manage_engagement_settings(request.user, cluster),
        },
    )


@login_required
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_manage_engagement_settings, request.user, cluster)
    current = engagement_settings(cluster=cluster)
    if request.method == "POST" and request.POST.get("reset"):
        engagement_settings_reset(actor=acting(request.user), cluster=cluster)
        messages.success(request, _("The shipped defaults apply again."))
        return redirect("insight:engagement_settings", slug=cluster.slug)
    form = EngagementSettingsForm(request.POST or None, initial=settings_initial(current))
    if request.method == "POST" and form.is_valid():
        try:
            engagement_settings_update(
                actor=acting(request.user),
                cluster=cluster,
                weights=form.weights(),
                half_life_days=form.cleaned_data["half_life_days"],
                window_months=form.cleaned_data["window_months"],
                active_threshold=form.cleaned_data["active_threshold"],
            )
            messages.success(request, _("The engagement settings were saved."))
            return redirect("insight:engagement", slug=cluster.slug)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(
        request,
        "insight/engagement_settings.html",
        {"cluster": cluster, "form": form, "defaults": scoring.Settings()},
    )


urlpatterns = [
    path("clusters/<slug:slug>/engagement/", engagement, name="engagement"),
    path("clusters/<slug:slug>/engagement/reach/", reach, name="reach"),
    path("clusters/<slug:slug>/engagement/dormant/", dormant, name="dormant"),
    path("clusters/<slug:slug>/engagement/settings/", settings_page, name="engagement_settings"),
]
