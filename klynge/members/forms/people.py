"""Forms for people, member-contact invitations and personal data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.form_fields import model_choice_field

from ..models import Person


class PersonForm(forms.Form):
    """Parses the person fields; the service validates and saves them (errors land on fields)."""

    full_name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=_("Language for emails"), choices=settings.LANGUAGES, initial="nb"
    )
    consent_directory = forms.BooleanField(
        label=_("Visible to other members in the member directory"), required=False
    )
    consent_newsletter = forms.BooleanField(label=_("Receives newsletters"), required=False)

    @classmethod
    def for_person(cls, person: Person, data: Any = None) -> PersonForm:
        initial = {name: getattr(person, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class InvitationForm(forms.Form):
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, clusters: list[Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "cluster")
        field.queryset = Cluster.objects.filter(pk__in=[c.pk for c in clusters]).order_by("name")
        if len(clusters) == 1:
            field.initial = clusters[0].pk
            field.widget = forms.HiddenInput()


class AcceptInvitationForm(forms.Form):
    """Choose a password. Django's password validators run in the service, against the new login."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password1(self) -> str:
        """Each failed validator is its own message on the field (the service checks again)."""
        password = self.cleaned_data["password1"]
        candidate = get_user_model()(email=self.person.email, full_name=self.person.full_name)
        password_validation.validate_password(password, candidate)
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this removes the person's identity and cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
