"""The one validator for links that people enter (websites, online links, evidence links).

Only `http` and `https` pass, so a stored link can never run script (`javascript:`, `data:`, ...).
Every path in uses it: model fields (`WebURLField`, so forms, the admin and `full_clean`), services
(`clean_web_url` / `clean_web_urls`, for the API and imports) and API schemas (`WebUrl`). Templates
render stored links through the `web_href` filter, which drops anything that would not pass today.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

SCHEMES = ("http", "https")
MAX_LENGTH = 200
_validator = URLValidator(schemes=list(SCHEMES))
INVALID = _("Enter a web address that starts with http:// or https://.")


def normalise_web_url(value: Any) -> str:
    """The stored form of a link: stripped, `https://` added when no scheme was typed; "" stays "".

    Raises ValidationError for anything that is not an http(s) address of at most MAX_LENGTH characters.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    try:
        scheme = urlsplit(text).scheme
    except ValueError as error:
        raise ValidationError(INVALID, code="invalid") from error
    if not scheme and not text.startswith(("/", ":")):
        text = "https://" + text
    elif scheme.lower() not in SCHEMES:
        raise ValidationError(INVALID, code="invalid")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("Enter at most %(max)s characters.") % {"max": MAX_LENGTH}, code="max_length"
        )
    try:
        _validator(text)
    except ValidationError as error:
        raise ValidationError(INVALID, code="invalid") from error
    return text


def validate_web_url(value: Any) -> None:
    """Model and form validator: raises ValidationError unless the value is a safe web link."""
    if value not in (None, ""):
        normalise_web_url(value)


def is_web_url(value: Any) -> bool:
    try:
        return bool(normalise_web_url(value))
    except ValidationError:
        return False


def clean_web_url(value: Any, *, field: str) -> str:
    """For services: the normalised link, or a DomainError on `field` (the API answers 400)."""
    try:
        return normalise_web_url(value)
    except ValidationError as error:
        raise DomainError(str(error.messages[0]), field=field) from error


def web_url_field_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.get_fields() if isinstance(f, WebURLField)]


def clean_web_urls(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Normalise (in place, and return) every link field of `model` present in `values`."""
    for name in web_url_field_names(model):
        if name in values and values[name] is not None:
            values[name] = clean_web_url(values[name], field=name)
    return values


class WebURLFormField(forms.URLField):
    default_validators = [validate_web_url]

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        try:
            return normalise_web_url(text)
        except ValidationError:
            return text  # the validators report it with the field's message


class WebURLField(models.URLField):  # type: ignore[type-arg]  # django-stubs' field generics
    """A URLField that accepts only http(s) links; migrations see a plain URLField."""

    default_validators = [validate_web_url]

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
