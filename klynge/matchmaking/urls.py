"""B2B matchmaking pages (each area module in `views/` ends with its own `urlpatterns`)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "matchmaking"

urlpatterns: list[URLPattern] = []
