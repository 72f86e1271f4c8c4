"""Money in the reader's language: ``{{ amount|money }}`` is "NOK 18,000,000" in English and
"18 000 000 kr" in Norwegian (grouped by Django's localisation, never wrapped inside a number)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def money(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = 0 if amount == amount.to_integral_value() else 2
    text = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    text = text.replace(" ", "\u00a0")
    return (_("NOK %(amount)s") % {"amount": text}).replace(" ", "\u00a0")
