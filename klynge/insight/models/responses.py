"""Invitations, responses and answers.

Anonymity is kept by the data, not by the screens: when a response of an anonymous survey is
submitted, its links to the invitation, person and organisation are cleared (a check constraint
refuses anything else), only the submission *date* is kept, and the invitation records only that it
was answered (`completed`, no time). The group fields (kind, size class, county) are copied at
submission so results can be broken down; groups under the minimum size are never shown.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.members.models import Organisation, Person

from .surveys import Question, Survey


class Invitation(models.Model):
    """A personal, single-use link to answer a survey.

    The link's token is an HMAC of `token_salt` with the site's secret key (so reminders can
    rebuild the link), and only its SHA-256 hash is looked up: the database alone never yields
    a working link.
    """

    class Source(models.TextChoices):
        MEMBERS = "members", _("Contact people of member organisations")
        CONSENTED = "consented", _("People who agreed to hear from the cluster")
        PARTICIPANTS = "participants", _("Participants of events or courses")
        UPLOAD = "upload", _("Uploaded list")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_invitations"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_invitations",
    )
    org_kind = models.CharField(_("kind of organisation"), max_length=24, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, blank=True)
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="nb")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    token_salt = models.CharField(max_length=32, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent"))
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_on = models.DateField(_("last reminded"), null=True, blank=True)
    completed = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["survey", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"],
                name="insight_invitation_once_per_address",
                violation_error_message=_("This address is already invited."),
            )
        ]
        indexes = [models.Index(fields=["survey", "completed"])]

    def __str__(self) -> str:
        return f"{self.email} – {self.survey}"

    @property
    def audit_cluster_id(self) -> int:
        return self.survey.cluster_id


class Response(models.Model):
    """One respondent's answers: in progress (saved as they go) until submitted."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    anonymous = models.BooleanField(default=True, editable=False)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    org_kind = models.CharField(_("kind of organisation"), max_length=24, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, blank=True)
    county = models.CharField(_("county"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8, default="nb")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    page = models.PositiveSmallIntegerField(_("page reached"), default=0)
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="submitted") & Q(submitted_on__isnull=False))
                | (Q(status="in_progress") & Q(submitted_on__isnull=True)),
                name="insight_response_submitted_on_iff_submitted",
            ),
            models.CheckConstraint(
                # A submitted anonymous response is linked to nobody.
                condition=~Q(anonymous=True, status="submitted")
                | Q(invitation__isnull=True, person__isnull=True, organisation__isnull=True),
                name="insight_response_anonymous_unlinked",
            ),
        ]
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"

    @property
    def audit_cluster_id(self) -> int:
        return self.survey.cluster_id

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """One answer: `number` (scale, NPS, number), `text` (text, single choice key) or `items`
    (multiple choice: a list of keys; matrix: {statement key: 1-5})."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="insight_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.value}"

    @property
    def value(self) -> object:
        """The answer as the question kind reads it (see `klynge.insight.logic`)."""
        kind = self.question.kind
        if kind in ("scale", "nps"):
            return None if self.number is None else int(self.number)
        if kind == "number":
            return self.number
        if kind in ("multiple", "matrix"):
            return self.items
        return self.text
