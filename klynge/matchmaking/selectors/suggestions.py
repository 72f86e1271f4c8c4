"""Suggestions for a participant, ranked by the pure `klynge.matchmaking.suggestions.rank`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from ..models import Meeting, MeetingRequest, Participant
from ..suggestions import Profile, Suggestion, rank


@dataclass(frozen=True)
class SuggestedParticipant:
    participant: Participant
    suggestion: Suggestion
    shared_topic_names: list[str]


def _profile(participant: Participant) -> Profile:
    return Profile(
        id=participant.pk,
        topics=frozenset(t.pk for t in participant.topics.all()),
        offers=participant.offers,
        needs=participant.needs,
        organisation_id=participant.organisation_id,
    )


def contacted_ids(participant: Participant) -> set[int]:
    """People the participant already meets or has a pending request with."""
    ids: set[int] = set()
    for a, b in Meeting.objects.filter(
        Q(a=participant) | Q(b=participant), status=Meeting.Status.ACTIVE
    ).values_list("a_id", "b_id"):
        ids |= {a, b}
    for a, b in MeetingRequest.objects.filter(
        Q(requester=participant) | Q(invitee=participant), status=MeetingRequest.Status.PENDING
    ).values_list("requester_id", "invitee_id"):
        ids |= {a, b}
    ids.discard(participant.pk)
    return ids


def suggestion_list(*, participant: Participant, limit: int = 10) -> list[SuggestedParticipant]:
    others = list(
        Participant.objects.filter(session_id=participant.session_id, is_active=True)
        .select_related("person", "organisation", "registration")
        .prefetch_related("topics")
    )
    by_id = {p.pk: p for p in others}
    me = by_id.get(participant.pk, participant)
    ranked = rank(
        _profile(me),
        [_profile(p) for p in others],
        exclude=contacted_ids(participant),
        limit=limit,
    )
    result = []
    for suggestion in ranked:
        other = by_id[suggestion.id]
        names = [t.name for t in other.topics.all() if t.pk in suggestion.shared_topics]
        result.append(SuggestedParticipant(other, suggestion, names))
    return result
