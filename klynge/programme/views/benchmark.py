"""Peer benchmarking: the programme officer's table of every cluster on every dashboard figure and
computed indicator (sortable, XLSX), and a cluster's own standing among its peers for its team
(the other clusters anonymised unless KLYNGE_BENCHMARK_SHOW_NAMES is set)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from klynge.clusters.models import Cluster
from klynge.core import charts
from klynge.core.exports import xlsx_response
from klynge.core.permissions import require
from klynge.insight import benchmark as b
from klynge.insight.figures import LABELS, YearForm, show
from klynge.insight.permissions import can_view_benchmark, can_view_programme_benchmark

from ..indicators import INDICATORS
from ..selectors.benchmark import (
    FIGURES,
    benchmark_peers,
    cluster_slugs,
    figure_unit,
    level_names,
)


def figure_label(figure: str) -> str:
    if figure.startswith("indicator:"):
        return str(INDICATORS[figure.split(":", 1)[1]].label)
    return str(LABELS[figure])


def _percentile(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _strip(standing: b.Standing, names: dict[int, str], focal: int | None, label: str) -> str:
    box = standing.box
    return charts.strip_chart(
        [(names[pid], v) for pid, v in standing.values],
        label=label,
        highlight=names.get(focal) if focal is not None else None,
        box=(box.low, box.q1, box.median, box.q3, box.high) if box and box.n >= 4 else None,
    )


@login_required
def programme_benchmark(request: HttpRequest) -> HttpResponse | FileResponse:
    require(can_view_programme_benchmark, request.user)
    form = YearForm(request.GET or None)
    year = form.chosen()
    peers = benchmark_peers(year=year)
    sort = request.GET.get("sort", "members")
    if sort not in FIGURES:
        sort = "members"
    descending = request.GET.get("order", "desc") != "asc"
    ordered = b.sort_peers(peers, sort, descending)
    levels = level_names(peers)
    slugs = cluster_slugs(peers)
    names = {p.id: p.name for p in peers}
    if request.GET.get("export") == "xlsx":
        header = [_("Cluster"), _("Level"), *[figure_label(f) for f in FIGURES]]
        rows = [
            [p.name, levels.get(p.level, ""), *[p.values.get(f) for f in FIGURES]] for p in ordered
        ]
        for figure in FIGURES:
            header.append(_("%(figure)s: percentile") % {"figure": figure_label(figure)})
        for row, peer in zip(rows, ordered, strict=True):
            for figure in FIGURES:
                row.append(
                    b.percentile_rank(
                        peer.values.get(figure), [p.values.get(figure) for p in peers]
                    )
                )
        return xlsx_response(f"peer-benchmark-{year}", header, rows, title=_("Peer benchmarking"))
    columns = [
        {
            "key": f,
            "label": figure_label(f),
            "sorted": f == sort,
            "url": f"?year={year}&sort={f}&order="
            + ("asc" if f == sort and descending else "desc"),
        }
        for f in FIGURES
    ]
    table = [
        {
            "name": p.name,
            "dashboard": reverse("insight:dashboard", args=[slugs[p.id]]) + f"?year={year}"
            if p.id in slugs
            else "",
            "level": levels.get(p.level, ""),
            "cells": [show(p.values.get(f), figure_unit(f)) for f in FIGURES],
        }
        for p in ordered
    ]
    strips = []
    if peers:
        for standing in b.standings(peers, peers[0].id, FIGURES):
            label = figure_label(standing.figure)
            strips.append(
                {"label": label, "svg": _strip(standing, names, None, label), "box": standing.box}
            )
    return render(
        request,
        "programme/benchmark.html",
        {
            "form": form,
            "year": year,
            "columns": columns,
            "table": table,
            "sort_label": figure_label(sort),
            "descending": descending,
            "strips": strips,
        },
    )


@login_required
def cluster_benchmark(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        raise Http404(_("No such cluster."))
    require(can_view_benchmark, request.user, cluster)
    form = YearForm(request.GET or None)
    year = form.chosen()
    peers = benchmark_peers(year=year)
    focal = next((p for p in peers if p.id == cluster.pk), None)
    if focal is None:
        raise Http404(_("No such cluster."))
    show_names = settings.KLYNGE_BENCHMARK_SHOW_NAMES or can_view_programme_benchmark(request.user)
    if show_names:
        names = {p.id: p.name for p in peers}
    else:
        letters = b.anonymous_names(peers, cluster.pk, salt=f"{year}")
        names = {
            pid: _("Cluster %(letter)s") % {"letter": letter} for pid, letter in letters.items()
        }
        names[cluster.pk] = focal.name
    found = b.standings(peers, cluster.pk, FIGURES)
    rows = []
    for standing in found:
        label = figure_label(standing.figure)
        unit = figure_unit(standing.figure)
        rows.append(
            {
                "key": standing.figure,
                "label": label,
                "value": show(standing.value, unit),
                "median": show(standing.box.median, unit) if standing.box else "–",
                "rank_all": _percentile(standing.rank_all),
                "rank_level": _percentile(standing.rank_level),
                "rank_topic": _percentile(standing.rank_topic),
                "peers": standing.peers_all,
                "svg": _strip(standing, names, cluster.pk, label),
            }
        )
    behind = [
        {"label": figure_label(s.figure), "rank": _percentile(s.rank_all)}
        for s in b.holding_back(found)
    ]
    return render(
        request,
        "programme/cluster_benchmark.html",
        {
            "cluster": cluster,
            "form": form,
            "year": year,
            "rows": rows,
            "behind": behind,
            "show_names": show_names,
            "level": level_names(peers).get(focal.level, ""),
            "peers": len(peers),
        },
    )


urlpatterns: list[URLPattern] = [
    path("benchmark/", programme_benchmark, name="benchmark"),
    path("clusters/<slug:slug>/benchmark/", cluster_benchmark, name="cluster_benchmark"),
]
