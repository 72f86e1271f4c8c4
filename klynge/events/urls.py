from __future__ import annotations

from django.urls import URLPattern

from .views import public

app_name = "events"

urlpatterns: list[URLPattern] = [*public.urlpatterns]
