"""The dashboard's figures in words: their names, how a value is shown, and the year chosen
(shared by the dashboard, its PDF and peer benchmarking)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .selectors.dashboard import NOK, PERCENT, RATIO, SCORE
from .selectors.network import FIRST_YEAR

LABELS = {
    "members": gettext_lazy("Members"),
    "new_members": gettext_lazy("New members"),
    "reach": gettext_lazy("Reach"),
    "active": gettext_lazy("Active members"),
    "events": gettext_lazy("Events held"),
    "participants": gettext_lazy("Event participants"),
    "courses": gettext_lazy("Courses with completions"),
    "completions": gettext_lazy("Course completions"),
    "sme_completions": gettext_lazy("Completions by SMEs"),
    "projects": gettext_lazy("Projects under way"),
    "funding": gettext_lazy("Funding of new projects"),
    "b2b": gettext_lazy("B2B meetings held"),
    "satisfaction": gettext_lazy("Member satisfaction (1–5)"),
    "nps": gettext_lazy("Net Promoter Score"),
    "density": gettext_lazy("Network density"),
    "cross_helix": gettext_lazy("Links across helices"),
}


def show(value: float | None, unit: str) -> str:
    """A figure as the page shows it ("–" when there is none)."""
    if value is None:
        return "–"
    if unit == PERCENT:
        return f"{number_format(round(100 * value))} %"
    if unit == NOK:
        return f"NOK {number_format(round(value), force_grouping=True)}"
    if unit == RATIO:
        return number_format(round(value, 3), 3)
    if unit == SCORE:
        return (
            number_format(round(value, 1), 1)
            if value != round(value)
            else number_format(round(value))
        )
    return number_format(round(value), force_grouping=True)


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False)

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is not None and not FIRST_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year}
            )
        return year

    def chosen(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year
