from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.form_fields import choice_field
from klynge.core.widgets import FilterForm

from .models import Cluster, ClusterRole, Topic


class ClusterForm(forms.ModelForm):
    focus_topics = forms.ModelMultipleChoiceField(
        label=_("Focus topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Cluster
        fields = [
            "name",
            "short_name",
            "description_en",
            "description_nb",
            "operator_name",
            "city",
            "region",
            "country",
            "founded",
            "website",
            "focus_topics",
        ]


class ClusterRoleForm(forms.Form):
    email = forms.EmailField(label=_("Email address of an existing user"))
    role = forms.ChoiceField(label=_("Role"), choices=ClusterRole.Role.choices)


class ClusterFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "region").choices = [("", _("All regions")), *((r, r) for r in regions)]
