"""A registered event participant who opted in to B2B meetings, with their profile."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Topic
from klynge.core.models import TimeStampedModel
from klynge.events.models import Registration
from klynge.members.models import Organisation, Person

from .sessions import MatchmakingSession


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Participant(TimeStampedModel):
    session = models.ForeignKey(
        MatchmakingSession, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="b2b_profiles"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="b2b_profiles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="b2b_profiles",
    )
    offers = models.TextField(_("what I offer"), blank=True, max_length=2000)
    needs = models.TextField(_("what I am looking for"), blank=True, max_length=2000)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="b2b_profiles"
    )
    arrives_at = models.TimeField(_("arrives at"), null=True, blank=True)
    leaves_at = models.TimeField(_("leaves at"), null=True, blank=True)
    unavailable_slots = models.JSONField(_("unavailable slots"), default=list, blank=True)
    max_meetings = models.PositiveSmallIntegerField(
        _("most meetings"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Leave empty for as many as the session allows."),
    )
    is_active = models.BooleanField(_("taking part"), default=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    notified_version = models.PositiveIntegerField(default=0)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("B2B participant")
        verbose_name_plural = _("B2B participants")
        ordering = ["session", "person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="matchmaking_participant_once_per_session",
                violation_error_message=_("This person already takes part in the session."),
            )
        ]
        indexes = [models.Index(fields=["session", "is_active"])]

    def __str__(self) -> str:
        return self.person.full_name

    @property
    def audit_cluster_id(self) -> int:
        return self.session.event.cluster_id

    @property
    def organisation_label(self) -> str:
        if (organisation := self.organisation) is not None:
            return organisation.name
        return registration.organisation_name if (registration := self.registration) else ""

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:participant", args=[self.session_id, self.pk])

    def get_ics_url(self) -> str:
        return reverse("matchmaking:agenda_ics", args=[self.token])
