"""Organiser work: session settings with field errors, adding, placing, fixing, removing meetings,
precedences, participants joining and withdrawing, reminders."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from django.core import mail

from klynge.core.errors import ConflictError, DomainError
from klynge.matchmaking.models import Booking, Meeting, MeetingRequest, Participant
from klynge.matchmaking.services.meetings import (
    meeting_add,
    meeting_book,
    meeting_cancel,
    meeting_set_fixed,
    meeting_unbook,
    precedence_add,
)
from klynge.matchmaking.services.participants import (
    participant_join,
    participant_update,
    participant_withdraw,
    participants_add_opted_in,
)
from klynge.matchmaking.services.reminders import participants_remind
from klynge.matchmaking.services.sessions import session_create, session_update
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.matchmaking import World, build_world, make_meeting


@pytest.fixture
def world(member_cast: Any) -> World:
    return build_world(member_cast)


def _fields(event: Any, **overrides: Any) -> dict[str, Any]:
    from django.utils import timezone

    fields = {
        "title": "B2B",
        "day": timezone.localtime(event.starts_at).date(),
        "morning_start": time(9, 0),
        "morning_slots": 6,
        "afternoon_start": time(13, 0),
        "afternoon_slots": 4,
        "meeting_minutes": 20,
        "break_minutes": 5,
        "table_count": 5,
        "table_names": ["Fjord", "Fjell"],
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"day": date(2001, 1, 1)}, "day"),
        ({"afternoon_start": None}, "afternoon_start"),
        ({"afternoon_start": time(10, 0)}, "afternoon_start"),
        ({"table_count": 1}, "table_names"),
        (
            {"morning_start": time(22, 0), "afternoon_slots": 0, "afternoon_start": None},
            "morning_slots",
        ),
    ],
)
def test_session_rules_name_the_field(cast: Any, overrides: dict[str, Any], field: str) -> None:
    event = EventFactory(cluster=cast.cluster_a)
    with pytest.raises(DomainError) as error:
        session_create(actor=cast.staff_a, event=event, **_fields(event, **overrides))
    assert error.value.field == field


def test_session_is_created_with_named_tables(cast: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a)
    session = session_create(actor=cast.staff_a, event=event, **_fields(event))
    assert session.slot_count == 10
    assert [name for _n, name in session.tables][:3] == ["Fjord", "Fjell", "Table 3"]


def test_slots_and_tables_in_use_cannot_be_removed(world: World) -> None:
    meeting = make_meeting(world.me, world.other)
    meeting_book(actor=None, meeting=meeting, slot=6, table=3, by_organiser=True)
    with pytest.raises(DomainError) as slots:
        session_update(actor=None, session=world.session, afternoon_slots=1)
    assert slots.value.field == "morning_slots"
    with pytest.raises(DomainError) as tables:
        session_update(actor=None, session=world.session, table_count=2)
    assert tables.value.field == "table_count"
    session_update(actor=None, session=world.session, table_count=4)
    world.session.refresh_from_db()
    assert world.session.table_count == 4


def test_organiser_adds_places_fixes_and_removes(world: World) -> None:
    meeting = meeting_add(
        actor=world.cast.staff_a, session=world.session, first=world.me, second=world.other, slot=2
    )
    assert (meeting.slot, meeting.table, meeting.fixed) == (2, 1, True)
    with pytest.raises(ConflictError):
        meeting_add(actor=None, session=world.session, first=world.other, second=world.me)
    # Same person, same slot: refused; a table clash is refused too.
    third, fourth = world.extra
    second = meeting_add(actor=None, session=world.session, first=world.me, second=third)
    with pytest.raises(ConflictError, match="already has a meeting"):
        meeting_book(actor=None, meeting=second, slot=2, by_organiser=True)
    other_pair = meeting_add(actor=None, session=world.session, first=third, second=fourth)
    with pytest.raises(ConflictError, match="table is taken"):
        meeting_book(actor=None, meeting=other_pair, slot=2, table=1, by_organiser=True)
    meeting_book(actor=None, meeting=other_pair, slot=2, by_organiser=True)
    other_pair.refresh_from_db()
    assert other_pair.table == 2
    meeting_set_fixed(actor=None, meeting=other_pair, fixed=False)
    meeting_unbook(actor=None, meeting=other_pair, by_organiser=True)
    meeting_cancel(actor=None, meeting=meeting)
    assert Booking.objects.filter(meeting__in=[meeting, other_pair]).count() == 0
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"


def test_a_participant_keeps_the_table_of_the_neighbouring_slot(world: World) -> None:
    third, fourth = world.extra
    first = meeting_add(actor=None, session=world.session, first=world.me, second=third, slot=1)
    blocker = meeting_add(actor=None, session=world.session, first=fourth, second=world.other)
    meeting_book(actor=None, meeting=blocker, slot=1, by_organiser=True)
    meeting_book(actor=None, meeting=first, slot=1, table=3, by_organiser=True)
    second = meeting_add(actor=None, session=world.session, first=world.me, second=world.other)
    meeting_book(actor=None, meeting=blocker, slot=3, by_organiser=True)
    meeting_book(actor=None, meeting=second, slot=2, by_organiser=True)
    second.refresh_from_db()
    assert second.table == 3  # where world.me sat in slot 1


def test_availability_and_session_part_rules(world: World) -> None:
    participant_update(actor=None, participant=world.me, arrives_at=time(9, 30))
    meeting = make_meeting(world.me, world.other, restriction="afternoon")
    with pytest.raises(DomainError, match="afternoon"):
        meeting_book(actor=None, meeting=meeting, slot=3, by_organiser=True)
    meeting.restriction = "any"
    meeting.save()
    with pytest.raises(DomainError, match="not available"):
        meeting_book(actor=None, meeting=meeting, slot=1, by_organiser=True)
    meeting_book(actor=None, meeting=meeting, slot=5, by_organiser=True)
    with pytest.raises(DomainError) as clash:
        participant_update(actor=None, participant=world.me, unavailable_slots=[5])
    assert clash.value.field == "unavailable_slots"
    with pytest.raises(DomainError) as order:
        participant_update(actor=None, participant=world.me, leaves_at=time(9, 0))
    assert order.value.field == "leaves_at"


def test_precedences_hold_and_never_form_a_circle(world: World) -> None:
    third, _fourth = world.extra
    first = make_meeting(world.me, world.other)
    second = make_meeting(world.me, third)
    precedence_add(actor=None, before=first, after=second)
    with pytest.raises(DomainError, match="circle"):
        precedence_add(actor=None, before=second, after=first)
    meeting_book(actor=None, meeting=second, slot=2, by_organiser=True)
    with pytest.raises(DomainError, match="order"):
        meeting_book(actor=None, meeting=first, slot=3, by_organiser=True)
    meeting_book(actor=None, meeting=first, slot=1, by_organiser=True)


def test_join_needs_a_seat_and_happens_once(world: World) -> None:
    registration = RegistrationFactory(event=world.session.event)
    participant = participant_join(actor=None, session=world.session, registration=registration)
    with pytest.raises(ConflictError):
        participant_join(actor=None, session=world.session, registration=registration)
    registration.status = "cancelled"
    registration.save()
    with pytest.raises(DomainError):
        participant_join(
            actor=None,
            session=world.session,
            registration=RegistrationFactory(
                status="waitlisted", event=world.session.event, waitlist_position=1
            ),
        )
    assert participant.organisation_id == registration.organisation_id


def test_organiser_adds_everyone_who_ticked_the_b2b_question(world: World) -> None:
    from klynge.events.models import Question

    question = Question.objects.create(
        event=world.session.event, label="Join the B2B session?", kind="checkbox"
    )
    yes = RegistrationFactory(event=world.session.event, answers={question.key: True})
    RegistrationFactory(event=world.session.event, answers={question.key: False})
    assert participants_add_opted_in(actor=None, session=world.session) == 1
    assert Participant.objects.filter(session=world.session, person=yes.person).exists()
    assert participants_add_opted_in(actor=None, session=world.session) == 0


def test_withdrawing_ends_requests_and_cancels_meetings(world: World) -> None:
    third, fourth = world.extra
    meeting = make_meeting(world.me, world.other)
    MeetingRequest.objects.create(session=world.session, requester=world.me, invitee=third)
    MeetingRequest.objects.create(session=world.session, requester=fourth, invitee=world.me)
    assert participant_withdraw(actor=None, participant=world.me) == [meeting.pk]
    assert set(MeetingRequest.objects.values_list("status", flat=True)) == {"withdrawn", "declined"}
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"
    assert participant_withdraw(actor=None, participant=world.me) == []


def test_reminders_go_once_a_day_to_those_without_meetings(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_meeting(world.me, world.other)
    with django_capture_on_commit_callbacks(execute=True):
        assert participants_remind(actor=None, session=world.session) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.person.email for p in world.extra)
    assert "No B2B meetings yet" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert participants_remind(actor=None, session=world.session) == 0


def test_new_times_after_publishing_mail_everyone_concerned(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_meeting(world.me, world.other, slot=1, table=1, published_slot=1, published_table=1)
    world.session.published_version = 1
    world.session.save()
    with django_capture_on_commit_callbacks(execute=True):
        session_update(actor=None, session=world.session, morning_start=time(9, 30))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.me.person.email, world.other.person.email]
    )
    assert "09:30" in mail.outbox[0].body
    world.session.refresh_from_db()
    assert world.session.published_version == 2
