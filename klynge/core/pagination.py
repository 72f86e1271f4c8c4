"""Pagination for server-rendered lists, keeping the other query parameters in page links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(
    request: HttpRequest, items: Any, per_page: int | None = None, *, count: int | None = None
) -> Page:
    """The requested page of `items`; pass `count` when it is already known (saves a query)."""
    paginator = Paginator(items, per_page or settings.KLYNGE_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value
    return paginator.get_page(request.GET.get("page"))
