"""Workflows as data: a transitions table `(state, action) -> (new state, permission)` and one runner.

An app declares its table once, e.g.

    PROJECT_WORKFLOW = Workflow(
        entity=_("project"),
        states=Project.Status.choices,
        transitions=[Transition("planned", "apply", "applied", can_edit_project, _("Apply")), ...],
    )

and then
- `workflow.available(user, obj)` lists the transitions the user may take from the object's state
  (for the buttons on a page and the `actions` of an API object);
- `workflow.apply(user, obj, action)` checks the table (DomainError with the allowed actions when
  the pair is not in it), the permission (PermissionDenied) and the optional guard (DomainError with
  the guard's reason), then sets the new state on the object and returns the `StateChange`.
  It does not save: the calling service saves, audits and owns the transaction.

This module imports nothing from the apps, so every app (projects, programme) can reuse it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext as _

from klynge.core.typing import BaseViewer

from .errors import DomainError

Predicate = Callable[[Any, Any], bool]
Guard = Callable[[Any], str | None]


@dataclass(frozen=True)
class Transition:
    """One row of the table: from `source`, `action` leads to `target` for users `permission` allows.

    `guard(obj)` may return a reason why the object is not ready (e.g. "add a lead partner first");
    `style` is a hint for buttons ("", "secondary" or "danger").
    """

    source: str
    action: str
    target: str
    permission: Predicate
    label: Any = ""
    guard: Guard | None = None
    style: str = ""

    @property
    def display(self) -> str:
        return str(self.label or self.action)


@dataclass(frozen=True)
class StateChange:
    action: str
    source: str
    target: str


class Workflow:
    """A state machine declared as data. `states` are (value, label) pairs, as in TextChoices."""

    def __init__(
        self,
        *,
        entity: Any,
        states: Iterable[tuple[str, Any]],
        transitions: Iterable[Transition],
        state_field: str = "status",
    ) -> None:
        self.entity = entity
        self.state_labels: dict[str, Any] = dict(states)
        self.state_field = state_field
        self._table: dict[tuple[str, str], Transition] = {}
        for transition in transitions:
            key = (transition.source, transition.action)
            if key in self._table:
                raise ImproperlyConfigured(
                    f"Duplicate transition {key!r} in the {entity} workflow."
                )
            for state in (transition.source, transition.target):
                if state not in self.state_labels:
                    raise ImproperlyConfigured(f"Unknown state {state!r} in the {entity} workflow.")
            self._table[key] = transition

    # --- reading the table -----------------------------------------------------------------

    @property
    def transitions(self) -> list[Transition]:
        return list(self._table.values())

    @property
    def actions(self) -> set[str]:
        return {action for _state, action in self._table}

    def state_label(self, state: str) -> str:
        return str(self.state_labels.get(state, state))

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for (source, _action), t in self._table.items() if source == state]

    def find(self, state: str, action: str) -> Transition | None:
        return self._table.get((state, action))

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.state_field))

    def available(self, user: BaseViewer, obj: Any) -> list[Transition]:
        """The transitions from the object's state that the user may take (guards not applied)."""
        return [t for t in self.transitions_from(self.state_of(obj)) if t.permission(user, obj)]

    def may_act(self, user: BaseViewer, obj: Any) -> bool:
        """Whether any transition of the workflow, from any state, is permitted to the user."""
        permissions = {t.permission for t in self._table.values()}
        return any(permission(user, obj) for permission in permissions)

    def blocked_reason(self, transition: Transition, obj: Any) -> str | None:
        return transition.guard(obj) if transition.guard else None

    # --- running it ------------------------------------------------------------------------

    def check(self, user: BaseViewer, obj: Any, action: str) -> Transition:
        """The transition for `action` from the object's state, or an error saying why not."""
        state = self.state_of(obj)
        transition = self.find(state, action)
        if transition is None:
            # No permission in this workflow at all: say that, not which actions exist.
            if not self.may_act(user, obj):
                raise PermissionDenied(
                    _("You may not change this %(entity)s.") % {"entity": self.entity}
                )
            raise DomainError(
                self._refusal(state, action), code="invalid_transition", field="action"
            )
        if not transition.permission(user, obj):
            raise PermissionDenied(
                _("You may not %(action)s this %(entity)s.")
                % {"action": transition.display.lower(), "entity": self.entity}
            )
        reason = self.blocked_reason(transition, obj)
        if reason:
            raise DomainError(reason, code="transition_blocked", field="action")
        return transition

    def apply(self, user: BaseViewer, obj: Any, action: str) -> StateChange:
        """Check the action and set the new state on `obj` (the caller saves and audits)."""
        transition = self.check(user, obj, action)
        setattr(obj, self.state_field, transition.target)
        return StateChange(action=action, source=transition.source, target=transition.target)

    def _refusal(self, state: str, action: str) -> str:
        allowed = self.transitions_from(state)
        known = next((t for t in self.transitions if t.action == action), None)
        action_label = known.display if known else action
        if allowed:
            listed = ", ".join(f"‘{t.display}’" for t in allowed)
        else:
            listed = _("nothing (this is a final status)")
        return _(
            "This %(entity)s is in status ‘%(state)s’, where ‘%(action)s’ is not possible. "
            "Allowed from here: %(allowed)s."
        ) % {
            "entity": self.entity,
            "state": self.state_label(state),
            "action": action_label,
            "allowed": listed,
        }
