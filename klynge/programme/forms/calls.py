"""Forms for calls and applications."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.dates import BoundedDateTimeField
from klynge.core.form_fields import choice_field, model_choice_field
from klynge.core.limits import MAX_INT
from klynge.projects.models import Project

from ..models import Call, CertificationLabel, Framework, Level
from .statuses import MAX_UPLOAD_BYTES

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Call.Kind.choices)
    allowed_levels = forms.ModelMultipleChoiceField(
        label=_("Open to levels"),
        queryset=Level.objects.order_by("rank"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: open to every level."),
    )
    label_required = forms.ChoiceField(
        label=_("Valid label required"),
        choices=[("", _("No label required")), *CertificationLabel.Grade.choices],
        required=False,
    )
    opens_at = BoundedDateTimeField(label=_("Opens"), widget=DATETIME)
    closes_at = BoundedDateTimeField(label=_("Closes"), widget=DATETIME)
    two_stage = forms.BooleanField(
        label=_("Two stages (sketch, then invited full applications)"), required=False
    )
    full_closes_at = BoundedDateTimeField(
        label=_("Full applications close"), widget=DATETIME, required=False
    )
    period = forms.CharField(
        label=_("Quota period"), max_length=20, help_text=Call._meta.get_field("period").help_text
    )
    quota_per_cluster = forms.IntegerField(
        label=_("Applications per cluster in the period"),
        min_value=1,
        required=False,
        help_text=_("Empty: no limit. Mature-cluster pre-project calls: 2."),
        max_value=MAX_INT,
    )
    max_grant = forms.IntegerField(
        label=_("Maximum grant (NOK)"), min_value=0, required=False, max_value=MAX_INT
    )
    max_public_share = forms.DecimalField(
        label=_("Maximum public share"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        initial="0.5",
        help_text=_("Of eligible costs; 0.5 = 50 %."),
    )
    framework = forms.ModelChoiceField(
        label=_("Evaluation criteria"),
        required=False,
        queryset=Framework.objects.filter(is_active=True).exclude(use=Framework.Use.ASSESSMENT),
    )
    reviews_per_application = forms.IntegerField(
        label=_("Evaluators per application"), min_value=1, initial=2, max_value=MAX_INT
    )

    @classmethod
    def for_call(cls, call: Call, data: Any = None) -> CallForm:
        initial = {
            name: getattr(call, name) for name in cls.base_fields if name != "allowed_levels"
        }
        initial["allowed_levels"] = list(call.allowed_levels.all())
        return cls(data, initial=initial)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        return data


class ApplicationNewForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Applicant cluster"))
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        help_text=_("A project your cluster leads. Its partners and budget come from the project."),
    )
    amount_requested = forms.IntegerField(
        label=_("Amount requested (NOK)"), min_value=0, max_value=MAX_INT
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, clusters: list[Any], projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clusters = {str(c.pk): c for c in clusters}
        choice_field(self, "cluster").choices = [(str(c.pk), c.name) for c in clusters]
        model_choice_field(self, "project").queryset = projects
        project_field: Any = model_choice_field(
            self, "project"
        )  # an instance's label, set per form
        project_field.label_from_instance = lambda p: (
            f"{p} ({p.lead_cluster.short_name}, {p.get_status_display()})"
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["cluster"] = self.clusters.get(data.get("cluster", ""))
        return data


QUESTIONS = [
    (
        "objectives",
        _(
            "Objectives and the programme's aims (SME competence lift, new technology, "
            "new business areas, international orientation)"
        ),
    ),
    ("consortium", _("Consortium: who does what, and SME involvement")),
    ("plan", _("Work plan, milestones and deliverables")),
    ("effects", _("Expected effects and how you will document them")),
]


class ApplicationEditForm(forms.Form):
    amount_requested = forms.IntegerField(
        label=_("Amount requested (NOK)"), min_value=0, max_value=MAX_INT
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in QUESTIONS:
            self.fields[f"q_{key}"] = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                max_length=5000,
            )

    @classmethod
    def for_application(cls, application: Any, data: Any = None) -> ApplicationEditForm:
        initial = {"amount_requested": application.amount_requested, "summary": application.summary}
        initial |= {f"q_{k}": application.answers.get(k, "") for k, _label in QUESTIONS}
        return cls(data, initial=initial)

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers = {k: data.get(f"q_{k}", "").strip() for k, _label in QUESTIONS}
        return {
            "amount_requested": data["amount_requested"],
            "summary": data["summary"],
            "answers": {k: v for k, v in answers.items() if v},
        }


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
    )
    granted_amount = forms.IntegerField(
        label=_("Amount granted (NOK)"), min_value=0, required=False, max_value=MAX_INT
    )
    conditions = forms.CharField(
        label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required for a rejection; shared with the applicant."),
    )
