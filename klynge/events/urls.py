from __future__ import annotations

from django.urls import URLPattern

from .views import checkin, company, public, staff

app_name = "events"

urlpatterns: list[URLPattern] = [
    *public.urlpatterns,
    *staff.urlpatterns,
    *company.urlpatterns,
    *checkin.urlpatterns,
]
