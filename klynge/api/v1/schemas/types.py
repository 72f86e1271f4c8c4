"""Field types shared by the input schemas."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from pydantic import AfterValidator, Field

from klynge.core.weblinks import MAX_LENGTH, normalise_web_url


def _web_url(value: str) -> str:
    try:
        return normalise_web_url(value)
    except ValidationError as error:
        raise ValueError(str(error.messages[0])) from error


# A link people enter (website, online link, evidence): http(s) only, the one validator in core.
WebUrl = Annotated[str, Field(max_length=MAX_LENGTH), AfterValidator(_web_url)]
