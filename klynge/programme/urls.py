"""Programme pages under /programme/ (each area module ends with its own `urlpatterns`)."""

from __future__ import annotations

from django.urls import URLPattern

from .views import (
    applications,
    assessments,
    benchmark,
    calls,
    clusters,
    decision_pack,
    finance,
    follow_up,
    home,
    portfolio,
    readiness,
    reports,
    reviews,
    statuses,
)

app_name = "programme"

urlpatterns: list[URLPattern] = [
    *home.urlpatterns,
    *clusters.urlpatterns,
    *finance.urlpatterns,
    *statuses.urlpatterns,
    *portfolio.urlpatterns,
    *benchmark.urlpatterns,
    *assessments.urlpatterns,
    *readiness.urlpatterns,
    *calls.urlpatterns,
    *applications.urlpatterns,
    *reviews.urlpatterns,
    *decision_pack.urlpatterns,
    *reports.urlpatterns,
    *follow_up.urlpatterns,
]
