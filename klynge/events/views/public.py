"""Public event pages (stub; filled in with the views)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("")


def manage_registration(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse("")


urlpatterns = [
    path("events/<int:pk>/", event_detail, name="detail"),
    path("events/r/<str:token>/", manage_registration, name="manage_registration"),
]
