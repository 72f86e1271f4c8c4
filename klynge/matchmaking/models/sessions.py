"""A B2B matchmaking session on an event: its slots, tables, rules and the scheduler's state."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel
from klynge.events.models import Event

from ..slots import SlotTime, build_slots


class MatchmakingSession(TimeStampedModel):
    class RequestMode(models.TextChoices):
        CONFIRM = "confirm", _("The invited participant accepts or declines")
        AUTO = "auto", _("Requests are accepted automatically")

    class BookingMode(models.TextChoices):
        SCHEDULER = "scheduler", _("The organiser schedules the meetings")
        SELF = "self", _("Participants book a free slot themselves")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for requests")
        CLOSED = "closed", _("Requests closed")

    class RunState(models.TextChoices):
        IDLE = "idle", _("Not run yet")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="matchmaking_sessions",
    )
    title = models.CharField(_("title"), max_length=200, default=_("B2B meetings"))
    description = models.TextField(_("description"), blank=True)
    day = models.DateField(_("day"))
    morning_start = models.TimeField(_("first meeting starts"), default=time(9, 0))
    morning_slots = models.PositiveSmallIntegerField(
        _("meetings in the morning"), default=8, validators=[MaxValueValidator(60)]
    )
    afternoon_start = models.TimeField(_("afternoon starts"), null=True, blank=True)
    afternoon_slots = models.PositiveSmallIntegerField(
        _("meetings in the afternoon"), default=0, validators=[MaxValueValidator(60)]
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    break_minutes = models.PositiveSmallIntegerField(
        _("break between meetings (minutes)"), default=5, validators=[MaxValueValidator(120)]
    )
    table_count = models.PositiveSmallIntegerField(
        _("tables"), default=10, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    table_names = models.JSONField(_("table names"), default=list, blank=True)
    request_mode = models.CharField(
        _("requests"), max_length=12, choices=RequestMode.choices, default=RequestMode.CONFIRM
    )
    booking_mode = models.CharField(
        _("scheduling"), max_length=12, choices=BookingMode.choices, default=BookingMode.SCHEDULER
    )
    booking_deadline = models.DateTimeField(
        _("requests and changes close"),
        null=True,
        blank=True,
        help_text=_("After this time participants can no longer send, answer or book."),
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("most meetings per participant"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. Participants may set a lower limit."),
    )
    fairness = models.PositiveSmallIntegerField(
        _("fairness bound"),
        null=True,
        blank=True,
        default=2,
        help_text=_(
            "Largest allowed difference in idle gaps between two participants. Empty: no bound."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("agendas published"), null=True, blank=True)
    published_version = models.PositiveIntegerField(_("published version"), default=0)
    run_state = models.CharField(
        _("scheduler"), max_length=12, choices=RunState.choices, default=RunState.IDLE
    )
    run_progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    run_message = models.CharField(_("scheduler message"), max_length=255, blank=True)
    run_started_at = models.DateTimeField(null=True, blank=True)
    run_finished_at = models.DateTimeField(null=True, blank=True)
    run_report = models.JSONField(_("last scheduler report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("B2B session")
        verbose_name_plural = _("B2B sessions")
        ordering = ["day", "morning_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(table_count__gte=1), name="matchmaking_session_tables_positive"
            ),
            models.CheckConstraint(
                condition=Q(meeting_minutes__gte=5), name="matchmaking_session_meeting_length"
            ),
            models.CheckConstraint(
                condition=Q(morning_slots__gte=1) | Q(afternoon_slots__gte=1),
                name="matchmaking_session_has_slots",
                violation_error_message=_("The session needs at least one meeting slot."),
            ),
            models.CheckConstraint(
                condition=Q(run_progress__lte=100), name="matchmaking_session_progress_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:session", args=[self.pk])

    @property
    def audit_cluster_id(self) -> int:
        return self.event.cluster_id

    @property
    def slots(self) -> list[SlotTime]:
        cached = getattr(self, "_slots", None)
        if cached is None:
            cached = build_slots(
                day=self.day,
                tz=ZoneInfo(settings.TIME_ZONE),
                morning_start=self.morning_start,
                morning_slots=self.morning_slots,
                afternoon_start=self.afternoon_start,
                afternoon_slots=self.afternoon_slots,
                meeting_minutes=self.meeting_minutes,
                break_minutes=self.break_minutes,
            )
            self._slots = cached
        return cached

    @property
    def slot_count(self) -> int:
        return self.morning_slots + (self.afternoon_slots if self.afternoon_start else 0)

    def slot(self, number: int | None) -> SlotTime | None:
        if number is None or not 1 <= number <= len(self.slots):
            return None
        return self.slots[number - 1]

    def table_name(self, number: int | None) -> str:
        if number is None:
            return ""
        names = self.table_names or []
        if 1 <= number <= len(names) and names[number - 1]:
            return str(names[number - 1])
        return str(_("Table %(n)s") % {"n": number})

    @property
    def tables(self) -> list[tuple[int, str]]:
        return [(n, self.table_name(n)) for n in range(1, self.table_count + 1)]

    @property
    def deadline_passed(self) -> bool:
        return self.booking_deadline is not None and timezone.now() > self.booking_deadline

    @property
    def accepts_requests(self) -> bool:
        return self.status == self.Status.OPEN and not self.deadline_passed

    @property
    def is_running(self) -> bool:
        return self.run_state in (self.RunState.QUEUED, self.RunState.RUNNING)
