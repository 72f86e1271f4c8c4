"""Field types and the base class shared by the API schemas."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

import ninja
from django.core.exceptions import ValidationError
from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from klynge.core.dates import in_range, out_of_range_message
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


# A link people enter (website, online link, evidence): http(s) only, the one validator in core.
WebUrl = Annotated[str, Field(max_length=MAX_LENGTH), AfterValidator(_web_url)]
# A date in a query parameter, inside the one range of core.dates.
Date = Annotated[datetime.date, AfterValidator(_bounded)]


class Schema(ninja.Schema):
    """Every input schema refuses dates outside the range of core.dates (422 on the field).

    Responses are not checked (ninja validates them with a `response_status` in the context): a
    page must still show what is stored.
    """

    @field_validator("*", mode="after", check_fields=False)
    @classmethod
    def _dates_in_range(cls, value: Any, info: ValidationInfo) -> Any:
        if (info.context or {}).get("response_status") is None:
            _bounded(value)
        return value
