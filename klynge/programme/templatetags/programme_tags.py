"""Template tags other apps use to show a cluster's programme level and label.

On one page::

    {% load programme_tags %}{% level_badge cluster %}

In a list (two queries for the whole page, not two per row)::

    {% load programme_tags %}{% programme_badges page.object_list as badges %}
    {% for cluster in page.object_list %}{% level_badge cluster badges %}{% endfor %}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from ..selectors.statuses import Badge, badge_map

register = template.Library()


@register.simple_tag
def programme_badges(clusters: Iterable[Any]) -> dict[int, Badge]:
    return badge_map([cluster.pk for cluster in clusters])


@register.inclusion_tag("programme/_level_badge.html")
def level_badge(cluster: Any, badges: dict[int, Badge] | None = None) -> dict[str, Any]:
    if badges is None:
        badges = badge_map([cluster.pk])
    return {"cluster": cluster, "badge": badges.get(cluster.pk)}


@register.filter
def points(value: Any) -> str:
    """Points without trailing zeros: 7.50 -> 7.5, 10.0 -> 10; empty for None."""
    if value is None or value == "":
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ row.figures|get_item:key }}`: a value from a dict by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
