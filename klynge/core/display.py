"""Values prepared for display in Python, for lists whose rows would otherwise run the same
template filters hundreds of times (choice labels, localised dates)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.formats import date_format


def choice_labels(choices: Iterable[tuple[Any, Any]]) -> dict[Any, str]:
    """``{value: label}`` with every (lazy) label translated once, in the active language."""
    return {value: str(label) for value, label in choices}


def short_date(value: datetime.date | None) -> str:
    """The date as ``{{ value|date:"SHORT_DATE_FORMAT" }}`` shows it; "" for None."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""
