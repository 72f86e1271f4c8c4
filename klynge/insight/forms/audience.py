"""Forms for a survey's audience (who it goes to) and its reminder dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.dates import BoundedDateField
from klynge.core.form_fields import choice_field

from ..models import Invitation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AudienceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Send to"), choices=Invitation.Source.choices, widget=forms.RadioSelect
    )
    events = forms.TypedMultipleChoiceField(
        label=_("Participants of these events"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    courses = forms.TypedMultipleChoiceField(
        label=_("Participants of these courses"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    file = forms.FileField(
        label=_("List of addresses (CSV or XLSX)"),
        required=False,
        help_text=_("Columns: email (required), name, language (nb or en)."),
    )

    def __init__(self, *args: Any, events: list[Any], courses: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "events").choices = [
            (e.pk, f"{e.title} ({e.starts_at:%Y-%m-%d})") for e in events
        ]
        choice_field(self, "courses").choices = [(c.pk, c.title) for c in courses]


class ReminderForm(forms.Form):
    first = BoundedDateField(label=_("First reminder"), required=False, widget=DATE)
    second = BoundedDateField(label=_("Second reminder"), required=False, widget=DATE)
    third = BoundedDateField(label=_("Third reminder"), required=False, widget=DATE)

    def dates(self) -> list[Any]:
        return [d for d in (self.cleaned_data.get(n) for n in ("first", "second", "third")) if d]
