"""The one permission mechanism: predicates `can_<verb>_<entity>(user, obj) -> bool` and `require`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

Predicate = Callable[[Any, Any], bool]


def require(predicate: Predicate, user: Any, obj: Any = None) -> None:
    """Raise PermissionDenied unless `predicate(user, obj)` holds."""
    if not predicate(user, obj):
        raise PermissionDenied(getattr(predicate, "__name__", "permission denied"))


def require_any(predicate: Predicate, user: Any, objects: Any) -> list[Any]:
    """The objects for which `predicate(user, obj)` holds; PermissionDenied when there is none."""
    allowed = [obj for obj in objects if predicate(user, obj)]
    if not allowed:
        raise PermissionDenied(getattr(predicate, "__name__", "permission denied"))
    return allowed


def is_authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_superuser(user: Any) -> bool:
    return is_authenticated(user) and bool(getattr(user, "is_superuser", False))


def is_programme_officer(user: Any) -> bool:
    """Programme officers work for the programme owner and see every cluster."""
    return is_authenticated(user) and bool(getattr(user, "is_programme_officer", False))


def everyone(user: Any, obj: Any = None) -> bool:
    """Public pages: anyone, logged in or not."""
    return True
