"""`{{ value|web_href }}`: a stored link as an href, or "" when it is not an http(s) address."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import ValidationError

from klynge.core.weblinks import normalise_web_url

register = template.Library()


@register.filter
def web_href(value: Any) -> str:
    try:
        return normalise_web_url(value)
    except ValidationError:
        return ""
