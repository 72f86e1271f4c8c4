"""Pagination for server-rendered lists, keeping the other query parameters in page links.

Deep pages read from the nearer end: past the middle of an ordered list, the page is fetched in
the reversed order with a small offset and turned round, so the last page costs what the first
does and no page costs more than half the list (OFFSET makes the database step over every row
before the page). The orderings of the lists end with a unique key, so both ends agree.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_slice(items: Any, bottom: int, top: int, count: int) -> list[Any]:
    """``items[bottom:top]`` of a list of `count` items, read from the nearer end when `items`
    is an ordered queryset (or anything with ``ordered`` and ``reverse()``)."""
    if bottom > count // 2 and getattr(items, "ordered", False) and hasattr(items, "reverse"):
        return list(items.reverse()[count - top : count - bottom])[::-1]
    return list(items[bottom:top])


class NearerEndPaginator(Paginator[Any]):
    """A Paginator whose deep pages are read from the nearer end (`page_slice`)."""

    def page(self, number: int | str) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # Django's `_get_page` hook only builds a Page; no subclass here replaces it.
        return Page(page_slice(self.object_list, bottom, top, self.count), number, self)


def paginate(
    request: HttpRequest, items: Any, per_page: int | None = None, *, count: int | None = None
) -> Page[Any]:
    """The requested page of `items`; pass `count` when it is already known (saves a query)."""
    paginator = NearerEndPaginator(items, per_page or settings.KLYNGE_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value
    return paginator.get_page(request.GET.get("page"))
