"""Field types and the base class shared by the API schemas: links, dates in range, bounded whole
numbers, decimals and clock times.

Whole numbers end up in database integer columns; without an upper bound a huge value is a 500 from
the database instead of a 422 on its field. `MAX_INT` fits an integer column on every backend.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Annotated, Any, get_args

import ninja
from annotated_types import GroupedMetadata
from django.core.exceptions import ValidationError
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from klynge.core.dates import in_range, out_of_range_message
from klynge.core.limits import MAX_INT
from klynge.core.weblinks import MAX_LENGTH, normalise_web_url


def _web_url(value: str) -> str:
    try:
        return normalise_web_url(value)
    except ValidationError as error:
        raise ValueError(str(error.messages[0])) from error


def _bounded(value: Any) -> Any:
    items = value if isinstance(value, list | tuple | set) else [value]
    if not all(in_range(item) for item in items):
        raise ValueError(out_of_range_message())
    return value


# What the document promises a link may look like: empty, or an http(s) address (the scheme may be
# left out: https:// is added, and must still fit MAX_LENGTH). A subset of what the validator takes.
_HOST = r"([A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?\.)+[A-Za-z]{2,10}"
_PATH = r"(/[A-Za-z0-9._~%-]*)*"
WEB_URL_PATTERN = (
    rf"^$|^(?=.{{1,{MAX_LENGTH}}}$)https?://{_HOST}{_PATH}$"
    rf"|^(?=.{{1,{MAX_LENGTH - len('https://')}}}$){_HOST}{_PATH}$"
)

# A link people enter (website, online link, evidence): http(s) only, the one validator in core.
WebUrl = Annotated[
    str,
    Field(max_length=MAX_LENGTH),
    AfterValidator(_web_url),
    WithJsonSchema({"type": "string", "pattern": WEB_URL_PATTERN}),
]


def _whole(value: Any) -> Any:
    """A JSON integer (2 or 2.0), not `true` or "2" (which pydantic's lax mode would take)."""
    if isinstance(value, (bool, str)):
        raise ValueError("Enter a whole number.")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Whole numbers as types (Annotated, so type checkers read them as int): WHOLE refuses 7.5 and "7".
WHOLE = BeforeValidator(_whole)
# A count, quantity or amount in NOK: 0 up to what an integer column holds.
Count = Annotated[int, Field(ge=0, le=MAX_INT), WHOLE]
# A capacity, a maximum: 1 up to what an integer column holds.
AtLeastOne = Annotated[int, Field(ge=1, le=MAX_INT), WHOLE]
# Any whole number an integer column holds (ids, slots, years).
WholeNumber = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT), WHOLE]


def _no_float(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        raise ValueError('Send a decimal number as a string, e.g. "7.5" (or a whole number).')
    return value


class _Annotations(GroupedMetadata):
    """Several annotations as one (pydantic unpacks them in order), so that a type built by a
    function is still written `Annotated[...]` in place, which a type checker reads as a type."""

    def __init__(self, *annotations: Any) -> None:
        self.annotations = annotations

    def __iter__(self) -> Iterator[Any]:
        return iter(self.annotations)


def decimal_input(
    *,
    digits: int,
    places: int,
    maximum: int | None = None,
    positive: bool = False,
    pattern: str | None = None,
) -> GroupedMetadata:
    """A decimal number >= 0 sent as a string ("7.5") or a whole number, described exactly:
    `Annotated[Decimal, decimal_input(...)]`.

    `digits`/`places` as on the model's DecimalField; `positive` excludes 0; `pattern` replaces the
    one built from the digits when `maximum` is below what the digits allow.
    """
    whole = digits - places
    if pattern is None:
        pattern = rf"^[0-9]{{1,{whole}}}(\.[0-9]{{1,{places}}})?$"
        if positive:
            pattern = "^(?=.*[1-9])" + pattern[1:]
    upper = maximum if maximum is not None else 10**whole - 1
    constraints: dict[str, Any] = {"gt": 0} if positive else {"ge": 0}
    if maximum is not None:
        constraints["le"] = maximum
    integer = {"type": "integer", "minimum": 1 if positive else 0, "maximum": upper}
    return _Annotations(
        *Field(max_digits=digits, decimal_places=places, **constraints).metadata,
        BeforeValidator(_no_float),
        WithJsonSchema({"anyOf": [integer, {"type": "string", "pattern": pattern}]}),
    )


CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _clock(value: Any) -> Any:
    if isinstance(value, datetime.time):
        return value
    if not isinstance(value, str) or not re.match(CLOCK_PATTERN, value):
        raise ValueError("Enter a time of day as HH:MM.")
    return datetime.time.fromisoformat(value)


# A clock time without a zone ("09:00" or "09:00:00"). JSON Schema's `time` format requires a zone
# offset, which these times do not have, so the document describes them by pattern instead.
ClockTime = Annotated[
    datetime.time,
    BeforeValidator(_clock),
    WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN}),
]


# What the document promises a date may look like: inside the one range of core.dates (years 1800 to
# 2100), every month's days (29 February left out: a subset of what the validator takes). JSON
# Schema's `format` cannot say "from 1800", so input dates are described by pattern instead.
_YEAR = r"(1[89][0-9]{2}|20[0-9]{2}|2100)"
_DAY = r"((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
DATE_PATTERN = rf"^{_YEAR}-{_DAY}$"
DATETIME_PATTERN = (
    rf"^{_YEAR}-{_DAY}T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{{1,6}})?)?"
    r"(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])$"
)
_PATTERNS = {"date": DATE_PATTERN, "date-time": DATETIME_PATTERN}


def _dates_by_pattern(schema: Any) -> None:
    """Describe every date and date-time of an input schema by the pattern of the accepted range."""
    if isinstance(schema, list):
        for item in schema:
            _dates_by_pattern(item)
        return
    if not isinstance(schema, dict):
        return
    kind = schema.get("format")
    pattern = _PATTERNS.get(kind) if isinstance(kind, str) else None
    if pattern is not None and schema.get("type") == "string":
        del schema["format"]
        schema["pattern"] = pattern
    for key, value in schema.items():
        if key != "$defs":  # nested models are described by their own class
            _dates_by_pattern(value)


_DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATE_TYPES = (datetime.date, datetime.datetime)


def _date_text(value: Any) -> Any:
    """A date comes as YYYY-MM-DD (pydantic alone would also take a number as a Unix time)."""
    if isinstance(value, datetime.date) or (isinstance(value, str) and _DATE_TEXT.match(value)):
        return value
    raise ValueError("Enter a date as YYYY-MM-DD.")


def _takes_a_date(annotation: Any) -> bool:
    if annotation in _DATE_TYPES:
        return True
    return any(_takes_a_date(arg) for arg in get_args(annotation))


# A date in a query parameter, inside the one range of core.dates.
Date = Annotated[
    datetime.date,
    BeforeValidator(_date_text),
    AfterValidator(_bounded),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN}),
]


class Schema(ninja.Schema):
    """Every input schema refuses dates outside the range of core.dates (422 on the field).

    Responses are not checked (ninja validates them with a `response_status` in the context): a
    page must still show what is stored. The document says so: input dates carry the range's
    pattern (`_dates_by_pattern`); output schemas keep the plain `format`.
    """

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        schema = super().__get_pydantic_json_schema__(core_schema, handler)
        if handler.mode == "validation":
            _dates_by_pattern(handler.resolve_ref_schema(schema).get("properties", {}))
        return schema

    @field_validator("*", mode="before", check_fields=False)
    @classmethod
    def _dates_as_text(cls, value: Any, info: ValidationInfo) -> Any:
        """A number is no date, although pydantic would read it as a Unix time."""
        if isinstance(value, int | float) and not isinstance(value, bool) and info.field_name:
            field = cls.model_fields.get(info.field_name)
            if field is not None and _takes_a_date(field.annotation):
                raise ValueError("Enter a date as YYYY-MM-DD.")
        return value

    @field_validator("*", mode="after", check_fields=False)
    @classmethod
    def _dates_in_range(cls, value: Any, info: ValidationInfo) -> Any:
        if (info.context or {}).get("response_status") is None:
            _bounded(value)
        return value
