"""Forms for levels in a cluster's history and certification labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from klynge.core.dates import BoundedDateField
from klynge.core.weblinks import WebURLFormField

from ..models import CertificationLabel, ClusterStatus, Level

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClusterStatusForm(forms.Form):
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.order_by("rank"))
    starts_on = BoundedDateField(label=_("From"), widget=DATE)
    ends_on = BoundedDateField(
        label=_("Until"),
        widget=DATE,
        required=False,
        help_text=_(
            "Leave empty while the cluster holds the level. A new open level ends the "
            "current one on its start date."
        ),
    )
    decision_reference = forms.CharField(
        label=_("Decision reference"), max_length=120, required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    @classmethod
    def for_status(
        cls, status: ClusterStatus, data: Mapping[str, Any] | None = None
    ) -> ClusterStatusForm:
        initial = {
            "level": status.level_id,
            "starts_on": status.starts_on,
            "ends_on": status.ends_on,
            "decision_reference": status.decision_reference,
            "note": status.note,
        }
        return cls(data, initial=initial)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The end date must be after the start date."))
        return data


class LabelForm(forms.Form):
    grade = forms.ChoiceField(label=_("Label"), choices=CertificationLabel.Grade.choices)
    awarded_on = BoundedDateField(label=_("Awarded"), widget=DATE)
    valid_until = BoundedDateField(
        label=_("Valid until"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for the default: two years from the award."),
    )
    score_percent = forms.DecimalField(
        label=_("Score (%)"), min_value=0, max_value=100, decimal_places=1, required=False
    )
    assessor = forms.CharField(label=_("Assessor"), max_length=200, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    evidence = forms.FileField(
        label=_("Evidence document"),
        required=False,
        help_text=_(
            "The assessment report or certificate. Only the cluster team and programme "
            "officers can open it."
        ),
    )
    evidence_url = WebURLFormField(label=_("Evidence link"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    @classmethod
    def for_label(
        cls,
        label: CertificationLabel,
        data: Mapping[str, Any] | None = None,
        files: MultiValueDict[str, UploadedFile] | None = None,
    ) -> LabelForm:
        initial = {name: getattr(label, name) for name in cls.base_fields if name != "evidence"}
        return cls(data, files, initial=initial)

    def clean_evidence(self) -> object:
        upload = self.cleaned_data.get("evidence")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        awarded, until = data.get("awarded_on"), data.get("valid_until")
        if awarded and until and until <= awarded:
            self.add_error("valid_until", _("The label must be valid after its award date."))
        return data
