"""The audit log: every write that matters records who did what to which object."""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from klynge.core.typing import BaseViewer

from .models import AuditEntry

ACTION_PATTERN = re.compile(r"^klynge\.[a-z_]+\.[a-z_]+\.[a-z_]+$")


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    safe: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return safe


def _actor_fields(actor: BaseViewer | None) -> tuple[Any, str]:
    """The entry's user (an AUTH_USER_MODEL instance, which core cannot name) and its label."""
    if actor is None or not actor.is_authenticated:
        return None, "system"
    return actor, getattr(actor, "email", "") or "system"


def build_entry(
    *,
    actor: BaseViewer | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    cluster: Any = None,
) -> AuditEntry:
    """An unsaved audit entry (see `log_action` for the arguments)."""
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action {action!r} must look like 'klynge.<app>.<entity>.<verb>'.")
    actor_obj, actor_label = _actor_fields(actor)
    cluster_id = getattr(cluster, "pk", cluster)
    if cluster_id is None and target is not None:
        cluster_id = getattr(target, "audit_cluster_id", getattr(target, "cluster_id", None))
    return AuditEntry(
        actor=actor_obj,
        actor_label=actor_label,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        cluster_id=cluster_id,
        data=_json_safe(data or {}),
    )


def log_action(
    *,
    actor: BaseViewer | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    cluster: Any = None,
) -> AuditEntry:
    """Record an action named `klynge.<app>.<entity>.<verb>` (past tense) by `actor` on `target`.

    `cluster` (an object with `pk`, or an id) scopes the entry so a cluster's managers can read it;
    without it the target's `audit_cluster_id` or `cluster_id` is used.
    """
    entry = build_entry(actor=actor, action=action, target=target, data=data, cluster=cluster)
    entry.save()
    return entry


class AuditBatch:
    """Audit entries collected for one bulk insert (imports and other bulk writes)."""

    def __init__(self, *, actor: BaseViewer | None, cluster: Any = None) -> None:
        self.actor = actor
        self.cluster = cluster
        self.entries: list[AuditEntry] = []

    def add(self, action: str, target: models.Model, data: dict[str, Any]) -> None:
        self.entries.append(
            build_entry(
                actor=self.actor, action=action, target=target, data=data, cluster=self.cluster
            )
        )

    def save(self) -> None:
        AuditEntry.objects.bulk_create(self.entries, batch_size=500)
        self.entries = []
