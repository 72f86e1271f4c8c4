"""The delivery log (one row per mail and recipient) and the kinds each address has switched off."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One mail to one address: what, to whom, how it went.

    `key` is the idempotency key: the same key never makes a second row, and a row is claimed
    (queued -> sending) before it is sent, so a retried or doubled task never sends it twice.
    Transactional mails are rendered when queued (subject, bodies, attachments kept until sent);
    bulk mails (`batch` set) are rendered when sent by the renderer their kind registered.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    to_email = models.EmailField(_("recipient"), db_index=True)
    to_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    cluster_id = models.BigIntegerField(_("cluster"), null=True, blank=True, db_index=True)
    batch = models.CharField(_("batch"), max_length=80, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_delivery_due"),
            models.Index(fields=["batch", "status"], name="notif_delivery_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.status})"


class MutedKind(models.Model):
    """An address that asked not to get one optional kind of mail."""

    email = models.EmailField(_("email address"))
    kind = models.CharField(_("kind"), max_length=80)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("muted kind of mail")
        verbose_name_plural = _("muted kinds of mail")
        constraints = [models.UniqueConstraint(fields=["email", "kind"], name="notif_muted_unique")]

    def __str__(self) -> str:
        return f"{self.email}: {self.kind}"
