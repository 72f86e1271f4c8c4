"""What a project leads to (documented outcomes) and the milestones on the way."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel
from klynge.core.weblinks import WebURLField
from klynge.members.models import Organisation

from .project import Project


class Milestone(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class Outcome(TimeStampedModel):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("New product or service")
        BUSINESS_AREA = "business_area", _("New business area")
        TECHNOLOGY = "technology", _("Technology adopted")
        COMPETENCE = "competence", _("Competence lift")
        INTERNATIONAL = "international", _("International partnership or contract")
        PUBLICATION = "publication", _("Publication")
        PATENT = "patent", _("Patent")
        SPIN_OFF = "spin_off", _("Spin-off")
        JOBS = "jobs", _("Jobs")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"))
    quantity = models.PositiveIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("People trained for a competence lift, jobs created, and so on."),
    )
    evidence_url = WebURLField(_("evidence link"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations involved"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date:%Y-%m-%d})"
