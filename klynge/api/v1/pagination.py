"""Page-number pagination for every API list: ?page=N&page_size=M -> {items, count, page, pages}.

A page past the last one is a 404 on `page` (page 1 always exists, empty or not).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from klynge.core.errors import NotFound
from klynge.core.pagination import page_slice

MAX_PAGE_SIZE = 500


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int = Field(settings.KLYNGE_API_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int

    items_attribute: str = "items"

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        count = self._items_count(queryset)
        pages = max(1, math.ceil(count / pagination.page_size))
        if pagination.page > pages:
            raise NotFound(
                f"There is no page {pagination.page}: the list has {pages}.",
                code="page_out_of_range",
                field="page",
            )
        offset = (pagination.page - 1) * pagination.page_size
        top = min(offset + pagination.page_size, count)
        return {
            "items": page_slice(queryset, offset, top, count) if offset < count else [],
            "count": count,
            "page": pagination.page,
            "pages": pages,
        }


class Mapped(Sequence[Any]):
    """A queryset seen through a function, so pagination slices first and maps only one page.

    `function` maps one item; `batch` (instead) maps a whole page at once, for output that needs
    one query per page rather than one per item (e.g. figures of a page of clusters).
    """

    def __init__(
        self,
        queryset: Any,
        function: Callable[[Any], Any] | None = None,
        *,
        batch: Callable[[list[Any]], list[Any]] | None = None,
        count: Callable[[], int] | None = None,
    ) -> None:
        if batch is None:
            if function is None:
                raise TypeError("Mapped needs a function or a batch.")
            batch = partial(_each, function)
        self.queryset = queryset
        self.batch = batch
        self.counted = (
            count or queryset.count
        )  # a cheaper count of the same rows, when there is one

    def __len__(self) -> int:
        return self.counted()

    @property
    def ordered(self) -> bool:
        return bool(getattr(self.queryset, "ordered", False))

    def reverse(self) -> Mapped:
        return Mapped(self.queryset.reverse(), batch=self.batch, count=self.counted)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.batch(list(self.queryset[index]))
        return self.batch([self.queryset[index]])[0]


def _each(function: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    return [function(item) for item in items]
