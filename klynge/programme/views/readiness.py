"""The readiness view: what a cluster meets today from live data, what is missing, by how much."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from klynge.core.permissions import require

from ..models import Framework
from ..permissions import can_create_assessment, can_view_readiness
from ..selectors.assessments import framework_list
from ..selectors.readiness import readiness_get
from .common import cluster_or_404


@login_required
def readiness(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_view_readiness, request.user, cluster)
    frameworks = list(framework_list(use="assessment"))
    code = request.GET.get("framework") or "mature-cluster"
    framework = next((f for f in frameworks if f.code == code), None) or (
        frameworks[0] if frameworks else None
    )
    as_of = timezone.localdate()
    try:
        if request.GET.get("as_of"):
            as_of = datetime.date.fromisoformat(request.GET["as_of"])
    except ValueError:
        as_of = timezone.localdate()
    result = None
    if isinstance(framework, Framework):
        result = readiness_get(cluster=cluster, framework=framework, as_of=as_of)
    context = {
        "cluster": cluster,
        "frameworks": frameworks,
        "framework": framework,
        "readiness": result,
        "as_of": as_of,
        "can_create": can_create_assessment(request.user, cluster),
    }
    return render(request, "programme/readiness.html", context)


urlpatterns: list[URLPattern] = [
    path("clusters/<slug:slug>/readiness/", readiness, name="readiness"),
]
