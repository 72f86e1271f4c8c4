"""Audit views apply the visibility rules of the objects they describe.

An audit entry names people (who acted, what was acted on). Where an app hides people on its own
pages (the programme hides evaluators from the applicant's cluster), it registers an `AuditRule` in
`AppConfig.ready()` whose `visible(user, entry)` calls the same `can_*` predicate the page uses. Every
page that lists audit entries shows them through `visible_audit_entries`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from klynge.core.typing import BaseViewer

from .audit_labels import audit_label
from .models import AuditEntry


@dataclass(frozen=True)
class AuditRule:
    """For actions starting with one of `prefixes`: who may see the people the entry names."""

    key: str
    prefixes: tuple[str, ...]
    visible: Callable[[Any, AuditEntry], bool]
    hidden_actor: Any  # the label shown instead of the actor (a lazy string)
    hidden_target: Any  # the label shown instead of the object


@dataclass(frozen=True)
class AuditRow:
    """What an audit page shows of one entry (never saved)."""

    created_at: Any
    actor_label: str
    action: str
    target_repr: str
    cluster_id: int | None
    data: dict[str, Any]
    redacted: bool = False

    @property
    def action_label(self) -> str:
        return audit_label(self.action)


_RULES: dict[str, AuditRule] = {}


def register_audit_rule(rule: AuditRule) -> None:
    _RULES[rule.key] = rule


def rule_for(action: str) -> AuditRule | None:
    for rule in _RULES.values():
        if action.startswith(rule.prefixes):
            return rule
    return None


def visible_audit_entries(user: BaseViewer, entries: Iterable[AuditEntry]) -> list[AuditRow]:
    rows = []
    for entry in entries:
        rule = rule_for(entry.action)
        hidden_by = rule if rule is not None and not rule.visible(user, entry) else None
        hide = hidden_by is not None
        own = hide and entry.actor_id is not None and entry.actor_id == getattr(user, "pk", None)
        rows.append(
            AuditRow(
                created_at=entry.created_at,
                actor_label=entry.actor_label
                if hidden_by is None or own
                else str(hidden_by.hidden_actor),
                action=entry.action,
                target_repr=entry.target_repr
                if hidden_by is None
                else str(hidden_by.hidden_target),
                cluster_id=entry.cluster_id,
                data={} if hide else entry.data,
                redacted=hide,
            )
        )
    return rows
