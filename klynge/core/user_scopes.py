"""What a logged-in user may act on, read in one query for every app at once.

Each app knows one part of a user's scope (clusters: team roles; members: the organisation the
user speaks for and its clusters; programme: whether they evaluate) and caches it on the user
object for the request. Read separately, that is a query per app on every page. Instead each app
registers its part here as an annotation of the user row plus a function that stores the value on
the user; the first predicate that needs any part loads them all with one query (`load`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Expression

from klynge.core.typing import BaseViewer

_LOADED = "_klynge_scopes_loaded"


@dataclass(frozen=True)
class Scope:
    name: str
    expression: Callable[[], Expression]  # annotation of the user row (OuterRef("pk") is the user)
    remember: Callable[[Any, Any], None]  # (user, annotated value) -> store on the user


_SCOPES: dict[str, Scope] = {}


def register(
    name: str, expression: Callable[[], Expression], remember: Callable[[Any, Any], None]
) -> None:
    """Add (or replace, by name) a part of the user's scope."""
    _SCOPES[name] = Scope(name, expression, remember)


def load(user: BaseViewer) -> None:
    """Read every registered part of `user`'s scope with one query and store each on the user."""
    if not _SCOPES or not user.is_authenticated or user.pk is None:
        return
    aliases = {f"_scope_{name}": scope.expression() for name, scope in _SCOPES.items()}
    row = (
        get_user_model().objects.filter(pk=user.pk).annotate(**aliases).values(*aliases).first()
        or {}
    )
    for name, scope in _SCOPES.items():
        scope.remember(user, row.get(f"_scope_{name}"))
    setattr(user, _LOADED, True)


def forget(user: BaseViewer) -> None:
    """The next `load` reads the scope again (after a change to it within the request)."""
    if hasattr(user, _LOADED):
        delattr(user, _LOADED)
