"""Forms for courses: catalogue filters, the course editor, sessions and places."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.form_fields import choice_field, model_choice_field
from klynge.core.limits import MAX_INT
from klynge.core.widgets import FilterForm
from klynge.members.models import Membership, Organisation
from klynge.members.roles import active_membership_q

from ..models import Course, CourseSession

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    period = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming and running")), ("past", _("Past")), ("all", _("All"))],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    open = forms.BooleanField(label=_("Open for enrolment"), required=False)

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("All kinds")), *Course.Kind.choices]
        choice_field(self, "topic").choices = [
            ("", _("All topics")),
            *((t.slug, t.name) for t in topics),
        ]
        choice_field(self, "format").choices = [("", _("Any format")), *Course.Format.choices]
        choice_field(self, "language").choices = [
            ("", _("Any language")),
            (Course.Language.NORWEGIAN, _("Norwegian")),
            (Course.Language.ENGLISH, _("English")),
        ]


def provider_choices(cluster: Cluster | None, current: Organisation | None) -> QuerySet:
    """Organisations that are members of the cluster now (and the current provider)."""
    members = Q(pk__in=[])
    if cluster is not None:
        members = Q(memberships__in=cluster.memberships.filter(active_membership_q()))
    if current is not None:
        members |= Q(pk=current.pk)
    return Organisation.objects.filter(members).distinct().order_by("name")


class CourseForm(forms.ModelForm):
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit."),
        max_value=MAX_INT,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "kind",
            "credits",
            "level",
            "language",
            "format",
            "provider",
            "description",
            "learning_outcomes",
            "target_group",
            "topics",
            "capacity",
            "application_deadline",
            "fee",
            "member_fee",
            "admission",
            "open_to",
            "status",
        ]
        widgets = {
            "application_deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, cluster: Cluster | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [
            c for c in Course.Status.choices if c[0] != Course.Status.CANCELLED
        ]
        current = self.instance.provider if self.instance.pk else None
        model_choice_field(self, "provider").queryset = provider_choices(cluster, current)
        self.fields["provider"].help_text = _(
            "A member organisation that teaches it, e.g. a university college. Leave empty when "
            "the cluster runs it."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind, credits = data.get("kind"), data.get("credits")
        if kind == Course.Kind.FURTHER_EDUCATION and not credits:
            self.add_error("credits", _("Further education gives ECTS credits: give the number."))
        elif kind and kind != Course.Kind.FURTHER_EDUCATION and credits:
            self.add_error("credits", _("Only further education gives credits; leave this empty."))
        fee, member_fee = data.get("fee"), data.get("member_fee")
        if fee is not None and member_fee is not None and member_fee > fee:
            self.add_error("member_fee", _("The member price cannot be above the fee."))
        return data

    def _post_clean(self) -> None:
        # Model constraints are checked by the service (with field-level errors); skip here.
        pass


class CourseCreateForm(CourseForm):
    cluster = forms.ModelChoiceField(label=_("Offered by"), queryset=Cluster.objects.none())

    field_order = ["cluster"]

    def __init__(self, *args: Any, clusters: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "cluster").queryset = clusters
        memberships = Membership.objects.filter(active_membership_q(), cluster__in=clusters)
        model_choice_field(self, "provider").queryset = (
            Organisation.objects.filter(memberships__in=memberships).distinct().order_by("name")
        )


class SessionForm(forms.ModelForm):
    class Meta:
        model = CourseSession
        fields = ["title", "starts_at", "ends_at", "venue", "online_url"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("A session cannot end before it starts."))
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", _("Give a place, an online link, or both."))
        return data

    def _post_clean(self) -> None:
        pass
