"""Absolute links for mails and calendars (the site address is the KLYNGE_BASE_URL setting)."""

from __future__ import annotations

from klynge.core.links import absolute_url, site_url

__all__ = ["absolute_url", "site_url"]
