"""Courses offered by a cluster (often with a partner such as a university college) and their sessions."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster, Topic
from klynge.core.models import TimeStampedModel
from klynge.core.weblinks import WebURLField
from klynge.members.models import Organisation


class Course(TimeStampedModel):
    class Kind(models.TextChoices):
        FURTHER_EDUCATION = "further_education", _("Further education (ECTS credits)")
        CONTINUING_EDUCATION = "continuing_education", _("Continuing education (no credits)")
        SHORT_COURSE = "short_course", _("Short course")
        WEBINAR_SERIES = "webinar_series", _("Webinar series")

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", _("Introductory")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")
        BACHELOR = "bachelor", _("Bachelor level")
        MASTER = "master", _("Master level")

    class Language(models.TextChoices):
        NORWEGIAN = "nb", _("Norwegian")
        ENGLISH = "en", _("English")
        BOTH = "nb_en", _("Norwegian and English")

    class Format(models.TextChoices):
        ON_CAMPUS = "on_campus", _("On campus")
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended")

    class Admission(models.TextChoices):
        DIRECT = "direct", _("First come, first served")
        APPLICATION = "application", _("By application (the cluster admits)")

    class OpenTo(models.TextChoices):
        MEMBERS = "members", _("Staff of member organisations")
        EVERYONE = "everyone", _("Everyone (members pay the member price)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="courses"
    )
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses_provided",
        help_text=_("The organisation that teaches the course, e.g. a university college."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("Printed on the certificate.")
    )
    kind = models.CharField(
        _("kind"), max_length=24, choices=Kind.choices, default=Kind.SHORT_COURSE
    )
    credits = models.DecimalField(
        _("ECTS credits"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Only further education gives credits."),
    )
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.INTRODUCTORY
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.NORWEGIAN
    )
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.ON_CAMPUS
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    application_deadline = models.DateField(
        _("enrolment deadline"),
        null=True,
        blank=True,
        help_text=_("Enrolment closes at the end of this day."),
    )
    fee = models.PositiveIntegerField(_("fee (NOK)"), default=0)
    member_fee = models.PositiveIntegerField(
        _("member price (NOK)"),
        null=True,
        blank=True,
        help_text=_("For staff of member organisations. Leave empty when it is the same."),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="courses"
    )
    target_group = models.CharField(_("target group"), max_length=255, blank=True)
    admission = models.CharField(
        _("admission"), max_length=16, choices=Admission.choices, default=Admission.DIRECT
    )
    open_to = models.CharField(
        _("open to"), max_length=16, choices=OpenTo.choices, default=OpenTo.MEMBERS
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="learning_course_capacity_positive",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="further_education") & Q(credits__isnull=False) & Q(credits__gt=0)
                )
                | (~Q(kind="further_education") & Q(credits__isnull=True)),
                name="learning_course_credits_iff_further_education",
                violation_error_message=_(
                    "Further education gives ECTS credits; other kinds of course give none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(member_fee__isnull=True) | Q(member_fee__lte=models.F("fee")),
                name="learning_course_member_fee_not_above_fee",
                violation_error_message=_("The member price cannot be above the fee."),
            ),
        ]
        indexes = [models.Index(fields=["cluster", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:course", args=[self.pk])

    @property
    def gives_credits(self) -> bool:
        return self.kind == self.Kind.FURTHER_EDUCATION

    def session_bounds(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """First start and last end: annotated by the selectors, else from (prefetched) sessions."""
        if hasattr(self, "first_start"):
            return self.first_start, getattr(self, "last_end", None)
        sessions = list(self.sessions.all())
        if not sessions:
            return None, None
        return min(s.starts_at for s in sessions), max(s.ends_at for s in sessions)

    @property
    def starts_at(self) -> datetime.datetime | None:
        return self.session_bounds()[0]

    @property
    def ends_at(self) -> datetime.datetime | None:
        return self.session_bounds()[1]

    @property
    def is_past(self) -> bool:
        ends = self.ends_at
        return ends is not None and ends < timezone.now()

    def enrolment_state(self, now: Any = None) -> str:
        """'open', 'closed' (deadline passed), 'past', 'draft' or 'cancelled'."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status == self.Status.DRAFT:
            return "draft"
        ends = self.ends_at
        if ends is not None and ends < now:
            return "past"
        if self.application_deadline and timezone.localdate(now) > self.application_deadline:
            return "closed"
        return "open"


class CourseSession(models.Model):
    """One teaching day or webinar of a course: a time, and a place or a link."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("place"), max_length=255, blank=True)
    online_url = WebURLField(_("online link"), blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="learning_session_ends_after_start",
                violation_error_message=_("A session cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.course} {self.starts_at:%Y-%m-%d}"

    @property
    def audit_cluster_id(self) -> int:
        return self.course.cluster_id
