"""Absolute links for mails, calendars and PDFs, from the KLYNGE_BASE_URL setting."""

from __future__ import annotations

from django.conf import settings


def site_url() -> str:
    return str(settings.KLYNGE_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    return site_url() + path
