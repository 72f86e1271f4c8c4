"""Forms for annual reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.form_fields import choice_field

from ..models import AnnualReport
from ..models.reports import NARRATIVE_FIELDS


class ReportNewForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, clusters: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clusters = {str(c.pk): c for c in clusters}
        choice_field(self, "cluster").choices = [(str(c.pk), c.name) for c in clusters]
        this_year = timezone.localdate().year
        choice_field(self, "year").choices = [
            (y, str(y)) for y in range(this_year, this_year - 6, -1)
        ]
        self.fields["year"].initial = this_year - 1

    def clean_cluster(self) -> Any:
        return self.clusters[self.cleaned_data["cluster"]]


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = list(NARRATIVE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in NARRATIVE_FIELDS}


class ReviewCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the cluster"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CorrectionForm(forms.Form):
    value = forms.DecimalField(
        label=_("Corrected value"), min_value=0, max_digits=16, decimal_places=2
    )
    reason = forms.CharField(label=_("Why the computed value is not right"), max_length=500)
