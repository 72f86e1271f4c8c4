"""Forms of the matchmaking pages. Rules across fields live in the services (DomainError with a
field name ends up on the right field)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Topic
from klynge.core.form_fields import choice_field, model_choice_field

from .models import MatchmakingSession, Meeting, Participant
from .services.scheduling import DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def slot_choices(
    session: MatchmakingSession, *, blank: StrOrPromise | None = None
) -> list[tuple[Any, StrOrPromise]]:
    choices: list[tuple[Any, StrOrPromise]] = [("", blank)] if blank is not None else []
    return choices + [(s.number, f"{s.number}: {s.label}") for s in session.slots]


class SessionForm(forms.ModelForm):
    table_names_text = forms.CharField(
        label=_("Table names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: one name per line (e.g. “Fjord 1”). Unnamed tables are numbered."),
    )

    class Meta:
        model = MatchmakingSession
        fields = [
            "title",
            "description",
            "day",
            "morning_start",
            "morning_slots",
            "afternoon_start",
            "afternoon_slots",
            "meeting_minutes",
            "break_minutes",
            "table_count",
            "request_mode",
            "booking_mode",
            "booking_deadline",
            "max_meetings",
            "fairness",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "day": DATE,
            "morning_start": TIME,
            "afternoon_start": TIME,
            "booking_deadline": DATETIME,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["table_names_text"].initial = "\n".join(self.instance.table_names or [])
        self.order_fields([*self.Meta.fields[:10], "table_names_text", *self.Meta.fields[10:]])

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        lines = self.cleaned_data.get("table_names_text", "").splitlines()
        data["table_names"] = [line.strip() for line in lines if line.strip()]
        return data


class ProfileForm(forms.Form):
    offers = forms.CharField(
        label=_("What I offer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Products, services, competence, pilots you can share."),
    )
    needs = forms.CharField(
        label=_("What I am looking for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Partners, customers, technology, funding…"),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    arrives_at = forms.TimeField(label=_("I arrive at"), required=False, widget=TIME)
    leaves_at = forms.TimeField(label=_("I leave at"), required=False, widget=TIME)
    unavailable_slots = forms.TypedMultipleChoiceField(
        label=_("Slots when I am busy"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    max_meetings = forms.IntegerField(
        label=_("Most meetings I want"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Leave empty for as many as possible."),
    )

    def __init__(self, *args: Any, session: MatchmakingSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "unavailable_slots").choices = slot_choices(session)


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say why you want to meet: it makes a yes more likely."),
    )
    proposed_slot = forms.TypedChoiceField(
        label=_("Proposed time"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, session: MatchmakingSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if session.booking_mode == MatchmakingSession.BookingMode.SELF:
            choice_field(self, "proposed_slot").choices = slot_choices(
                session, blank=_("Decide later")
            )
        else:
            del self.fields["proposed_slot"]


class SlotForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Time"), coerce=int)
    table = forms.TypedChoiceField(label=_("Table"), coerce=int, required=False, empty_value=None)

    def __init__(
        self, *args: Any, session: MatchmakingSession, with_table: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "slot").choices = slot_choices(session)
        if with_table:
            choice_field(self, "table").choices = [("", _("First free table")), *session.tables]
        else:
            del self.fields["table"]


class MeetingAddForm(forms.Form):
    first = forms.ModelChoiceField(label=_("Participant"), queryset=Participant.objects.none())
    second = forms.ModelChoiceField(label=_("meets"), queryset=Participant.objects.none())
    restriction = forms.ChoiceField(
        label=_("When"), choices=Meeting.Restriction.choices, initial=Meeting.Restriction.ANY
    )
    priority = forms.IntegerField(
        label=_("Priority"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("When not every meeting fits, higher priorities are placed first."),
    )
    slot = forms.TypedChoiceField(
        label=_("Fix in slot"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, session: MatchmakingSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Participant.objects.filter(session=session, is_active=True).select_related(
            "person", "organisation"
        )
        for name in ("first", "second"):
            field: Any = model_choice_field(self, name)  # an instance's label, set per form
            field.queryset = people
            field.label_from_instance = _label
        choice_field(self, "slot").choices = slot_choices(
            session, blank=_("Let the scheduler decide")
        )


def _label(participant: Participant) -> str:
    org = participant.organisation_label
    return f"{participant.person.full_name} ({org})" if org else participant.person.full_name


class PrecedenceForm(forms.Form):
    before = forms.ModelChoiceField(label=_("This meeting"), queryset=Meeting.objects.none())
    after = forms.ModelChoiceField(label=_("comes before"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, session: MatchmakingSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.filter(session=session, status="active").select_related(
            "a__person", "b__person"
        )
        for name in ("before", "after"):
            model_choice_field(self, name).queryset = meetings


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=int(MAX_TIME_LIMIT),
        initial=int(DEFAULT_TIME_LIMIT),
    )
    allow_moving = forms.BooleanField(
        label=_("Published meetings may move"),
        required=False,
        help_text=_("Otherwise meetings participants already know stay where they are."),
    )
