"""B2B matchmaking pages (each area module in `views/` ends with its own `urlpatterns`)."""

from __future__ import annotations

from django.urls import URLPattern

from .views import agenda, organiser, participant, requests, schedule

app_name = "matchmaking"

urlpatterns: list[URLPattern] = [
    *participant.urlpatterns,
    *requests.urlpatterns,
    *agenda.urlpatterns,
    *organiser.urlpatterns,
    *schedule.urlpatterns,
]
