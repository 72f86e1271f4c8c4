"""Forms for events: filters, the event editor, registration, company registration, check-in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.botcheck import BotCheckForm
from klynge.core.dates import BoundedDateField
from klynge.core.form_fields import choice_field
from klynge.core.widgets import FilterForm

from .models import Event, Question, Registration
from .questions import parse_questions, questions_as_text

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    period = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    start = BoundedDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = BoundedDateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("All kinds")), *Event.Kind.choices]
        choice_field(self, "topic").choices = [
            ("", _("All topics")),
            *((t.slug, t.name) for t in topics),
        ]
        choice_field(self, "status").choices = [("", _("Any status")), *Event.Status.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data


class EventForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_hosts = forms.ModelMultipleChoiceField(
        label=_("Co-hosting clusters"),
        queryset=Cluster.objects.filter(is_active=True),
        required=False,
    )
    questions_text = forms.CharField(
        label=_("Registration questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One question per line. End with * if it must be answered. "
            "“Lunch: Fish | Vegetarian” offers a choice; “Join the B2B session? [checkbox]” is a tick box."
        ),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "online_url",
            "audience",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "status",
            "topics",
            "co_hosts",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_opens_at": DATETIME,
            "registration_closes_at": DATETIME,
        }

    def __init__(self, *args: Any, questions_locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [
            c for c in Event.Status.choices if c[0] != Event.Status.CANCELLED
        ]
        if self.instance.pk:
            self.fields["questions_text"].initial = questions_as_text(self.instance.questions.all())
            if self.instance.status == Event.Status.CANCELLED:
                self.fields["status"].disabled = True
        if questions_locked:
            self.fields["questions_text"].disabled = True
            self.fields["questions_text"].help_text = _(
                "People have registered already, so the questions can no longer change."
            )

    def clean_questions_text(self) -> list[dict[str, Any]]:
        try:
            return parse_questions(self.cleaned_data.get("questions_text") or "")
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes < opens:
            self.add_error(
                "registration_closes_at", _("Registration cannot close before it opens.")
            )
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", _("Give a venue, an online link, or both."))
        return data


def question_fields(questions: list[Question]) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for question in questions:
        if question.kind == Question.Kind.CHECKBOX:
            fields[question.key] = forms.BooleanField(label=question.label, required=False)
        elif question.kind == Question.Kind.CHOICE:
            choices = [("", "—"), *((c, c) for c in question.choices)]
            fields[question.key] = forms.ChoiceField(
                label=question.label, choices=choices, required=question.required
            )
        else:
            fields[question.key] = forms.CharField(
                label=question.label, required=question.required, max_length=500
            )
    return fields


class RegistrationForm(BotCheckForm, forms.Form):
    """Guests give their name and email; logged-in people with a profile only answer questions."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=255, required=False)

    def __init__(self, *args: Any, questions: list[Question], guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, bot_check=guest, **kwargs)
        if not guest:
            for name in ("full_name", "email", "organisation_name"):
                del self.fields[name]
        self.fields.update(question_fields(questions))

    def answers(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k.startswith("q")}


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name, email or organisation"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All active")), *Registration.Status.choices],
    )


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_(
            "How likely are you to recommend this event to a colleague? (0 = not at all, 10 = certainly)"
        ),
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything we should keep or change?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
