"""Forms for assessments: create, scores per criterion, decision."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.core.dates import BoundedDateField
from klynge.core.form_fields import model_choice_field
from klynge.core.weblinks import WebURLFormField

from ..models import Assessment, AssessmentItem, Framework
from .statuses import DATE


def assessor_choices() -> Any:
    """Programme officers and evaluators can assess."""
    return (
        get_user_model()
        .objects.filter(Q(is_programme_officer=True) | Q(evaluator_profile__is_active=True))
        .filter(is_active=True)
        .order_by("full_name", "email")
        .distinct()
    )


class AssessmentForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Framework"), queryset=Framework.objects.none(), empty_label=None
    )
    period = forms.CharField(label=_("Period"), max_length=20, help_text=_("For example 2020."))
    as_of = BoundedDateField(
        label=_("Figures as of"),
        widget=DATE,
        help_text=_("The computed indicators describe the cluster on this date."),
    )
    assessors = forms.ModelMultipleChoiceField(
        label=_("Assessors"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "framework").queryset = Framework.objects.filter(
            is_active=True
        ).exclude(use=Framework.Use.EVALUATION)
        model_choice_field(self, "assessors").queryset = assessor_choices()


class ScoreRow(TypedDict):
    """One criterion of the scores form: the item and its fields (evidence for assessors only)."""

    item: AssessmentItem
    score: forms.BoundField
    comment: forms.BoundField
    evidence: NotRequired[forms.BoundField]


class ScoresForm(forms.Form):
    """One score and comment per criterion (the cluster's self-assessment or the assessor's)."""

    def __init__(self, *args: Any, assessment: Assessment, as_cluster: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment, self.as_cluster = assessment, as_cluster
        self.rows: list[ScoreRow] = []
        for item in assessment.items.all():
            criterion = item.criterion
            score_name, comment_name = f"score_{item.pk}", f"comment_{item.pk}"
            self.fields[score_name] = forms.DecimalField(
                label=_("Points (0–%(max)s)") % {"max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=1,
                required=False,
                initial=item.self_score if as_cluster else item.score,
            )
            self.fields[comment_name] = forms.CharField(
                label=_("Comment"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=item.self_comment if as_cluster else item.comment,
            )
            row: ScoreRow = {
                "item": item,
                "score": self[score_name],
                "comment": self[comment_name],
            }
            if not as_cluster:
                evidence_name = f"evidence_{item.pk}"
                self.fields[evidence_name] = WebURLFormField(
                    label=_("Evidence link"), required=False, initial=item.evidence_url
                )
                row["evidence"] = self[evidence_name]
            self.rows.append(row)

    def scores(self) -> dict[int, dict[str, Any]]:
        data = self.cleaned_data
        return {
            row["item"].pk: {
                "score": data.get(f"score_{row['item'].pk}"),
                "comment": data.get(f"comment_{row['item'].pk}", ""),
                "evidence_url": data.get(f"evidence_{row['item'].pk}", ""),
            }
            for row in self.rows
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Assessment.Outcome.choices, widget=forms.RadioSelect
    )
    decided_on = BoundedDateField(label=_("Decided on"), widget=DATE)
    decision_reference = forms.CharField(
        label=_("Decision reference"), max_length=120, required=False
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the decision differs from the scores."),
    )
    grant_level = forms.BooleanField(label=_("Grant the level"), required=False)
