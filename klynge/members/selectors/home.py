"""Reads for the home page: imports waiting for review, an organisation's open tasks."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from klynge.core.aggregates import count_of

from ..imports import storage
from ..models import Invitation, Organisation, Person


@dataclass(frozen=True)
class PendingImport:
    token: str
    filename: str
    uploaded_at: float


def import_list_pending(*, session: Any, cluster: Any) -> list[PendingImport]:
    """Uploads previewed in this session for the cluster and neither confirmed nor cancelled."""
    if session is None:
        return []
    fresh_after = time.time() - storage.ttl_seconds()
    return [
        PendingImport(token, entry.get("filename", ""), entry.get("at", 0))
        for token, entry in session.get(storage.SESSION_KEY, {}).items()
        if entry.get("cluster") == cluster.pk and entry.get("at", 0) >= fresh_after
    ]


@dataclass(frozen=True)
class OrganisationTasks:
    organisation: Organisation
    missing: list[str]  # profile fields to fill in: "website", "description", "topics", "employees"
    colleagues: int
    invitations_open: int  # colleagues invited who have not logged in yet


def organisation_tasks(*, organisation_id: int) -> OrganisationTasks:
    """What the member contact could do for their organisation now (one query)."""
    open_invitations = Invitation.objects.filter(
        person__anonymised_at__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
    )
    organisation = Organisation.objects.annotate(
        topic_count=Count("topics"),
        colleagues=count_of(Person.objects.filter(anonymised_at__isnull=True), "organisation"),
        invited=count_of(open_invitations, "person__organisation"),
    ).get(pk=organisation_id)
    missing = [
        name
        for name, empty in (
            ("website", not organisation.website),
            ("description", not organisation.description),
            ("topics", organisation.topic_count == 0),
            ("employees", organisation.employees is None),
        )
        if empty
    ]
    return OrganisationTasks(organisation, missing, organisation.colleagues, organisation.invited)
