from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from klynge.core.identity import normalise_email

from .models import ApiToken
from .services import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        # The lockout (django-axes) and the login see the same normalised address.
        return normalise_email(self.cleaned_data.get("username"))


class EmailPasswordResetForm(PasswordResetForm):
    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))


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
