"""The form a member contact registers colleagues with (events and courses alike)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ColleaguesForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Colleagues"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["people"].label = label
        self.fields["people"].label_from_instance = lambda p: (
            f"{p.full_name} ({p.email})" if p.email else p.full_name
        )
