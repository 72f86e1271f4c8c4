"""Reminders to participants who have no meetings yet."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action

from .. import notices
from ..models import MatchmakingSession, Meeting, Participant

REMIND_AGAIN_AFTER = timedelta(hours=24)


def without_meetings(session: MatchmakingSession) -> Any:
    meets = Meeting.objects.filter(
        Q(a=OuterRef("pk")) | Q(b=OuterRef("pk")), status=Meeting.Status.ACTIVE
    )
    return Participant.objects.filter(session=session, is_active=True).exclude(Exists(meets))


def participants_remind(*, actor: Actor, session: MatchmakingSession) -> int:
    """Mail everyone without a meeting (at most once a day each). Returns how many are mailed."""
    cutoff = timezone.now() - REMIND_AGAIN_AFTER
    with transaction.atomic():
        ids = list(
            without_meetings(session)
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=cutoff))
            .values_list("pk", flat=True)
        )
        Participant.objects.filter(pk__in=ids).update(reminded_at=timezone.now())
        log_action(
            actor=actor,
            action="klynge.matchmaking.participants.reminded",
            target=session,
            data={"count": len(ids)},
            cluster=session.event.cluster_id,
        )
        transaction.on_commit(lambda: notices.send_reminder_mails(session.pk, ids))
    return len(ids)
