"""The forms events and courses share: a member contact's colleagues, the team's capacity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.limits import MAX_INT


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


class CapacityForm(forms.Form):
    """How many places (empty: no limit); `label` names them ("Capacity", "Places")."""

    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit."),
        max_value=MAX_INT,
    )

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["capacity"].label = label
