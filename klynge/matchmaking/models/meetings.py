"""Meeting requests, meetings (pairs with a slot and a table), booking rows and precedences.

Two database guards stop double-booking even if a service forgot to lock:
* one active meeting per (session, slot, table);
* one `Booking` row per (participant, slot): every placed meeting has one row per participant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel

from .participants import Participant
from .sessions import MatchmakingSession


class MeetingRequest(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    session = models.ForeignKey(
        MatchmakingSession, on_delete=models.CASCADE, related_name="requests"
    )
    requester = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="sent_requests"
    )
    invitee = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="received_requests"
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    proposed_slot = models.PositiveSmallIntegerField(_("proposed slot"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "requester", "invitee"],
                condition=Q(status="pending"),
                name="matchmaking_request_one_pending_per_pair",
                violation_error_message=_("You have already asked this participant."),
            ),
            models.CheckConstraint(
                condition=~Q(requester=F("invitee")), name="matchmaking_request_not_self"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.requester} → {self.invitee}"

    @property
    def audit_cluster_id(self) -> int:
        return self.session.event.cluster_id


class Meeting(TimeStampedModel):
    """Two participants meet. `a` is always the participant with the lower id.

    `slot`/`table` are the current plan (1-based; empty until scheduled); `published_slot`/
    `published_table` are what participants were last told.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        REQUEST = "request", _("Request")
        ORGANISER = "organiser", _("Added by the organiser")

    class Restriction(models.TextChoices):
        ANY = "any", _("Any time")
        MORNING = "morning", _("Morning only")
        AFTERNOON = "afternoon", _("Afternoon only")

    session = models.ForeignKey(
        MatchmakingSession, on_delete=models.CASCADE, related_name="meetings"
    )
    a = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_a")
    b = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_b")
    request = models.OneToOneField(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.REQUEST)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    slot = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    fixed = models.BooleanField(_("fixed"), default=False)
    restriction = models.CharField(
        _("when"), max_length=12, choices=Restriction.choices, default=Restriction.ANY
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    published_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    published_table = models.PositiveSmallIntegerField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["session", "slot", "table", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(a__lt=F("b")), name="matchmaking_meeting_ordered_pair"
            ),
            models.UniqueConstraint(
                fields=["session", "a", "b"],
                condition=Q(status="active"),
                name="matchmaking_meeting_one_per_pair",
                violation_error_message=_("These two participants already have a meeting."),
            ),
            models.UniqueConstraint(
                fields=["session", "slot", "table"],
                condition=Q(status="active", slot__isnull=False),
                name="matchmaking_meeting_one_per_table_and_slot",
                violation_error_message=_("The table is taken in that slot."),
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, table__isnull=True)
                | Q(slot__isnull=False, table__isnull=False),
                name="matchmaking_meeting_slot_iff_table",
            ),
            models.CheckConstraint(
                condition=Q(fixed=False) | Q(slot__isnull=False),
                name="matchmaking_meeting_fixed_has_slot",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1), name="matchmaking_meeting_priority_positive"
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "slot"])]

    def __str__(self) -> str:
        return f"{self.a} – {self.b}"

    @property
    def audit_cluster_id(self) -> int:
        return self.session.event.cluster_id

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def other(self, participant: Participant) -> Participant:
        return self.b if participant.pk == self.a_id else self.a

    @property
    def is_changed(self) -> bool:
        """The plan differs from what participants were told."""
        return (self.slot, self.table) != (self.published_slot, self.published_table)


class Booking(models.Model):
    """One row per participant of a placed meeting: a participant is in one meeting per slot."""

    session = models.ForeignKey(MatchmakingSession, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="bookings")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="bookings")
    slot = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "slot"],
                name="matchmaking_booking_one_meeting_per_slot",
                violation_error_message=_("The participant already has a meeting in that slot."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="matchmaking_booking_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.slot}"


class Precedence(models.Model):
    """`before` must take place in an earlier slot than `after`."""

    session = models.ForeignKey(
        MatchmakingSession, on_delete=models.CASCADE, related_name="precedences"
    )
    before = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    after = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("precedence")
        verbose_name_plural = _("precedences")
        constraints = [
            models.UniqueConstraint(
                fields=["before", "after"], name="matchmaking_precedence_unique"
            ),
            models.CheckConstraint(
                condition=~Q(before=F("after")), name="matchmaking_precedence_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.before_id} < {self.after_id}"
