"""Template side of `core.extensions` badges.

In a list (the providers run once for the page)::

    {% load extension_tags %}{% slot_badges "cluster_badges" page.object_list as badges %}
    {% for cluster in page.object_list %}{{ badges|badge_for:cluster }}{% endfor %}

For one object: ``{% slot_badges "cluster_badges" cluster as badges %}{{ badges|badge_for:cluster }}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from ..extensions import badges

register = template.Library()


@register.simple_tag
def slot_badges(slot: str, objects: Any) -> dict[Any, str]:
    many = objects if hasattr(objects, "__iter__") else [objects]
    return badges(slot, many)


@register.filter
def badge_for(found: dict[Any, str], obj: Any) -> str:
    return found.get(getattr(obj, "pk", obj), "")
