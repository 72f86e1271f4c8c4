"""Forms for evaluators, assignments, conflict declarations and reviews."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.dates import BoundedDateField
from klynge.core.form_fields import choice_field

from ..models import ReviewAssignment


class EvaluatorForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    expertise = forms.CharField(label=_("Expertise"), max_length=300, required=False)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)


class AssignmentForm(forms.Form):
    evaluator = forms.ChoiceField(label=_("Evaluator"))
    due_on = BoundedDateField(
        label=_("Review due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the usual time for a review (KLYNGE_REVIEW_DAYS days)."),
    )

    def __init__(self, *args: Any, candidates: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.users = {str(user.pk): user for user, _flag in candidates}
        choice_field(self, "evaluator").choices = [
            (str(user.pk), f"{user} — ⚠ {flag}" if flag else str(user)) for user, flag in candidates
        ]

    def clean_evaluator(self) -> Any:
        return self.users[self.cleaned_data["evaluator"]]


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("no", _("I have no conflict of interest")),
            ("yes", _("I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("", "—"), *ReviewAssignment.Recommendation.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("Overall comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(
        self, *args: Any, criteria: list[Any], assignment: ReviewAssignment, **kwargs: Any
    ) -> None:
        existing = {s.criterion_id: s for s in assignment.scores.all()}
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].initial = assignment.recommendation
        self.fields["comment"].initial = assignment.comment
        self.rows = []
        for criterion in criteria:
            row = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=_("Points (0–%(max)s)") % {"max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=1,
                required=False,
                initial=row.score if row else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=row.comment if row else "",
            )
            self.rows.append(
                {
                    "criterion": criterion,
                    "score": self[f"score_{criterion.pk}"],
                    "comment": self[f"comment_{criterion.pk}"],
                }
            )

    def scores(self) -> dict[int, dict[str, Any]]:
        return {
            row["criterion"].pk: {
                "score": self.cleaned_data.get(f"score_{row['criterion'].pk}"),
                "comment": self.cleaned_data.get(f"comment_{row['criterion'].pk}", ""),
            }
            for row in self.rows
        }
