"""Forms of the network pages: the filter (kinds of contact, years) and the cluster's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import NetworkSettings
from ..network import graph as g
from ..selectors.network import FIRST_YEAR, Period

KIND_CHOICES = [
    (g.PROJECT, _("Shared projects (strong)")),
    (g.B2B, _("B2B meetings held (medium)")),
    (g.EVENT, _("Same small event (weak)")),
    (g.COURSE, _("Same course (weak)")),
]
EXPORTS = ("gexf", "graphml")


class NetworkFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of contact"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_year = forms.IntegerField(label=_("From year"), required=False)
    year = forms.IntegerField(label=_("To year"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        for name in ("first_year", "year"):
            self.fields[name].widget.attrs.update(min=FIRST_YEAR, max=this_year + 1)
        self.fields["year"].widget.attrs["placeholder"] = str(this_year)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        this_year = timezone.localdate().year
        for name in ("first_year", "year"):
            value = data.get(name)
            if value is not None and not FIRST_YEAR <= value <= this_year + 1:
                self.add_error(
                    name,
                    _("Choose a year from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": this_year + 1},
                )
        first, last = data.get("first_year"), data.get("year")
        if first is not None and last is not None and first > last:
            self.add_error("first_year", _("The first year comes after the last."))
        return data

    def _value(self, name: str) -> Any:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get(name)

    def period(self) -> Period:
        last = self._value("year") or timezone.localdate().year
        return Period(last_year=last, first_year=self._value("first_year"))

    def chosen_kinds(self) -> tuple[str, ...]:
        kinds = self._value("kinds") or []
        return tuple(k for k in g.KINDS if k in kinds) or g.KINDS


class NetworkSettingsForm(forms.ModelForm):
    class Meta:
        model = NetworkSettings
        fields = ["small_gathering", "shared_with_members"]
