"""Who may do what in B2B matchmaking: one role-by-action table per object.

Roles: contact_a is the participant ("me"), contact_b another participant, staff_a/manager_a the
organiser (cluster team of the event's cluster), staff_b another cluster's staff, officer the
programme officer, anonymous the public.
"""

from __future__ import annotations

from typing import Any

import pytest

from klynge.matchmaking import permissions as perms
from klynge.matchmaking.models import MatchmakingSession
from tests.factories.events import RegistrationFactory
from tests.factories.matchmaking import MeetingRequestFactory, build_world, make_meeting

ROLES = [
    "contact_a",
    "contact_b",
    "staff_a",
    "manager_a",
    "staff_b",
    "officer",
    "superuser",
    "anonymous",
]
ORGANISER = {"staff_a", "manager_a", "superuser"}
PARTICIPANTS = {"contact_a", "contact_b"}

# predicate -> object key -> roles that may
TABLE: dict[str, tuple[str, set[str]]] = {
    "can_view_session": ("session", set(ROLES)),
    "can_manage_session": ("session", ORGANISER),
    "can_view_schedule": ("session", ORGANISER | {"officer"}),
    "can_view_participants": ("session", ORGANISER | {"officer"} | PARTICIPANTS),
    "can_request_meeting": ("session", PARTICIPANTS),
    "can_join_session": ("session", set()),  # both contacts take part already
    "can_edit_profile": ("me", ORGANISER | {"contact_a"}),
    "can_view_agenda": ("me", ORGANISER | {"officer", "contact_a"}),
    "can_answer_request": ("request_to_me", ORGANISER | {"contact_a"}),
    "can_withdraw_request": ("request_to_me", ORGANISER | {"contact_b"}),
    "can_book_meeting": ("meeting", ORGANISER),  # scheduler mode: only the organiser
    "can_cancel_meeting": ("meeting", ORGANISER | PARTICIPANTS),
    "can_create_session": ("event", ORGANISER),
    "can_act_as_participant": ("session", PARTICIPANTS),
}
DRAFT = {"can_view_session": ORGANISER | {"officer"}, "can_join_session": set()}
SELF_BOOKING = {"can_book_meeting": ORGANISER | PARTICIPANTS}


@pytest.fixture
def objects(member_cast: Any) -> dict[str, Any]:
    world = build_world(member_cast)
    return {
        "cast": member_cast,
        "session": world.session,
        "event": world.session.event,
        "me": world.me,
        "request_to_me": MeetingRequestFactory(requester=world.other, invitee=world.me),
        "meeting": make_meeting(world.me, world.other),
    }


def _fresh(obj: Any) -> Any:
    """Reload so per-object caches (participant lookups) never leak between roles."""
    return type(obj).objects.get(pk=obj.pk)


@pytest.mark.parametrize("predicate", sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_open_session(objects: dict[str, Any], predicate: str, role: str) -> None:
    key, allowed = TABLE[predicate]
    user = objects["cast"].user(role)
    assert getattr(perms, predicate)(user, _fresh(objects[key])) is (role in allowed)


@pytest.mark.parametrize("predicate", sorted(DRAFT))
@pytest.mark.parametrize("role", ROLES)
def test_draft_session(objects: dict[str, Any], predicate: str, role: str) -> None:
    MatchmakingSession.objects.filter(pk=objects["session"].pk).update(status="draft")
    user = objects["cast"].user(role)
    result = getattr(perms, predicate)(user, _fresh(objects["session"]))
    assert result is (role in DRAFT[predicate])


@pytest.mark.parametrize("role", ROLES)
def test_self_booking_lets_both_participants_book(objects: dict[str, Any], role: str) -> None:
    MatchmakingSession.objects.filter(pk=objects["session"].pk).update(booking_mode="self")
    user = objects["cast"].user(role)
    allowed = SELF_BOOKING["can_book_meeting"]
    assert perms.can_book_meeting(user, _fresh(objects["meeting"])) is (role in allowed)


def test_a_registered_person_may_join_and_an_unregistered_may_not(objects: dict[str, Any]) -> None:
    from tests.factories.accounts import UserFactory
    from tests.factories.members import PersonFactory

    session = objects["session"]
    registered = UserFactory()
    RegistrationFactory(event=session.event, person=PersonFactory(user=registered))
    stranger = UserFactory()
    PersonFactory(user=stranger)
    assert perms.can_join_session(registered, _fresh(session)) is True
    assert perms.can_join_session(stranger, _fresh(session)) is False


def test_after_the_deadline_participants_can_no_longer_act(objects: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    MatchmakingSession.objects.filter(pk=objects["session"].pk).update(
        booking_deadline=timezone.now() - timedelta(minutes=1), booking_mode="self"
    )
    cast = objects["cast"]
    assert perms.can_request_meeting(cast.contact_a, _fresh(objects["session"])) is False
    assert perms.can_answer_request(cast.contact_a, _fresh(objects["request_to_me"])) is False
    assert perms.can_book_meeting(cast.contact_a, _fresh(objects["meeting"])) is False
    assert perms.can_edit_profile(cast.contact_a, _fresh(objects["me"])) is False
    # The organiser still can.
    assert perms.can_answer_request(cast.staff_a, _fresh(objects["request_to_me"])) is True
    assert perms.can_book_meeting(cast.staff_a, _fresh(objects["meeting"])) is True
