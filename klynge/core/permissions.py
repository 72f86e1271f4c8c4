"""The one permission mechanism: predicates `can_<verb>_<entity>(user, obj) -> bool` and `require`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from klynge.core.typing import BaseViewer

# A predicate as a registry keeps it (navigation entries, workflow transitions, search sources): each
# app's predicates take that app's user type, so the registry cannot name one.
Predicate = Callable[[Any, Any], bool]
U = TypeVar("U")  # whoever the predicate asks about (a Viewer, or an Actor for a service's check)
T = TypeVar("T")
A = TypeVar("A", bound=AbstractBaseUser)


def require(predicate: Callable[[U, Any], bool], user: U, obj: Any = None) -> None:
    """Raise PermissionDenied unless `predicate(user, obj)` holds."""
    if not predicate(user, obj):
        raise PermissionDenied(getattr(predicate, "__name__", "permission denied"))


def require_any(predicate: Callable[[U, Any], bool], user: U, objects: Iterable[T]) -> list[T]:
    """The objects for which `predicate(user, obj)` holds; PermissionDenied when there is none."""
    allowed = [obj for obj in objects if predicate(user, obj)]
    if not allowed:
        raise PermissionDenied(getattr(predicate, "__name__", "permission denied"))
    return allowed


def is_authenticated(user: BaseViewer | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_superuser(user: BaseViewer | None) -> bool:
    return is_authenticated(user) and bool(getattr(user, "is_superuser", False))


def is_programme_officer(user: BaseViewer | None) -> bool:
    """Programme officers work for the programme owner and see every cluster."""
    return is_authenticated(user) and bool(getattr(user, "is_programme_officer", False))


def everyone(user: BaseViewer | None, obj: Any = None) -> bool:
    """Public pages: anyone, logged in or not."""
    return True


def acting(user: A | AnonymousUser) -> A:
    """`request.user` of a view or router that needs a login, as the user who acts (`Actor`).

    `login_required` and the API's token authentication never let an anonymous visitor through;
    should one arrive anyway, this refuses (PermissionDenied) rather than act as nobody.
    """
    if not user.is_authenticated:
        raise PermissionDenied
    return user
