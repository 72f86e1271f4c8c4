from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.form_fields import choice_field

from . import kinds
from .models import Delivery
from .selectors import kind_choices


class NotificationSettingsForm(forms.Form):
    """One checkbox per optional kind of mail (transactional ones are shown, not asked)."""

    enabled = forms.MultipleChoiceField(
        label=_("Send me these mails"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "enabled").choices = [
            (kind.key, str(kind.label)) for kind in kinds.optional_kinds()
        ]


class DeliveryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    to = forms.CharField(label=_("Recipient"), required=False, max_length=254)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Delivery.Status.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("Any")), *kind_choices()]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {
            "kind": self.cleaned_data["kind"],
            "email": self.cleaned_data["to"],
            "status": self.cleaned_data["status"],
        }
