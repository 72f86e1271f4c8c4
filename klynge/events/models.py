"""Meeting places: events, their registration questions, registrations, feedback and calendar feeds."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.models import TimeStampedModel
from klynge.core.weblinks import WebURLField
from klynge.members.models import Organisation, Person
from klynge.registrations.models import (
    Place,
    one_open_place_per_person,
    waiting_position_iff_waiting,
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Event(TimeStampedModel):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        PARTNER_CONFERENCE = "partner_conference", _("Partner conference")
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        MATCHMAKING_DAY = "matchmaking_day", _("Matchmaking day")
        SITE_VISIT = "site_visit", _("Site visit")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Open to everyone")
        MEMBERS = "members", _("Members only")
        INVITED = "invited", _("By invitation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("host cluster"), on_delete=models.CASCADE, related_name="events"
    )
    co_hosts = models.ManyToManyField(
        Cluster, verbose_name=_("co-hosting clusters"), blank=True, related_name="cohosted_events"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.SEMINAR)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = WebURLField(_("online link"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="events"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback_requested_at = models.DateTimeField(_("feedback requested"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="events_event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gte=models.F("registration_opens_at")),
                name="events_event_registration_window",
                violation_error_message=_("Registration cannot close before it opens."),
            ),
        ]
        indexes = [
            models.Index(fields=["cluster", "status", "starts_at"]),
            # The first start of the events not over (`selectors.upcoming_q`), read from the index.
            models.Index(fields=["ends_at", "starts_at"], name="events_event_ends_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def registration_state(self, now: datetime.datetime | None = None) -> str:
        """'open', 'not_yet', 'closed', 'past', 'draft' or 'cancelled'."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.ends_at < now:
            return "past"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if self.registration_closes_at and now > self.registration_closes_at:
            return "closed"
        return "open"


class Question(models.Model):
    """An optional registration question: short text, single choice or a checkbox."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        CHOICE = "choice", _("Single choice")
        CHECKBOX = "checkbox", _("Checkbox")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"q{self.pk}"


ACTIVE_STATUSES = ("confirmed", "waitlisted", "attended", "no_show")
SEAT_STATUSES = ("confirmed", "attended", "no_show")


class Registration(Place):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not show up")

    class Source(models.TextChoices):
        SELF = "self", _("Self")
        COLLEAGUE = "colleague", _("Registered by a colleague")
        STAFF = "staff", _("Registered by staff")
        IMPORT = "import", _("Import")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    organisation_name = models.CharField(_("organisation (as given)"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.SELF
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    promoted_at = models.DateTimeField(_("promoted"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            one_open_place_per_person(
                pool="event",
                left="cancelled",
                name="events_registration_one_active_per_person",
                message=_("This person is already registered for the event."),
            ),
            waiting_position_iff_waiting(name="events_registration_position_iff_waitlisted"),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.event}"

    @property
    def audit_cluster_id(self) -> int:
        return self.event.cluster_id

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def organisation_label(self) -> str:
        if self.organisation is not None:  # None without a query when there is no organisation
            return self.organisation.name
        return self.organisation_name

    def get_manage_url(self) -> str:
        return reverse("events:manage_registration", args=[self.token])


class Feedback(TimeStampedModel):
    """One attendee's feedback: would they recommend the event (0-10) and a comment."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    score = models.PositiveSmallIntegerField(
        _("how likely are you to recommend this event to a colleague? (0–10)"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=10), name="events_feedback_score_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.score}"


class CalendarFeed(TimeStampedModel):
    """A person's secret iCal feed URL with the events they are registered for."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.person}"
