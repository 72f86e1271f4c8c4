"""Norwegian organisation numbers (organisasjonsnummer), validated with python-stdnum."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr


def normalise_org_number(value: str | None) -> str | None:
    """Return the 9 digits of a valid number, None for empty input; raise ValidationError else."""
    if value is None or not str(value).strip():
        return None
    try:
        return orgnr.validate(str(value))
    except StdnumError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid Norwegian organisation number (9 digits, check digit)."),
            code="invalid_org_number",
            params={"value": value},
        ) from exc


def validate_org_number(value: str | None) -> None:
    normalise_org_number(value)


def format_org_number(value: str | None) -> str:
    """'988077917' -> '988 077 917'."""
    if not value:
        return ""
    if len(value) == 9 and value.isdigit():  # as stored: no need to parse it again
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    return orgnr.format(value)
