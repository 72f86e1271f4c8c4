"""What clusters hold about a person: the team roles of their login."""

from __future__ import annotations

from typing import Any

from klynge.core.personal_data import PersonalData, register_personal_data

from .models import ClusterRole


def export_roles(person: Any) -> list[dict[str, Any]]:
    if not person.user_id:
        return []
    rows = ClusterRole.objects.filter(user_id=person.user_id).select_related("cluster")
    return [{"cluster": r.cluster.name, "role": r.role} for r in rows.order_by("pk")]


def register() -> None:
    register_personal_data(
        PersonalData(
            key="cluster_roles",
            fields={"clusters.ClusterRole": ("user",)},
            export=export_roles,
            order=10,
            note="the role stays on the deactivated, scrubbed login (a cluster keeps a manager)",
        )
    )
