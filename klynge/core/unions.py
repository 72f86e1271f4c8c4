"""Rows whose id comes from either of several indexed sources."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet


def pk_in_any(first: QuerySet[Any], *more: QuerySet[Any]) -> Q:
    """`pk IN (first UNION ALL more...)`: each source is read through its own index.

    `a OR pk IN (...)` makes the databases read every row the rest of the filter leaves; a union of
    id lists reads only the matching ones (an id found twice counts once under `IN`). Each source
    must select one id column.
    """
    return Q(pk__in=first.order_by().union(*(source.order_by() for source in more), all=True))
