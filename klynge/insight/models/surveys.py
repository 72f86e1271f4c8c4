"""Surveys: a cluster's questionnaire in Norwegian and English, its pages and its questions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Cluster
from klynge.core.models import TimeStampedModel


def pick_language(en: str, nb: str, language: str | None = None) -> str:
    """The Norwegian or English text for the current (or given) language, else the other one."""
    wanted = language or get_language() or "en"
    if wanted.startswith("nb"):
        return nb or en
    return en or nb


class Survey(TimeStampedModel):
    """One questionnaire of a cluster. A later wave is a copy that points to the one before."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Sent, not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="surveys"
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_nb = models.CharField(_("title (Norwegian)"), max_length=200, blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_nb = models.TextField(_("introduction (Norwegian)"), blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Anonymous answers keep no link to the person once submitted. "
            "Fixed when the first invitations go out."
        ),
    )
    audience = models.JSONField(_("audience"), default=dict, blank=True)
    reminder_dates = models.JSONField(_("reminder dates"), default=list, blank=True)
    previous_wave = models.ForeignKey(
        "self",
        verbose_name=_("previous wave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_waves",
    )
    template_key = models.CharField(_("made from template"), max_length=60, blank=True)
    sent_at = models.DateTimeField(_("first invitations sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="insight_survey_closes_after_opening",
                violation_error_message=_("The survey must close after it opens."),
            ),
            models.CheckConstraint(
                condition=~Q(previous_wave=models.F("pk")),
                name="insight_survey_not_own_previous_wave",
            ),
        ]
        indexes = [models.Index(fields=["cluster", "opens_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("insight:survey", args=[self.pk])

    @property
    def title(self) -> str:
        return pick_language(self.title_en, self.title_nb)

    @property
    def intro(self) -> str:
        return pick_language(self.intro_en, self.intro_nb)

    def title_in(self, language: str) -> str:
        return pick_language(self.title_en, self.title_nb, language)

    def state(self, now: Any = None) -> str:
        now = now or timezone.now()
        if self.sent_at is None:
            return self.State.DRAFT
        if self.closes_at is not None and now >= self.closes_at:
            return self.State.CLOSED
        if self.opens_at is not None and now < self.opens_at:
            return self.State.SCHEDULED
        return self.State.OPEN

    def is_open(self, now: Any = None) -> bool:
        return self.state(now) == self.State.OPEN

    def get_state_display(self) -> str:
        return str(self.State(self.state()).label)


class Section(models.Model):
    """A page of the survey: shown one at a time to the respondent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_nb = models.CharField(_("title (Norwegian)"), max_length=200, blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_nb = models.TextField(_("introduction (Norwegian)"), blank=True)

    class Meta:
        verbose_name = _("survey page")
        verbose_name_plural = _("survey pages")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.title or f"#{self.position}"

    @property
    def title(self) -> str:
        return pick_language(self.title_en, self.title_nb)

    @property
    def intro(self) -> str:
        return pick_language(self.intro_en, self.intro_nb)

    @property
    def audit_cluster_id(self) -> int:
        return self.survey.cluster_id


class Question(models.Model):
    """One question. `key` is stable across waves, so earlier waves' answers line up with it.

    Choices and matrix statements are lists of {"key", "en", "nb"}. A question with a condition is
    shown only when the earlier `condition_question` has one of `condition_values` as its answer.
    """

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")
        NPS = "nps", _("Recommend 0–10 (NPS)")
        MATRIX = "matrix", _("Matrix (statements on a 1–5 scale)")
        NUMBER = "number", _("Number")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text_en = models.CharField(_("question (English)"), max_length=400)
    text_nb = models.CharField(_("question (Norwegian)"), max_length=400, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=400, blank=True)
    help_nb = models.CharField(_("help (Norwegian)"), max_length=400, blank=True)
    required = models.BooleanField(_("required"), default=False)
    options = models.JSONField(_("choices"), default=list, blank=True)
    statements = models.JSONField(_("statements"), default=list, blank=True)
    low_label_en = models.CharField(_("label of the low end (English)"), max_length=80, blank=True)
    low_label_nb = models.CharField(
        _("label of the low end (Norwegian)"), max_length=80, blank=True
    )
    high_label_en = models.CharField(
        _("label of the high end (English)"), max_length=80, blank=True
    )
    high_label_nb = models.CharField(
        _("label of the high end (Norwegian)"), max_length=80, blank=True
    )
    min_value = models.FloatField(_("smallest number"), null=True, blank=True)
    max_value = models.FloatField(_("largest number"), null=True, blank=True)
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("show only if"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependants",
    )
    condition_values = models.JSONField(_("has one of the answers"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="insight_question_unique_key"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "single",
                        "multiple",
                        "scale",
                        "nps",
                        "matrix",
                        "number",
                        "short_text",
                        "long_text",
                    ]
                ),
                name="insight_question_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(condition_question=models.F("pk")),
                name="insight_question_not_own_condition",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def audit_cluster_id(self) -> int:
        return self.survey.cluster_id

    @property
    def text(self) -> str:
        return pick_language(self.text_en, self.text_nb)

    @property
    def help(self) -> str:
        return pick_language(self.help_en, self.help_nb)

    @property
    def low_label(self) -> str:
        return pick_language(self.low_label_en, self.low_label_nb)

    @property
    def high_label(self) -> str:
        return pick_language(self.high_label_en, self.high_label_nb)

    def option_label(self, key: str) -> str:
        return _item_label(self.options, key)

    @property
    def localised_options(self) -> list[tuple[str, str]]:
        return [(o["key"], pick_language(o.get("en", ""), o.get("nb", ""))) for o in self.options]

    @property
    def localised_statements(self) -> list[tuple[str, str]]:
        return [
            (s["key"], pick_language(s.get("en", ""), s.get("nb", ""))) for s in self.statements
        ]

    @property
    def is_text(self) -> bool:
        return self.kind in (self.Kind.SHORT_TEXT, self.Kind.LONG_TEXT)

    @property
    def scale_points(self) -> list[int]:
        if self.kind == self.Kind.NPS:
            return list(range(11))
        if self.kind in (self.Kind.SCALE, self.Kind.MATRIX):
            return [1, 2, 3, 4, 5]
        return []


def _item_label(items: list[dict[str, str]], key: str) -> str:
    for item in items:
        if item.get("key") == key:
            return pick_language(item.get("en", ""), item.get("nb", ""))
    return key
