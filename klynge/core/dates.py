"""The one range of dates Klynge accepts (1800-01-01 .. 2100-12-31), and the hooks that hold it.

The lower bound leaves room for the founding dates of old organisations in the Brønnøysund register;
a date outside the range is a typing mistake (year 0001, 20224), so every path in refuses it with the
same message: model fields (every DateField/DateTimeField of a Klynge model gets `validate_date_range`,
so ModelForms, the admin and `full_clean` check it), a last guard before any Klynge model is saved
(`guard_dates_before_save`, a DomainError on the field), services that write with `update()`
(`check_dates`), plain form fields (`BoundedDateField`, `BoundedDateTimeField`), the API's input
schemas (`klynge.api.v1.schemas.types`) and imports.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

MIN_YEAR, MAX_YEAR = 1800, 2100
MIN_DATE = datetime.date(MIN_YEAR, 1, 1)
MAX_DATE = datetime.date(MAX_YEAR, 12, 31)


def out_of_range_message() -> str:
    return str(
        _("Choose a date between %(start)s and %(end)s.") % {"start": MIN_YEAR, "end": MAX_YEAR}
    )


def in_range(value: Any) -> bool:
    """True for anything that is not a date, and for dates inside the range."""
    if isinstance(value, datetime.date):
        return MIN_YEAR <= value.year <= MAX_YEAR
    return True


def validate_date_range(value: Any) -> None:
    """A Django validator for date and datetime fields."""
    if not in_range(value):
        raise ValidationError(out_of_range_message(), code="date_out_of_range")


def check_dates(values: Mapping[str, Any]) -> None:
    """For services: a DomainError on the first date or datetime value outside the range."""
    for name, value in values.items():
        if not in_range(value):
            raise DomainError(out_of_range_message(), code="invalid_date", field=name)


def date_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.DateField)]


def check_instance_dates(instance: models.Model) -> None:
    check_dates({f.attname: getattr(instance, f.attname) for f in date_fields(type(instance))})


def guard_dates_before_save(sender: type[models.Model], instance: Any, raw: bool, **_: Any) -> None:
    """pre_save receiver for Klynge models: no row with a date outside the range is written."""
    if not raw and sender.__module__.startswith("klynge."):
        check_instance_dates(instance)


def bound_model_date_fields(model_list: Any) -> None:
    """Give every date field of the Klynge models the range validator (no migration: a default)."""
    for model in model_list:
        if not model.__module__.startswith("klynge."):
            continue
        for field in date_fields(model):
            if validate_date_range not in field.default_validators:
                field.default_validators = [*field.default_validators, validate_date_range]
                field.__dict__.pop("validators", None)  # recomputed with the range


class BoundedDateField(forms.DateField):
    default_validators = [validate_date_range]


class BoundedDateTimeField(forms.DateTimeField):
    default_validators = [validate_date_range]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter: 31 Jan + 1 -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))
