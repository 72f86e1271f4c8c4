"""Cell cleaners of the member import: (text, topic_lookup, today) -> value, or raise RowError."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from klynge.core.weblinks import normalise_web_url
from klynge.members.orgnumbers import normalise_org_number

from .columns import category_codes, kind_codes, parse_category, parse_kind

COUNTRY_NAMES = {
    "norge": "NO",
    "norway": "NO",
    "noreg": "NO",
    "sverige": "SE",
    "sweden": "SE",
    "danmark": "DK",
    "denmark": "DK",
    "finland": "FI",
    "suomi": "FI",
    "island": "IS",
    "iceland": "IS",
    "tyskland": "DE",
    "germany": "DE",
    "storbritannia": "GB",
    "united kingdom": "GB",
    "uk": "GB",
}
_NACE = re.compile(r"^(\d{2})(?:\.?(\d{1,3}))?$")


class RowError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def text_cleaner(text: str, *_args: Any) -> str:
    return re.sub(r"\s+", " ", text)


def _org_number(text: str, *_args: Any) -> str | None:
    compact = re.sub(r"[\s.\-\u00a0]", "", text).upper()
    compact = compact.removeprefix("NO").removesuffix("MVA")
    try:
        return normalise_org_number(compact)
    except ValidationError as exc:
        raise RowError(
            _("“%(value)s” is not a valid Norwegian organisation number (9 digits, check digit).")
            % {"value": text}
        ) from exc


def _country(text: str, *_args: Any) -> str:
    code = COUNTRY_NAMES.get(text.casefold(), text.upper())
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise RowError(
            _("“%(value)s” is not a two-letter country code (e.g. NO, SE).") % {"value": text}
        )
    return code


def _kind(text: str, *_args: Any) -> str:
    kind = parse_kind(text)
    if kind is None:
        raise RowError(
            _("“%(value)s” is not a kind; use one of %(codes)s.")
            % {"value": text, "codes": ", ".join(kind_codes())}
        )
    return kind


def _category(text: str, *_args: Any) -> str:
    category = parse_category(text)
    if category is None:
        raise RowError(
            _("“%(value)s” is not a category; use one of %(codes)s.")
            % {"value": text, "codes": ", ".join(category_codes())}
        )
    return category


def _whole_number(text: str, *_args: Any) -> int:
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    compact = re.sub(r"[.,]0+$", "", compact)
    if not compact.isdigit():
        raise RowError(_("“%(value)s” is not a whole number of zero or more.") % {"value": text})
    if len(compact) > 9:
        raise RowError(_("“%(value)s” is too large.") % {"value": text})
    return int(compact)


def _nace_codes(text: str, *_args: Any) -> list[str]:
    codes: list[str] = []
    for part in re.split(r"[;,\s]+", text):
        if not part:
            continue
        match = _NACE.match(part)
        if not match:
            raise RowError(_("“%(value)s” is not an industry code like 62.010.") % {"value": part})
        code = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
        if code not in codes:
            codes.append(code)
    return codes


def _website(text: str, *_args: Any) -> str:
    try:
        return normalise_web_url(text)
    except ValidationError as exc:
        raise RowError(_("“%(value)s” is not a web address.") % {"value": text}) from exc


def parse_date(text: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _joined_on(text: str, _lookup: Any, today: datetime.date) -> datetime.date:
    value = parse_date(text)
    if value is None:
        raise RowError(
            _("“%(value)s” is not a date; write YYYY-MM-DD or DD.MM.YYYY.") % {"value": text}
        )
    if value.year < 1900 or value > today + datetime.timedelta(days=366):
        raise RowError(_("%(value)s is not a plausible joining date.") % {"value": text})
    return value


def _email(text: str, *_args: Any) -> str:
    try:
        validate_email(text)
    except ValidationError as exc:
        raise RowError(_("“%(value)s” is not an email address.") % {"value": text}) from exc
    return text.lower()


def _topics(text: str, lookup: Mapping[str, str], _today: Any) -> list[str]:
    slugs: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        slug = lookup.get(part.casefold())
        if slug is None:
            unknown.append(part)
        elif slug not in slugs:
            slugs.append(slug)
    if unknown:
        raise RowError(_("unknown topic(s): %(topics)s.") % {"topics": ", ".join(unknown)})
    return slugs


CLEANERS: dict[str, Callable[..., Any]] = {
    "org_number": _org_number,
    "country": _country,
    "kind": _kind,
    "category": _category,
    "employees": _whole_number,
    "annual_fee": _whole_number,
    "nace_codes": _nace_codes,
    "website": _website,
    "joined_on": _joined_on,
    "contact_email": _email,
    "topics": _topics,
}
