"""Course pages (each area module in `views/` ends with its own `urlpatterns`)."""

from __future__ import annotations

from django.urls import URLPattern

from .views import catalogue, certificates, company, enrolments, kpis, staff

app_name = "learning"

urlpatterns: list[URLPattern] = [
    *staff.urlpatterns,
    *catalogue.urlpatterns,
    *company.urlpatterns,
    *enrolments.urlpatterns,
    *certificates.urlpatterns,
    *kpis.urlpatterns,
]
