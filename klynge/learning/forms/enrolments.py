"""Forms for enrolments: the participant list and bulk actions (the team adds people with
`klynge.registrations.forms.GuestForm`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.dates import BoundedDateField
from klynge.core.form_fields import choice_field
from klynge.core.widgets import FilterForm

from ..models import Enrolment
from .courses import DATE

ORGANISATION_HELP = _("Members of the cluster. An existing person keeps their organisation.")


class EnrolmentFilterForm(FilterForm):
    q = forms.CharField(label=_("Search by name, email or organisation"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All but dropped")), *Enrolment.Status.choices],
    )


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("complete", _("Mark completed (sets credits and issues certificates)")),
        ("admit", _("Admit applicants")),
        ("drop", _("Drop")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    enrolments = forms.TypedMultipleChoiceField(
        label=_("Participants"),
        coerce=int,
        choices=(),
        error_messages={"required": _("Choose at least one participant.")},
    )
    completed_on = BoundedDateField(label=_("Completed on"), required=False, widget=DATE)
    credits = forms.DecimalField(
        label=_("Credits (ECTS)"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        help_text=_("Empty: the course's full credits."),
    )
    evidence = forms.CharField(
        label=_("Completion evidence"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. “Passed the exam” or “Attended all four days”."),
    )

    def __init__(self, *args: Any, enrolment_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "enrolments").choices = [(pk, str(pk)) for pk in enrolment_ids]
        self.fields["completed_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("action") == "complete" and not data.get("completed_on"):
            self.add_error("completed_on", _("Give the date of completion."))
        return data
