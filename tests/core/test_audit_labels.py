"""Audit pages show actions in words, in the reader's language: never a code word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from klynge.core.audit_labels import audit_label, is_known

ROOT = Path(__file__).resolve().parents[2] / "klynge"
LITERAL = re.compile(r'"(klynge\.[a-z_]+\.[a-z_]+\.[a-z_]+)"')
# Actions whose verb is built at run time (registrations and B2B meetings).
BUILT = [
    "klynge.events.registration.created",
    "klynge.events.registration.cancelled",
    "klynge.events.registration.promoted",
    "klynge.events.event.capacity_changed",
    "klynge.learning.enrolment.created",
    "klynge.learning.enrolment.dropped",
    "klynge.learning.enrolment.promoted",
    "klynge.learning.course.capacity_changed",
    "klynge.matchmaking.meeting_request.declined",
    "klynge.matchmaking.meeting_request.withdrawn",
    "klynge.matchmaking.meeting.booked",
    "klynge.matchmaking.meeting.unbooked",
    "klynge.matchmaking.meeting.fixed",
    "klynge.matchmaking.meeting.unfixed",
    "klynge.matchmaking.meeting.cancelled",
]
NOT_ACTIONS = {"klynge.communication.click", "klynge.insight.invitation"}  # token salts


def actions_in_code() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        found.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    return found - NOT_ACTIONS


def test_every_action_in_the_code_has_words() -> None:
    actions = actions_in_code() | set(BUILT)
    assert len(actions) > 100
    missing = sorted(action for action in actions if not is_known(action))
    assert missing == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Registration created"), ("nb", "Påmelding opprettet")],
)
def test_a_label_in_each_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert audit_label("klynge.events.registration.created") == expected


def test_an_unknown_action_reads_as_words_not_code() -> None:
    assert audit_label("klynge.future.thing_kind.was_done") == "Thing kind was done"
