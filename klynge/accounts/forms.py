from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from klynge.core.botcheck import BotCheckForm
from klynge.core.identity import normalise_email
from klynge.core.links import absolute_url
from klynge.notifications.kinds import Kind
from klynge.notifications.services import Recipient, notify

from .models import ApiToken
from .services import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS

KINDS = (Kind("accounts.password_reset", _("Password reset links")),)


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        # The lockout (django-axes) and the login see the same normalised address.
        return normalise_email(self.cleaned_data.get("username"))


class EmailPasswordResetForm(BotCheckForm, PasswordResetForm):
    """Django's reset form on the normalised address, mailing through the hub (link from
    KLYNGE_BASE_URL, in the user's language, logged)."""

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        path = reverse("accounts:password_reset_confirm", args=[context["uid"], context["token"]])
        notify(
            kind="accounts.password_reset",
            to=Recipient(email=to_email, language=user.language, name=user.full_name),
            template="accounts/email/password_reset",
            context={"user": user, "link": absolute_url(path)},
        )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'Reporting script'."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        help_text=_("A read-only token cannot change anything."),
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=[
            (days, ngettext_lazy("%(count)d day", "%(count)d days", "count") % {"count": days})
            for days in EXPIRY_DAYS
        ],
        coerce=int,
        initial=DEFAULT_EXPIRY_DAYS,
    )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
