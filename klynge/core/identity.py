"""The one normal form of an email address used as an identity (login, lockout, reset, rate limits).

Login matches addresses case-insensitively, so everything that counts or locks per address must see the
same string: `Kari@Example.org ` and `kari@example.org` are one person to the lockout, the login, the
password reset and the rate limits.
"""

from __future__ import annotations

import unicodedata
from typing import Any


def normalise_email(value: Any) -> str:
    """Strip surrounding whitespace, fold compatibility forms and case: one key per address."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().casefold()


def axes_username(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """django-axes reads the username through this (AXES_USERNAME_CALLABLE), so lockouts are per address."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_email(credentials.get(field) or credentials.get("username"))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_email(data.get(field))
