"""Template filters of the member registry."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.urls import NoReverseMatch
from django.utils.translation import get_language

from ..models import Membership, Organisation

register = template.Library()

_CHOICES = {
    "category": dict(Membership.Category.choices),
    "size_class": dict(Organisation.SizeClass.choices),
    "kind": dict(Organisation.Kind.choices),
}


@lru_cache(maxsize=64)
def _labels(field: str, language: str) -> dict[Any, str]:
    """The choice labels of a field, translated once per language (not once per row)."""
    return {value: str(label) for value, label in _CHOICES.get(field, {}).items()}


@register.filter
def choice_label(value: Any, field: str) -> str:
    """The label of a stored choice (`{{ row.membership_category|choice_label:"category" }}`)."""
    if value in (None, ""):
        return ""
    return _labels(field, get_language() or "").get(value, str(value))


@register.filter
def person_url(person: Any) -> str:
    """The person's page, or "" while the people pages are not installed."""
    try:
        return person.get_absolute_url()
    except NoReverseMatch:
        return ""
