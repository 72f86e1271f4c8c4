"""The generic workflow runner: a table of transitions, who may take them, and clear refusals."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from klynge.core.errors import DomainError
from klynge.core.workflow import StateChange, Transition, Workflow

STATES = [("draft", "Draft"), ("submitted", "Submitted"), ("decided", "Decided")]


def anyone(user: Any, obj: Any) -> bool:
    return True


def reviewers(user: Any, obj: Any) -> bool:
    return user == "reviewer"


def has_body(obj: Any) -> str | None:
    return None if obj.body else "Write something before submitting."


def make() -> Workflow:
    return Workflow(
        entity="application",
        states=STATES,
        transitions=[
            Transition("draft", "submit", "submitted", anyone, "Submit", guard=has_body),
            Transition("submitted", "decide", "decided", reviewers, "Decide"),
            Transition("submitted", "recall", "draft", anyone, "Recall"),
        ],
    )


def doc(status: str = "draft", body: str = "text") -> SimpleNamespace:
    return SimpleNamespace(status=status, body=body)


def test_apply_moves_state_and_reports_change() -> None:
    obj = doc()
    change = make().apply("author", obj, "submit")
    assert change == StateChange(action="submit", source="draft", target="submitted")
    assert obj.status == "submitted"


def test_action_not_in_table_is_refused_with_allowed_actions_listed() -> None:
    obj = doc("submitted")
    with pytest.raises(DomainError) as info:
        make().apply("reviewer", obj, "submit")
    assert info.value.code == "invalid_transition"
    assert info.value.field == "action"
    assert info.value.message == (
        "This application is in status ‘Submitted’, where ‘Submit’ is not possible. "
        "Allowed from here: ‘Decide’, ‘Recall’."
    )
    assert obj.status == "submitted"


def test_final_state_says_nothing_is_allowed() -> None:
    with pytest.raises(DomainError) as info:
        make().apply("reviewer", doc("decided"), "recall")
    assert "Allowed from here: nothing (this is a final status)." in info.value.message


def test_unknown_action_is_refused_by_name() -> None:
    with pytest.raises(DomainError) as info:
        make().apply("reviewer", doc(), "explode")
    assert "‘explode’" in info.value.message


def test_permission_predicate_is_checked_after_the_table() -> None:
    obj = doc("submitted")
    with pytest.raises(PermissionDenied):
        make().apply("author", obj, "decide")
    assert obj.status == "submitted"
    make().apply("reviewer", obj, "decide")
    assert obj.status == "decided"


def test_guard_blocks_with_its_reason() -> None:
    obj = doc(body="")
    with pytest.raises(DomainError) as info:
        make().apply("author", obj, "submit")
    assert info.value.code == "transition_blocked"
    assert info.value.message == "Write something before submitting."
    assert obj.status == "draft"


@pytest.mark.parametrize(
    ("user", "status", "expected"),
    [
        ("author", "draft", ["submit"]),
        ("author", "submitted", ["recall"]),
        ("reviewer", "submitted", ["decide", "recall"]),
        ("reviewer", "decided", []),
    ],
)
def test_available_lists_permitted_actions_from_current_state(
    user: str, status: str, expected: list[str]
) -> None:
    assert [t.action for t in make().available(user, doc(status))] == expected


def test_table_reading_helpers() -> None:
    workflow = make()
    assert workflow.actions == {"submit", "decide", "recall"}
    submit = workflow.find("draft", "submit")
    assert submit is not None and submit.target == "submitted"
    assert workflow.find("draft", "decide") is None
    assert workflow.state_label("decided") == "Decided"
    assert workflow.blocked_reason(submit, doc(body="")) is not None


def test_duplicate_rows_are_a_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured):
        Workflow(
            entity="x",
            states=STATES,
            transitions=[
                Transition("draft", "submit", "submitted", anyone),
                Transition("draft", "submit", "decided", anyone),
            ],
        )


def test_unknown_states_are_a_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured):
        Workflow(entity="x", states=STATES, transitions=[Transition("draft", "go", "gone", anyone)])


def test_custom_state_field() -> None:
    workflow = Workflow(
        entity="door",
        states=[("open", "Open"), ("shut", "Shut")],
        transitions=[Transition("open", "close", "shut", anyone)],
        state_field="position",
    )
    door = SimpleNamespace(position="open")
    workflow.apply(None, door, "close")
    assert door.position == "shut"
