"""Views of this area of the member registry (filled in by its issue work)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
