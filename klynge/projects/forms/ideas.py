"""Forms for the ideas board."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Topic
from klynge.core.widgets import FilterForm

from ..models import Project


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("The idea"), widget=forms.Textarea(attrs={"rows": 5}))
    partners_needed = forms.CharField(
        label=_("Partners needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What kind of partners or competence the idea needs."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class IdeaFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["topic"]
        field.choices = [("", _("All topics")), *((t.slug, t.name) for t in topics)]


class ConvertIdeaForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of project"),
        choices=[c for c in Project.Kind.choices if c[0] != Project.Kind.IDEA],
        initial=Project.Kind.PRE_PROJECT,
    )
