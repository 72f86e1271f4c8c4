"""Template side of `core.navigation`: ``{% nav_entries "main" as entries %}``."""

from __future__ import annotations

from typing import Any

from django import template

from ..navigation import entries

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_entries(context: Any, menu: str, obj: Any = None) -> list[dict[str, Any]]:
    request = context.get("request")
    user = getattr(request, "user", None)
    current = request.path if request is not None else ""
    return entries(menu, user, obj, current=current)
