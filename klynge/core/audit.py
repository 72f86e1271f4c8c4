"""The audit log: every write that matters records who did what to which object."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import AuditEntry

ACTION_PATTERN = re.compile(r"^klynge\.[a-z_]+\.[a-z_]+\.[a-z_]+$")


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def log_action(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    cluster: Any = None,
) -> AuditEntry:
    """Record an action named `klynge.<app>.<entity>.<verb>` (past tense) by `actor` on `target`.

    `cluster` (an object with `pk`, or an id) scopes the entry so a cluster's managers can read it;
    without it the target's `audit_cluster_id` or `cluster_id` is used.
    """
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action {action!r} must look like 'klynge.<app>.<entity>.<verb>'.")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    cluster_id = getattr(cluster, "pk", cluster)
    if cluster_id is None and target is not None:
        cluster_id = getattr(target, "audit_cluster_id", getattr(target, "cluster_id", None))
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=(getattr(actor, "email", "") or "system") if is_user else "system",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        cluster_id=cluster_id,
        data=_json_safe(data or {}),
    )
