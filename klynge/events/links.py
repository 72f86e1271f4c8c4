"""Absolute links for mails and calendars (set KLYNGE_SITE_URL in production)."""

from __future__ import annotations

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    return str(getattr(settings, "KLYNGE_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    return site_url() + path
