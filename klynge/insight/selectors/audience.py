"""Who a survey goes to, from its audience as data (`Survey.audience`):

    {"kind": "members"}                               contact people of member organisations
    {"kind": "consented"}                             those of them who agreed to hear from the cluster
    {"kind": "participants", "event_ids": [..], "course_ids": [..]}
    {"kind": "upload", "entries": [{"email", "name", "language"}, ..]}

People are read through the members, events and learning selectors. Addresses are unique (case is
ignored); people without an address or anonymised are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from klynge.core.identity import normalise_email
from klynge.events.selectors import participant_person_ids as event_participants
from klynge.learning.selectors.activity import participant_person_ids as course_participants
from klynge.members.selectors.contacts import (
    contact_list_for_cluster,
    person_list_by_emails,
    person_list_by_ids,
)

from ..models import Invitation, Survey

KINDS = ("members", "consented", "participants", "upload")


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    person_id: int | None
    organisation_id: int | None
    org_kind: str
    size_class: str


def _from_person(person: Any) -> Recipient:
    organisation = person.organisation if person.organisation_id else None
    return Recipient(
        email=normalise_email(person.email),
        name=person.full_name,
        language=person.language or "nb",
        person_id=person.pk,
        organisation_id=person.organisation_id,
        org_kind=organisation.kind if organisation else "",
        size_class=organisation.size_class if organisation else "",
    )


def _people(survey: Survey) -> list[Any]:
    audience = survey.audience or {}
    kind = audience.get("kind")
    if kind in ("members", "consented"):
        return list(
            contact_list_for_cluster(cluster=survey.cluster, consented_only=kind == "consented")
        )
    if kind == "participants":
        ids = event_participants(event_ids=list(audience.get("event_ids") or []))
        ids |= course_participants(course_ids=list(audience.get("course_ids") or []))
        return list(person_list_by_ids(ids=ids).order_by("full_name", "pk"))
    return []


def audience_recipients(*, survey: Survey) -> list[Recipient]:
    """Everyone the audience names, one per address, in a stable order."""
    audience = survey.audience or {}
    found: dict[str, Recipient] = {}
    if audience.get("kind") == "upload":
        entries = list(audience.get("entries") or [])
        known = person_list_by_emails(emails=[e["email"] for e in entries])
        for entry in entries:
            email = normalise_email(entry["email"])
            person = known.get(email)
            if person is not None:
                recipient = _from_person(person)
            else:
                recipient = Recipient(
                    email=email,
                    name=entry.get("name", ""),
                    language=entry.get("language") or "nb",
                    person_id=None,
                    organisation_id=None,
                    org_kind="",
                    size_class="",
                )
            found.setdefault(email, recipient)
    else:
        for person in _people(survey):
            recipient = _from_person(person)
            found.setdefault(recipient.email, recipient)
    return list(found.values())


@dataclass(frozen=True)
class AudienceCount:
    total: int
    already_invited: int

    @property
    def new(self) -> int:
        return self.total - self.already_invited


def audience_count(*, survey: Survey, recipients: list[Recipient] | None = None) -> AudienceCount:
    recipients = recipients if recipients is not None else audience_recipients(survey=survey)
    invited = set(Invitation.objects.filter(survey=survey).values_list("email", flat=True))
    return AudienceCount(
        total=len(recipients),
        already_invited=sum(1 for r in recipients if r.email in invited),
    )
