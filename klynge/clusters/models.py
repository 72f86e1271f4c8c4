"""The tenant: a cluster, the roles of its staff, and the topic taxonomy."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel
from klynge.core.weblinks import WebURLField


class Topic(TimeStampedModel):
    """A focus or competence topic ("smart grids"), shared by clusters, members and events."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=120)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_nb if (get_language() or "en").startswith("nb") else self.name_en


class Cluster(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nb = models.TextField(_("description (Norwegian)"), blank=True)
    operator_name = models.CharField(_("operated by"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NO")
    founded = models.PositiveSmallIntegerField(
        _("founded (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    website = WebURLField(_("website"), blank=True)
    focus_topics = models.ManyToManyField(
        Topic, verbose_name=_("focus topics"), blank=True, related_name="clusters"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="clusters_cluster_unique_name_ci"),
            models.CheckConstraint(
                condition=models.Q(founded__isnull=True)
                | models.Q(founded__gte=1900, founded__lte=2100),
                name="clusters_cluster_founded_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:detail", args=[self.slug])

    @property
    def audit_cluster_id(self) -> int:
        return self.pk

    @property
    def description(self) -> str:
        if (get_language() or "en").startswith("nb"):
            return self.description_nb or self.description_en
        return self.description_en or self.description_nb


class ClusterRole(TimeStampedModel):
    """A user's role in the cluster's management: manager (admin) or staff."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Cluster manager")
        STAFF = "staff", _("Cluster staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cluster_roles"
    )
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("cluster role")
        verbose_name_plural = _("cluster roles")
        ordering = ["cluster__name", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cluster"], name="clusters_role_one_per_cluster"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["manager", "staff"]), name="clusters_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.cluster}"
