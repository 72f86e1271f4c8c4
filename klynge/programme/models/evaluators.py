"""Evaluators: external experts who score the applications (and assessments) assigned to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.core.models import TimeStampedModel


class Evaluator(TimeStampedModel):
    """The evaluator role of a user. A member contact of a cluster can be an evaluator too."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="evaluator_profile",
    )
    expertise = models.CharField(_("expertise"), max_length=300, blank=True)
    affiliation = models.CharField(
        _("affiliation"),
        max_length=200,
        blank=True,
        help_text=_("Employer or institution, for conflict-of-interest checks."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        ordering = ["user__full_name", "user__email"]

    def __str__(self) -> str:
        return str(self.user)
