"""The period of the competence KPIs."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.dates import BoundedDateField

from .courses import DATE


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last three calendar years, this one included."""
    today = today or datetime.date.today()
    return datetime.date(today.year - 2, 1, 1), datetime.date(today.year, 12, 31)


class PeriodForm(forms.Form):
    start = BoundedDateField(label=_("From"), widget=DATE)
    end = BoundedDateField(label=_("To"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        if start and end and (end - start).days > 366 * 20:
            self.add_error("start", _("Choose a period of at most 20 years."))
        return data
