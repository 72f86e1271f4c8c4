"""Forms for projects: details, portfolio filters, status changes, lineage, main project."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.dates import BoundedDateField
from klynge.core.weblinks import WebURLFormField
from klynge.core.widgets import FilterForm

from ..models import Project, ProjectObjective

STANDARD_OBJECTIVES = [
    c for c in ProjectObjective.Kind.choices if c[0] != ProjectObjective.Kind.OTHER
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Project.Kind.choices)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = forms.MultipleChoiceField(
        label=_("Objectives"),
        choices=STANDARD_OBJECTIVES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_objectives = forms.CharField(
        label=_("Other objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Other participating clusters"),
        queryset=Cluster.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = BoundedDateField(label=_("Start"), required=False, widget=DateInput())
    end_date = BoundedDateField(label=_("End"), required=False, widget=DateInput())
    funder = forms.CharField(label=_("Funder or programme"), max_length=200, required=False)
    funder_reference = forms.CharField(
        label=_("Funder's case number"), max_length=100, required=False
    )
    website = WebURLFormField(label=_("Project website"), required=False)

    def __init__(self, *args: Any, lead_cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["clusters"]
        field.queryset = field.queryset.exclude(pk=lead_cluster.pk)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["other_objectives"] = [
            line for line in data["other_objectives"].splitlines() if line.strip()
        ]
        return data

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        objectives = list(project.objectives.all())
        return {
            "title": project.title,
            "acronym": project.acronym,
            "kind": project.kind,
            "summary": project.summary,
            "topics": list(project.topics.all()),
            "objectives": [o.kind for o in objectives if o.kind != ProjectObjective.Kind.OTHER],
            "other_objectives": "\n".join(
                o.text for o in objectives if o.kind == ProjectObjective.Kind.OTHER
            ),
            "clusters": list(project.clusters.all()),
            "start_date": project.start_date,
            "end_date": project.end_date,
            "funder": project.funder,
            "funder_reference": project.funder_reference,
            "website": project.website,
        }


class NewProjectForm(ProjectForm):
    status = forms.ChoiceField(
        label=_("Starts as"),
        choices=[
            (Project.Status.IDEA, Project.Status.IDEA.label),
            (Project.Status.FORMING, Project.Status.FORMING.label),
            (Project.Status.PLANNED, Project.Status.PLANNED.label),
        ],
        initial=Project.Status.FORMING,
        help_text=_("Later changes go through the status buttons on the project page."),
    )


INLINE = {"style": "width: auto"}  # the filter bar stretches inputs; a checkbox should not


def _choices_with_all(choices: list[tuple[str, Any]], all_label: Any) -> list[tuple[str, Any]]:
    return [("", all_label), *choices]


class PortfolioFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    objective = forms.ChoiceField(label=_("Objective"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    sme = forms.BooleanField(
        label=_("With SMEs"), required=False, widget=forms.CheckboxInput(attrs=INLINE)
    )
    international = forms.BooleanField(
        label=_("With international partners"),
        required=False,
        widget=forms.CheckboxInput(attrs=INLINE),
    )

    def __init__(self, *args: Any, topics: list[Topic], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["kind"].choices = _choices_with_all(Project.Kind.choices, _("All kinds"))
        fields["status"].choices = _choices_with_all(Project.Status.choices, _("All statuses"))
        fields["objective"].choices = _choices_with_all(STANDARD_OBJECTIVES, _("All objectives"))
        fields["topic"].choices = _choices_with_all(
            [(t.slug, t.name) for t in topics], _("All topics")
        )
        fields["year"].choices = _choices_with_all(
            [(str(y), str(y)) for y in years], _("All years")
        )


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class PredecessorForm(forms.Form):
    predecessor = forms.ModelChoiceField(
        label=_("This project follows"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("— no earlier project —"),
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["predecessor"]
        field.queryset = choices


class MainProjectForm(forms.Form):
    title = forms.CharField(label=_("Title of the main project"), max_length=200)
    start_date = BoundedDateField(label=_("Planned start"), required=False, widget=DateInput())
