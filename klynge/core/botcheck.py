"""A cheap bot check for public forms: a honeypot field people never see, and a signed time stamp
that proves the form was shown at least `KLYNGE_BOTCHECK_MIN_SECONDS` before it was sent.

Mix `BotCheckForm` into a form (first in the bases) and pass `bot_check=True` where the form is
public; `components/form.html` hides the honeypot.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "klynge.botcheck"
HONEYPOT = "homepage"
STAMP = "form_stamp"


class _TrapField(forms.CharField):
    """The honeypot: `components/form.html` hides a field whose `bot_trap` is true."""

    bot_trap = True


class BotCheckForm(forms.Form):
    def __init__(self, *args: Any, bot_check: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bot_check = bot_check and settings.KLYNGE_BOTCHECK_ENABLED
        if not self.bot_check:
            return
        trap = _TrapField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[HONEYPOT] = trap
        self.fields[STAMP] = forms.CharField(
            required=False,
            widget=forms.HiddenInput,
            initial=signing.dumps(time.time(), salt=SALT),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.bot_check:
            refused = forms.ValidationError(
                _("The form could not be accepted. Wait a moment and send it again."),
                code="bot_check",
            )
            if cleaned.get(HONEYPOT):
                raise refused
            try:
                shown = float(
                    signing.loads(
                        cleaned.get(STAMP) or "",
                        salt=SALT,
                        max_age=settings.KLYNGE_BOTCHECK_MAX_AGE_SECONDS,
                    )
                )
            except (signing.BadSignature, TypeError, ValueError) as error:
                raise refused from error
            if time.time() - shown < settings.KLYNGE_BOTCHECK_MIN_SECONDS:
                raise refused
        return cleaned
