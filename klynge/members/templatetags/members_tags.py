"""Template filters of the member registry."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch

from ..models import Membership, Organisation

register = template.Library()

_CHOICES = {
    "category": dict(Membership.Category.choices),
    "size_class": dict(Organisation.SizeClass.choices),
    "kind": dict(Organisation.Kind.choices),
}


@register.filter
def choice_label(value: Any, field: str) -> str:
    """The label of a stored choice (`{{ row.membership_category|choice_label:"category" }}`)."""
    if value in (None, ""):
        return ""
    return str(_CHOICES.get(field, {}).get(value, value))


@register.filter
def person_url(person: Any) -> str:
    """The person's page, or "" while the people pages are not installed."""
    try:
        return person.get_absolute_url()
    except NoReverseMatch:
        return ""
