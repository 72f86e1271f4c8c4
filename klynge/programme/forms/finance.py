"""Form for a year of the cluster organisation's income."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ClusterFinance
from ..models.finance import SOURCES


class ClusterFinanceForm(forms.ModelForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    class Meta:
        model = ClusterFinance
        fields = ["year", *SOURCES, "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, str(y)) for y in range(this_year, this_year - 8, -1)]
        year.initial = this_year - 1
        for name in SOURCES:
            self.fields[name].widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})

    def validate_unique(self) -> None:
        """A year already recorded is replaced by the service, not refused."""
