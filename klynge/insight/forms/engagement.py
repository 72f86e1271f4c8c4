"""Forms of the engagement pages: the date and filters of the lists, and a cluster's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.form_fields import choice_field
from klynge.members.models import Organisation

from .. import scoring

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVEL_CHOICES = [
    ("", _("All levels")),
    (scoring.ACTIVE, _("Active")),
    (scoring.OCCASIONAL, _("Occasional")),
    (scoring.DORMANT, _("Dormant")),
]
SORTS = [
    ("-score", _("Highest score first")),
    ("score", _("Lowest score first")),
    ("name", _("Name")),
    ("last", _("Longest without activity first")),
]
KIND_NAMES = {
    "project": _("Project partnership"),
    "completion": _("Course completed"),
    "checkin": _("Event attended (checked in)"),
    "b2b": _("B2B meeting held"),
    "survey": _("Survey answered"),
    "registration": _("Registration for an event"),
    "idea": _("Idea marked “interested”"),
}


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)

    def as_of_date(self) -> Any:
        today = timezone.localdate()
        if self.is_bound and self.is_valid() and self.cleaned_data.get("as_of"):
            return min(self.cleaned_data["as_of"], today)
        return today


class EngagementFilterForm(AsOfForm):
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("All kinds")), *Organisation.Kind.choices]
        choice_field(self, "size").choices = [("", _("All sizes")), *Organisation.SizeClass.choices]

    def value(self, name: str) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or ""
        return ""


class EngagementSettingsForm(forms.Form):
    half_life_days = forms.IntegerField(
        label=_("Half-life (days)"),
        min_value=7,
        max_value=3650,
        help_text=_("An activity counts half as much after this many days."),
    )
    window_months = forms.IntegerField(
        label=_("Window (months)"),
        min_value=1,
        max_value=60,
        help_text=_(
            "Older activity does not count; a member without any in the window is dormant."
        ),
    )
    active_threshold = forms.FloatField(
        label=_("Score for “active”"),
        min_value=0.1,
        help_text=_("At or above this score a member is active; below it, occasional."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in scoring.KINDS:
            self.fields[f"weight_{kind}"] = forms.FloatField(
                label=_("Weight: %(kind)s") % {"kind": KIND_NAMES[kind]},
                min_value=0,
                max_value=100,
                help_text=_("Default %(n)s") % {"n": f"{scoring.DEFAULT_WEIGHTS[kind]:g}"},
            )

    def weights(self) -> dict[str, float]:
        return {kind: self.cleaned_data[f"weight_{kind}"] for kind in scoring.KINDS}


def settings_initial(settings: scoring.Settings) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "half_life_days": settings.half_life_days,
        "window_months": settings.window_months,
        "active_threshold": settings.active_threshold,
    }
    for kind in scoring.KINDS:
        initial[f"weight_{kind}"] = settings.weight(kind)
    return initial
