"""The programme's front door: officers get the portfolio, others their own programme pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from klynge.clusters.selectors import cluster_list_for_user

from ..permissions import can_view_programme_portfolio
from .links import home_links


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if can_view_programme_portfolio(request.user):
        return redirect("programme:portfolio")
    clusters = cluster_list_for_user(user=request.user)
    links = home_links(request.user)
    if len(clusters) == 1 and not links:
        return redirect("programme:cluster", slug=clusters[0].slug)
    return render(request, "programme/home.html", {"clusters": clusters, "links": links})


urlpatterns: list[URLPattern] = [path("", home, name="home")]
