"""Forms for partners, budget lines, funding sources, milestones and outcomes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.limits import MAX_INT
from klynge.members.models import Organisation, Person

from ..models import FundingSource, Milestone, Outcome, ProjectPartner
from .projects import DateInput


class PartnerAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        help_text=_("Not in the list? Search for it above, or register it in the member registry."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=ProjectPartner.Role.choices, initial="partner"
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ProjectPartner.Status.choices,
        initial=ProjectPartner.Status.CONFIRMED,
    )

    def __init__(self, *args: Any, shown: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any organisation validates; the list shows the likely ones (members, search hits).
        self.fields["organisation"].widget.choices = [
            ("", "---------"),
            *((o.pk, f"{o.name} ({o.country})" if o.country != "NO" else o.name) for o in shown),
        ]


class PartnerForm(forms.ModelForm):
    contact = forms.ModelChoiceField(
        label=_("Contact person"), queryset=Person.objects.none(), required=False
    )

    class Meta:
        model = ProjectPartner
        fields = ["role", "status", "contact", "cash", "in_kind_hours", "in_kind_value", "notes"]

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["contact"]
        field.queryset = people


class BudgetForm(forms.Form):
    total_eligible_cost = forms.IntegerField(
        label=_("Total eligible cost (NOK)"), min_value=0, required=False, max_value=MAX_INT
    )
    private_cash = forms.IntegerField(
        label=_("Private cash (NOK)"), min_value=0, initial=0, max_value=MAX_INT
    )
    in_kind = forms.IntegerField(
        label=_("In-kind (NOK)"), min_value=0, initial=0, max_value=MAX_INT
    )


class FundingSourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["name", "kind", "amount"]
        labels = {"name": _("Source"), "amount": _("Amount (NOK)")}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "status", "done_on"]
        widgets = {"due_date": DateInput(), "done_on": DateInput()}


class OutcomeForm(forms.ModelForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations involved"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Outcome
        fields = ["kind", "date", "description", "quantity", "evidence_url", "organisations"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisations"]
        field.queryset = partners
