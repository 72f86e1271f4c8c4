"""The one registry of personal data: every app declares what it holds about a person, how to export
it and how to erase it, and how long it keeps it.

    register_personal_data(PersonalData(
        key="event_registrations",                      # the export's top-level key
        fields={"events.Registration": ("person", "answers"), "events.Feedback": ("comment",)},
        export=lambda person: [...],                    # JSON-serialisable (Django's encoder)
        erase=lambda *, actor, person: ...,             # inside the anonymisation transaction
    ))
    register_retention(RetentionRule(key="registration_answers", purge=purge_answers))

`fields` declares, per model, which fields are personal; a test walks every model and fails when
one that points at a person or a login (or holds an email, phone or name) is declared by no hook.
Fields that only record which user did something (`created_by`, `decided_by`, ... ending in `_by`)
are covered by the login: erasure anonymises the user row they point at.

Retention: `settings.KLYNGE_RETENTION_DAYS[key]` days per kind of data; `purge_expired()` (the
`purge_personal_data` command and task) runs every rule with its cut-off.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from klynge.core.typing import BaseActor

ACTOR_FIELD_SUFFIX = "_by"


@dataclass(frozen=True)
class PersonalData:
    key: str
    fields: dict[str, tuple[str, ...]]
    export: Callable[[Any], Any]
    erase: Callable[..., None] | None = None
    order: int = 100
    note: str = field(default="", compare=False)  # why there is no eraser, when there is none


@dataclass(frozen=True)
class RetentionRule:
    key: str  # a key of settings.KLYNGE_RETENTION_DAYS
    purge: Callable[
        [datetime.datetime], int
    ]  # erases what is older than the cut-off; returns a count


_HOOKS: dict[str, PersonalData] = {}
_RETENTION: dict[str, RetentionRule] = {}


def register_personal_data(hook: PersonalData) -> None:
    _HOOKS[hook.key] = hook


def register_retention(rule: RetentionRule) -> None:
    _RETENTION[rule.key] = rule


def personal_data_hooks() -> list[PersonalData]:
    return sorted(_HOOKS.values(), key=lambda hook: (hook.order, hook.key))


def retention_rules() -> list[RetentionRule]:
    return sorted(_RETENTION.values(), key=lambda rule: rule.key)


def declared_fields() -> dict[str, set[str]]:
    """Model label -> every field some hook declares personal."""
    declared: dict[str, set[str]] = {}
    for hook in _HOOKS.values():
        for label, names in hook.fields.items():
            declared.setdefault(label, set()).update(names)
    return declared


def export_person(person: Any) -> dict[str, Any]:
    return {hook.key: hook.export(person) for hook in personal_data_hooks()}


def erase_person(*, actor: BaseActor | None, person: Any) -> list[str]:
    """Run every eraser (the caller holds the transaction); the keys that erased something."""
    done = []
    for hook in personal_data_hooks():
        if hook.erase is not None:
            hook.erase(actor=actor, person=person)
            done.append(hook.key)
    return done


def retention_cutoff(key: str, now: datetime.datetime | None = None) -> datetime.datetime | None:
    days = settings.KLYNGE_RETENTION_DAYS.get(key)
    if days is None:
        return None
    return (now or timezone.now()) - datetime.timedelta(days=int(days))


def purge_expired(now: datetime.datetime | None = None) -> dict[str, int]:
    """Erase what every retention rule says is too old; {rule key: rows changed}."""
    counts = {}
    for rule in retention_rules():
        cutoff = retention_cutoff(rule.key, now)
        if cutoff is not None:
            counts[rule.key] = rule.purge(cutoff)
    return counts
