"""What a project is made of: objectives, partners and their contributions, funding sources."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel
from klynge.members.models import Organisation, Person

from .project import Project


class ProjectObjective(models.Model):
    """One of the four programme aims, or a free objective written by the cluster."""

    class Kind(models.TextChoices):
        SME_COMPETENCE = "sme_competence", _("SME competence lift")
        NEW_TECHNOLOGY = "new_technology", _("Adoption of new technology")
        NEW_BUSINESS = "new_business", _("New business areas")
        INTERNATIONAL = "international", _("International orientation")
        OTHER = "other", _("Other objective")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(_("objective"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=~Q(kind="other"),
                name="projects_objective_standard_once",
            ),
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(text=""),
                name="projects_objective_other_has_text",
            ),
        ]

    def __str__(self) -> str:
        return self.text if self.kind == self.Kind.OTHER else str(self.get_kind_display())


class ProjectPartner(TimeStampedModel):
    """An organisation in a project's consortium (or a candidate for it) and what it brings."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead partner")
        PARTNER = "partner", _("Partner")
        SUBCONTRACTOR = "subcontractor", _("Subcontractor")
        REFERENCE_GROUP = "reference_group", _("Reference group")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        CONFIRMED = "confirmed", _("Confirmed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_partnerships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_partnerships",
    )
    cash = models.PositiveBigIntegerField(_("cash contribution (NOK)"), default=0)
    in_kind_hours = models.PositiveIntegerField(_("in-kind hours"), default=0)
    in_kind_value = models.PositiveBigIntegerField(_("in-kind value (NOK)"), default=0)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                name="projects_partner_once_per_project",
                violation_error_message=_("This organisation is already in the project."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="lead"),
                name="projects_partner_one_lead",
                violation_error_message=_("The project already has a lead partner."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"


class FundingSource(models.Model):
    """A source of money for the project: public (a funder) or private (a foundation, a bank)."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_sources")
    name = models.CharField(_("source"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PUBLIC)
    amount = models.PositiveBigIntegerField(_("amount (NOK)"))

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["kind", "-amount", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="projects_funding_source_unique_name",
                violation_error_message=_("This source is already listed; change its amount."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"
