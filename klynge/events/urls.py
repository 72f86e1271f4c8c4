from __future__ import annotations

from django.urls import URLPattern

from .views import checkin, company, participants, public, staff

app_name = "events"

urlpatterns: list[URLPattern] = [
    *public.urlpatterns,
    *staff.urlpatterns,
    *participants.urlpatterns,
    *company.urlpatterns,
    *checkin.urlpatterns,
]
