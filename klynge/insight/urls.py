"""Insight pages (each area module in `views/` ends with its own `urlpatterns`)."""

from __future__ import annotations

from django.urls import URLPattern

from .views import answering, builder, dashboard, engagement, network, results, sending

app_name = "insight"

urlpatterns: list[URLPattern] = [
    *builder.urlpatterns,
    *answering.urlpatterns,
    *sending.urlpatterns,
    *results.urlpatterns,
    *engagement.urlpatterns,
    *network.urlpatterns,
    *dashboard.urlpatterns,
]
