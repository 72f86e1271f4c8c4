"""The form a cluster writes a follow-up report with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.projects.models import Outcome

from ..models import FollowUpReport

OUTCOME_ROWS = 3


class FollowUpForm(forms.Form):
    OUTCOME_KINDS = Outcome.Kind.choices

    outcomes_text = forms.CharField(
        label=_("Outcomes against the project's objectives"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    spent = forms.IntegerField(label=_("Spent so far (NOK)"), min_value=0, max_value=10**13 - 1)
    spending_text = forms.CharField(
        label=_("Spending against the budget"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    contributions_text = forms.CharField(
        label=_("Partners' contributions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, report: FollowUpReport, **kwargs: Any
    ) -> None:
        initial = {
            "outcomes_text": report.outcomes_text,
            "spent": report.spent,
            "spending_text": report.spending_text,
            "contributions_text": report.contributions_text,
        }
        for index, row in enumerate(report.outcomes[:OUTCOME_ROWS], start=1):
            initial[f"outcome_{index}_kind"] = row["kind"]
            initial[f"outcome_{index}_description"] = row["description"]
            initial[f"outcome_{index}_quantity"] = row.get("quantity")
        super().__init__(data, initial=initial, **kwargs)
        for index in range(1, OUTCOME_ROWS + 1):
            self.fields[f"outcome_{index}_kind"] = forms.ChoiceField(
                label=_("Outcome %(n)s to record") % {"n": index},
                choices=[("", "–"), *self.OUTCOME_KINDS],
                required=False,
            )
            self.fields[f"outcome_{index}_description"] = forms.CharField(
                label=_("Description"), max_length=1000, required=False
            )
            self.fields[f"outcome_{index}_quantity"] = forms.IntegerField(
                label=_("Quantity"), min_value=0, max_value=10**9 - 1, required=False
            )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        outcomes = [
            {
                "kind": data.get(f"outcome_{i}_kind") or "",
                "description": data.get(f"outcome_{i}_description") or "",
                "quantity": data.get(f"outcome_{i}_quantity"),
            }
            for i in range(1, OUTCOME_ROWS + 1)
        ]
        return {
            "outcomes_text": data["outcomes_text"],
            "spent": data["spent"],
            "spending_text": data["spending_text"],
            "contributions_text": data["contributions_text"],
            "outcomes": outcomes,
        }
