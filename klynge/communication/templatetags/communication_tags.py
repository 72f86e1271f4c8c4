"""`{{ text|markdown }}`: Markdown rendered and sanitised (see `communication.markdown`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ..markdown import render_markdown

register = template.Library()


@register.filter
def markdown(source: str) -> SafeString:
    return render_markdown(source)
