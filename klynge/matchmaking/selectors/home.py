"""Reads for the home page: B2B requests waiting in a cluster's sessions, and a person's B2B day."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Q
from django.utils import timezone

from klynge.accounts.typing import Actor

from ..models import MatchmakingSession, Meeting, MeetingRequest, Participant

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Waiting(TypedDict):
    waiting: int


class Participation(TypedDict):
    to_answer: int
    meetings: int


def session_list_waiting_requests(
    *, cluster: Any, limit: int = 5
) -> list[WithAnnotations[MatchmakingSession, Waiting]]:
    """Coming sessions of the cluster's events with requests waiting for an answer (`waiting`)."""
    today = timezone.localdate()
    return list(
        MatchmakingSession.objects.filter(
            Q(event__cluster=cluster) | Q(event__co_hosts=cluster), day__gte=today
        )
        .annotate(
            waiting=Count(
                "requests",
                filter=Q(requests__status=MeetingRequest.Status.PENDING),
                distinct=True,
            )
        )
        .filter(waiting__gt=0)
        .select_related("event")
        .order_by("day", "pk")
        .distinct()[:limit]
    )


def participation_list_for_user(
    *, user: Actor, on: datetime.date | None = None
) -> list[WithAnnotations[Participant, Participation]]:
    """The user's active B2B profiles in coming sessions, with requests waiting for their answer
    (`to_answer`) and meetings booked (`meetings`)."""
    today = on or timezone.localdate()
    return list(
        Participant.objects.filter(person__user=user, is_active=True, session__day__gte=today)
        .annotate(
            to_answer=Count(
                "received_requests",
                filter=Q(received_requests__status=MeetingRequest.Status.PENDING),
                distinct=True,
            ),
            meetings=Count(
                "meetings_as_a",
                filter=Q(meetings_as_a__status=Meeting.Status.ACTIVE),
                distinct=True,
            )
            + Count(
                "meetings_as_b",
                filter=Q(meetings_as_b__status=Meeting.Status.ACTIVE),
                distinct=True,
            ),
        )
        .select_related("session__event")
        .order_by("session__day", "pk")
    )
