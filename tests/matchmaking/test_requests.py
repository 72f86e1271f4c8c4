"""Meeting requests: sending, answering, limits, automatic acceptance and self-booking."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.matchmaking.models import Booking, MatchmakingSession, Meeting, MeetingRequest
from klynge.matchmaking.services.requests import (
    request_accept,
    request_create,
    request_decline,
    request_withdraw,
)
from tests.factories.matchmaking import ParticipantFactory, World, build_world


@pytest.fixture
def world(member_cast: Any) -> World:
    return build_world(member_cast)


def test_request_mails_the_invitee_and_accepting_creates_one_meeting(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sent = request_create(
            actor=world.cast.contact_a, requester=world.me, invitee=world.other, message="Hi!"
        )
    assert sent.status == "pending"
    assert [m.to for m in mail.outbox] == [[world.other.person.email]]
    assert "would like to meet you" in mail.outbox[0].subject
    assert "Hi!" in mail.outbox[0].body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        meeting = request_accept(actor=world.cast.contact_b, request=sent)
    sent.refresh_from_db()
    assert sent.status == "accepted" and sent.responded_at is not None
    assert (meeting.a_id, meeting.b_id) == tuple(sorted([world.me.pk, world.other.pk]))
    assert meeting.slot is None  # the organiser's scheduler places it
    assert [m.to for m in mail.outbox] == [[world.me.person.email]]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "klynge.matchmaking.meeting_request.sent",
        "klynge.matchmaking.meeting_request.accepted",
    } <= actions


def test_a_request_can_be_answered_once(world: World) -> None:
    sent = request_create(actor=None, requester=world.me, invitee=world.other)
    request_decline(actor=None, request=sent)
    with pytest.raises(ConflictError):
        request_accept(actor=None, request=sent)
    with pytest.raises(ConflictError):
        request_withdraw(actor=None, request=sent)
    assert not Meeting.objects.exists()


def test_duplicates_reverse_requests_and_existing_meetings_are_refused(world: World) -> None:
    first = request_create(actor=None, requester=world.me, invitee=world.other)
    with pytest.raises(ConflictError, match="already asked"):
        request_create(actor=None, requester=world.me, invitee=world.other)
    with pytest.raises(ConflictError) as reverse:
        request_create(actor=None, requester=world.other, invitee=world.me)
    assert reverse.value.code == "reverse_pending"
    request_accept(actor=None, request=first)
    with pytest.raises(ConflictError, match="already have a meeting"):
        request_create(actor=None, requester=world.other, invitee=world.me)


def test_field_errors_for_bad_input(world: World) -> None:
    with pytest.raises(DomainError) as own:
        request_create(actor=None, requester=world.me, invitee=world.me)
    assert own.value.field == "invitee"
    with pytest.raises(DomainError) as long:
        request_create(actor=None, requester=world.me, invitee=world.other, message="x" * 1001)
    assert long.value.field == "message"
    elsewhere = ParticipantFactory()
    with pytest.raises(DomainError) as other_session:
        request_create(actor=None, requester=world.me, invitee=elsewhere)
    assert other_session.value.field == "invitee"


def test_closed_session_takes_no_requests(world: World) -> None:
    MatchmakingSession.objects.filter(pk=world.session.pk).update(status="closed")
    world.me.session.refresh_from_db()
    with pytest.raises(DomainError) as closed:
        request_create(actor=None, requester=world.me, invitee=world.other)
    assert closed.value.code == "closed"


def test_meeting_limits_of_participant_and_session(world: World) -> None:
    world.other.max_meetings = 1
    world.other.save()
    first, second = world.extra
    request_accept(
        actor=None, request=request_create(actor=None, requester=first, invitee=world.other)
    )
    pending = request_create(actor=None, requester=second, invitee=world.other)
    with pytest.raises(ConflictError) as full:
        request_accept(actor=None, request=pending)
    assert full.value.code == "meeting_limit"
    # A requester who reached the session-wide limit cannot send more.
    MatchmakingSession.objects.filter(pk=world.session.pk).update(max_meetings=1)
    first.session.refresh_from_db()
    with pytest.raises(ConflictError, match="your limit of 1"):
        request_create(actor=None, requester=first, invitee=world.me)


def test_automatic_mode_accepts_at_once(world: World) -> None:
    MatchmakingSession.objects.filter(pk=world.session.pk).update(request_mode="auto")
    world.me.session.refresh_from_db()
    sent = request_create(actor=None, requester=world.me, invitee=world.other)
    assert sent.status == "accepted"
    assert Meeting.objects.filter(request=sent, status="active").count() == 1


def test_self_booking_books_the_proposed_slot_on_accept(world: World) -> None:
    MatchmakingSession.objects.filter(pk=world.session.pk).update(booking_mode="self")
    world.me.session.refresh_from_db()
    sent = request_create(actor=None, requester=world.me, invitee=world.other, proposed_slot=2)
    meeting = request_accept(actor=None, request=sent)
    assert (meeting.slot, meeting.table) == (2, 1)
    assert (meeting.published_slot, meeting.published_table) == (2, 1)  # final at once
    assert set(Booking.objects.values_list("participant_id", "slot")) == {
        (world.me.pk, 2),
        (world.other.pk, 2),
    }
    # Another request that wants the same person in the same slot fails and stays pending.
    third = world.extra[0]
    clash = request_create(actor=None, requester=third, invitee=world.me, proposed_slot=2)
    with pytest.raises(ConflictError, match="already has a meeting in this slot"):
        request_accept(actor=None, request=clash)
    clash.refresh_from_db()
    assert clash.status == MeetingRequest.Status.PENDING
    assert request_accept(actor=None, request=clash, slot=3).slot == 3


def test_unknown_proposed_slot_is_a_field_error(world: World) -> None:
    with pytest.raises(DomainError) as bad:
        request_create(actor=None, requester=world.me, invitee=world.other, proposed_slot=99)
    assert bad.value.field == "proposed_slot"
