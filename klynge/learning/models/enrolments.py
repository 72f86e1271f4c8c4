"""Enrolments: a person on a course, from application or place to completion with credits."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.members.models import Organisation, Person
from klynge.registrations.models import (
    Place,
    one_open_place_per_person,
    waiting_position_iff_waiting,
)

from .courses import Course

PLACE_STATUSES = ("enrolled", "completed")
"""Statuses that hold one of the course's places (counted by the capacity mechanism)."""
ACTIVE_STATUSES = ("applied", "enrolled", "waitlisted", "completed")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Enrolment(Place):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Dropped")

    class Source(models.TextChoices):
        SELF = "self", _("Self")
        COLLEAGUE = "colleague", _("Enrolled by a colleague")
        STAFF = "staff", _("Enrolled by staff")
        IMPORT = "import", _("Import")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="enrolments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_enrolments",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ENROLLED
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.SELF
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fee = models.PositiveIntegerField(_("price (NOK)"), default=0)
    enrolled_at = models.DateTimeField(_("got a place"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("dropped"), null=True, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True, db_index=True)
    credits_earned = models.DecimalField(
        _("credits earned"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    completion_evidence = models.TextField(
        _("completion evidence"),
        blank=True,
        help_text=_("What the completion rests on, e.g. an exam result or attendance."),
    )
    certificate_code = models.CharField(_("certificate number"), max_length=32, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "created_at", "pk"]
        constraints = [
            one_open_place_per_person(
                pool="course",
                left="dropped",
                name="learning_enrolment_one_active_per_person",
                message=_("This person is already enrolled on the course."),
            ),
            waiting_position_iff_waiting(name="learning_enrolment_position_iff_waitlisted"),
            models.CheckConstraint(
                condition=(Q(status="completed") & Q(completed_on__isnull=False))
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="learning_enrolment_completed_on_iff_completed",
            ),
            models.CheckConstraint(
                condition=Q(credits_earned__isnull=True)
                | (Q(status="completed") & Q(credits_earned__gte=0)),
                name="learning_enrolment_credits_only_when_completed",
            ),
            models.UniqueConstraint(
                fields=["certificate_code"],
                condition=~Q(certificate_code=""),
                name="learning_enrolment_unique_certificate_code",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.course}"

    @property
    def audit_cluster_id(self) -> int:
        return self.course.cluster_id

    @property
    def is_open(self) -> bool:
        """Can still be dropped: applied, enrolled or waiting."""
        return self.status in (self.Status.APPLIED, self.Status.ENROLLED, self.Status.WAITLISTED)

    def get_manage_url(self) -> str:
        return reverse("learning:manage_enrolment", args=[self.token])
