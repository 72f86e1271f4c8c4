"""Page-number pagination for every API list: ?page=N&page_size=M -> {items, count, page, pages}.

A page past the last one is a 404 on `page` (page 1 always exists, empty or not).
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from klynge.core.errors import NotFound

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

    def paginate_queryset(self, queryset: Any, pagination: Input, **params: Any) -> Any:
        count = self._items_count(queryset)
        pages = max(1, math.ceil(count / pagination.page_size))
        if pagination.page > pages:
            raise NotFound(
                f"There is no page {pagination.page}: the list has {pages}.",
                code="page_out_of_range",
                field="page",
            )
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": list(queryset[offset : offset + pagination.page_size]),
            "count": count,
            "page": pagination.page,
            "pages": pages,
        }
