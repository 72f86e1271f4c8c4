"""Cached figures of the member registry (see `klynge.core.cache`): directory filter choices and the
like. Every write to memberships or organisations invalidates them (`invalidate_member_figures`)."""

from __future__ import annotations

from klynge.core.cache import invalidate

MEMBERS_FIGURES = "members"


def invalidate_member_figures() -> None:
    invalidate(MEMBERS_FIGURES)
