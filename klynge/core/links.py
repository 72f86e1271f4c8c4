"""Links: absolute ones for mails, calendars and PDFs (from KLYNGE_BASE_URL), and the safe
`next` page a flow returns to."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def site_url() -> str:
    return str(settings.KLYNGE_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    return site_url() + path


def local_next(request: Any, default: str = "") -> str:
    """The `next` page a flow returns to (POST first, then GET): a path on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def with_query(url: str, **params: Any) -> str:
    """`url` with `params` added to (or replacing those of) its query string."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({key: str(value) for key, value in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))
