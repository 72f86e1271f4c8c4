"""Turn a template and a context into a mail in the recipient's language (text and HTML parts).

A template name ``"events/email/confirmation"`` means ``…_subject.txt``, ``….txt`` and, when it
exists, ``….html``; without an HTML template the text is shown in the shared HTML layout (escaped,
links made clickable). Every context also gets ``site_url`` and ``preferences_url``, built by
`klynge.core.links` from KLYNGE_BASE_URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import Context, TemplateDoesNotExist
from django.template.backends.django import Template as DjangoTemplate
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

from klynge.core.links import absolute_url, site_url


@dataclass(frozen=True)
class Recipient:
    """An address, with the language and name to write to it in (both optional)."""

    email: str
    language: str = ""
    name: str = ""

    @property
    def short_name(self) -> str:
        return self.name.split(" ")[0] if self.name.strip() else self.email

    @classmethod
    def of(cls, obj: Any, *, language: str = "") -> Recipient:
        """A recipient from a person or a user (their `email`, `language`, full name)."""
        name = getattr(obj, "full_name", "") or ""
        return cls(
            email=(getattr(obj, "email", "") or "").strip(),
            language=language or getattr(obj, "language", "") or "",
            name=name,
        )


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str | bytes
    mimetype: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def language_for(recipient: Recipient) -> str:
    """The recipient's own language, else their login's, else the site's."""
    if recipient.language in LANGUAGE_CODES:
        return recipient.language
    user = (
        get_user_model()
        .objects.filter(email__iexact=recipient.email)
        .values_list("language", flat=True)
        .first()
    )
    return user if user in LANGUAGE_CODES else settings.LANGUAGE_CODE


def preferences_url() -> str:
    return absolute_url(reverse("notifications:settings"))


def text_as_html(text: str) -> str:
    return linebreaks_filter(mark_safe(urlize(escape(text), nofollow=True)), autoescape=False)


def render_text(name: str, context: dict[str, Any]) -> str:
    """A plain-text template, never HTML-escaped (whatever the template itself says)."""
    template = cast(DjangoTemplate, get_template(name))  # settings.TEMPLATES: Django's engine only
    return template.template.render(Context(context, autoescape=False))


def render(template: str, context: dict[str, Any], *, language: str) -> Rendered:
    """Render the three parts of a mail in `language`, with times in the site's time zone."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        full = {
            "site_url": site_url(),
            "preferences_url": preferences_url(),
            "language": language,
            **context,
        }
        subject = " ".join(render_text(f"{template}_subject.txt", full).split())
        text = render_text(f"{template}.txt", full)
        try:
            body = get_template(f"{template}.html").render(full)
        except TemplateDoesNotExist:
            body = text_as_html(text)
        html = render_to_string(
            "notifications/email/layout.html",
            {**full, "subject": subject, "body": mark_safe(body)},
        )
    return Rendered(subject=subject[:300], text=text, html=html)
