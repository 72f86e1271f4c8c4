"""What the delivery log holds about a person (the mails sent to their address), for the one
personal-data registry: exported with the person, erased when they are anonymised."""

from __future__ import annotations

from typing import Any

from klynge.core.personal_data import PersonalData, register_personal_data
from klynge.core.typing import BaseActor

from .models import MutedKind
from .selectors import delivery_list
from .services import deliveries_forget


def export_deliveries(person: Any) -> dict[str, Any]:
    email = getattr(person, "email", "") or ""
    if not email:
        return {"deliveries": [], "muted_kinds": []}
    return {
        "deliveries": [
            {
                "kind": row.kind,
                "subject": row.subject,
                "status": row.status,
                "queued_at": row.created_at,
                "sent_at": row.sent_at,
            }
            for row in delivery_list(email=email)
        ],
        "muted_kinds": sorted(
            MutedKind.objects.filter(email=email.lower()).values_list("kind", flat=True)
        ),
    }


def erase_deliveries(*, actor: BaseActor | None, person: Any) -> None:
    deliveries_forget(email=getattr(person, "email", "") or "")


def register() -> None:
    register_personal_data(
        PersonalData(
            key="mail",
            fields={
                "notifications.Delivery": ("to_email", "to_name"),
                "notifications.MutedKind": ("email",),
            },
            export=export_deliveries,
            erase=erase_deliveries,
            order=90,
        )
    )
