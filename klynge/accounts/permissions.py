"""Who may do what with accounts and tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from klynge.accounts.typing import Viewer
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser


def can_manage_own_tokens(user: Viewer, obj: Any = None) -> bool:
    """Any logged-in user manages their own tokens; nobody manages another's."""
    if not is_authenticated(user):
        return False
    return obj is None or getattr(obj, "user_id", None) == user.pk


def can_write_with_token(user: Viewer, token: Any) -> bool:
    """A request that changes something (POST, PUT, PATCH, DELETE) needs a token of scope write."""
    return (
        is_authenticated(user)
        and getattr(token, "user_id", None) == user.pk
        and getattr(token, "scope", None) == "write"
    )


def can_view_own_profile(user: Viewer, obj: Any = None) -> bool:
    """Profile, password, language and tokens: any logged-in user, for themselves."""
    return is_authenticated(user)


def can_open_admin(user: Viewer, obj: Any = None) -> bool:
    """Django's admin site is for superusers only."""
    return is_superuser(user)


def can_work_without_two_factor(user: Viewer, obj: Any = None) -> bool:
    """Everyone, unless `KLYNGE_TWO_FACTOR_REQUIRED_FOR_STAFF` makes a second factor compulsory for
    programme officers and superusers."""
    if not settings.KLYNGE_TWO_FACTOR_REQUIRED_FOR_STAFF:
        return True
    return not (is_superuser(user) or is_programme_officer(user))
