"""What B2B matchmaking holds about a person (profiles with offers and needs, request messages)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from klynge.accounts.typing import Actor
from klynge.core.personal_data import (
    PersonalData,
    RetentionRule,
    register_personal_data,
    register_retention,
)

from .models import MeetingRequest, Participant


def export_profiles(person: Any) -> list[dict[str, Any]]:
    rows = Participant.objects.filter(person=person).select_related("session").order_by("pk")
    return [
        {
            "session": p.session.title,
            "offers": p.offers,
            "needs": p.needs,
            "arrives_at": p.arrives_at,
            "leaves_at": p.leaves_at,
            "requests_sent": list(
                MeetingRequest.objects.filter(requester=p).values("message", "status", "created_at")
            ),
        }
        for p in rows
    ]


def erase_profiles(*, actor: Actor | None, person: Any) -> None:
    participants = Participant.objects.filter(person=person)
    MeetingRequest.objects.filter(requester__in=participants).update(message="")
    participants.update(offers="", needs="")


def purge_profiles(cutoff: datetime.datetime) -> int:
    """Offers, needs and messages of sessions whose event ended before the cut-off."""
    old = Q(session__event__ends_at__lt=cutoff)
    count = Participant.objects.filter(old).exclude(offers="", needs="").update(offers="", needs="")
    return count + MeetingRequest.objects.filter(old).exclude(message="").update(message="")


def register() -> None:
    register_personal_data(
        PersonalData(
            key="b2b_profiles",
            fields={
                "matchmaking.Participant": ("person", "offers", "needs"),
                "matchmaking.MeetingRequest": ("message",),
            },
            export=export_profiles,
            erase=erase_profiles,
            order=30,
        )
    )
    register_retention(RetentionRule(key="b2b_profiles", purge=purge_profiles))
