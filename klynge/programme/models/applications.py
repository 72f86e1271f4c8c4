"""Applications to calls: the applicant cluster, its project, the request, answers, attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel
from klynge.projects.models import Project

from .calls import Call
from .labels import private_storage


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SKETCH_SUBMITTED = "sketch_submitted", _("Sketch submitted")
        INVITED = "invited", _("Invited to full application")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("applicant cluster"),
        on_delete=models.CASCADE,
        related_name="programme_applications",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="programme_applications",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        db_index=True,
    )
    amount_requested = models.PositiveBigIntegerField(_("amount requested (NOK)"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    sketch_submitted_at = models.DateTimeField(_("sketch submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_amount = models.PositiveBigIntegerField(_("granted (NOK)"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "project"],
                condition=~Q(status="withdrawn"),
                name="programme_application_once_per_call_and_project",
                violation_error_message=_("This project already has an application in the call."),
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(status="approved"),
                name="programme_application_grant_only_when_approved",
            ),
        ]
        indexes = [
            models.Index(fields=["cluster", "status"]),
            models.Index(fields=["call", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.project.title} – {self.call.title}"

    def get_absolute_url(self) -> str:
        return reverse("programme:application", args=[self.pk])

    @property
    def audit_cluster_id(self) -> int:
        return self.cluster_id

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.REJECTED)


# Statuses that hold a place in the cluster's quota (counted at submission).
QUOTA_STATUSES = ("sketch_submitted", "invited", "submitted", "in_review", "approved", "rejected")
OPEN_STATUSES = ("draft", "sketch_submitted", "invited", "submitted", "in_review")


class ApplicationAttachment(TimeStampedModel):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=private_storage, upload_to="applications/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_cluster_id(self) -> int:
        return self.application.cluster_id
