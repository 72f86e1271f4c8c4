"""Personal data of a person: export everything Klynge holds about them (JSON), or anonymise them.

Other apps add what they hold about a person without touching this module's code:

    from klynge.members.services.personal_data import PERSONAL_DATA_ERASERS, PERSONAL_DATA_SECTIONS
    PERSONAL_DATA_SECTIONS.append(lambda person: {"event_registrations": [...]})
    PERSONAL_DATA_ERASERS.append(lambda *, actor, person: ...)

A section takes the Person and returns a dict of top-level keys for the export (JSON-serialisable
with Django's encoder). An eraser runs inside the anonymisation transaction. Register them in an
AppConfig.ready(). Audit entries record section names and counts, never personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klynge.accounts.models import ApiToken, User
from klynge.core.audit import log_action
from klynge.core.models import AuditEntry

from ..models import Invitation, Person
from ..selectors.people import invitation_state
from .people import audit_cluster_id

Section = Callable[[Person], dict[str, Any]]
Eraser = Callable[..., None]

EXPORT_FORMAT = "klynge.person.v1"


def _profile(person: Person) -> dict[str, Any]:
    return {
        "profile": {
            "id": person.pk,
            "full_name": person.full_name,
            "email": person.email,
            "phone": person.phone,
            "title": person.title,
            "language": person.language,
            "created_at": person.created_at,
            "updated_at": person.updated_at,
            "anonymised_at": person.anonymised_at,
        },
        "consents": {
            "directory": {"given": person.consent_directory, "at": person.consent_directory_at},
            "newsletter": {"given": person.consent_newsletter, "at": person.consent_newsletter_at},
        },
    }


def _organisation(person: Person) -> dict[str, Any]:
    organisation = person.organisation if person.organisation_id else None
    if organisation is None:
        return {"organisation": None}
    return {
        "organisation": {
            "id": organisation.pk,
            "name": organisation.name,
            "org_number": organisation.org_number,
            "country": organisation.country,
        }
    }


def _login(person: Person) -> dict[str, Any]:
    user = person.user if person.user_id else None
    if user is None:
        return {"login": None}
    return {
        "login": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    }


def _invitations(person: Person) -> dict[str, Any]:
    rows = person.invitations.select_related("cluster", "invited_by").order_by("created_at")
    return {
        "invitations": [
            {
                "cluster": invitation.cluster.name,
                "invited_by": invitation.invited_by.email if invitation.invited_by else None,
                "sent_at": invitation.created_at,
                "expires_at": invitation.expires_at,
                "accepted_at": invitation.accepted_at,
                "revoked_at": invitation.revoked_at,
                "state": invitation_state(invitation),
            }
            for invitation in rows
        ]
    }


def _targets(person: Person) -> Q:
    """Audit entries whose target is the person or one of their invitations."""
    invitation_ids = [str(pk) for pk in person.invitations.values_list("pk", flat=True)]
    return Q(target_type=ContentType.objects.get_for_model(Person), target_id=str(person.pk)) | Q(
        target_type=ContentType.objects.get_for_model(Invitation), target_id__in=invitation_ids
    )


def _login_entries(user_id: int) -> Q:
    """Audit entries done by the login or about the login itself."""
    return Q(actor_id=user_id) | Q(
        target_type=ContentType.objects.get_for_model(User), target_id=str(user_id)
    )


def audit_entries_about(person: Person) -> Q:
    about = _targets(person)
    if person.user_id:
        about |= _login_entries(person.user_id)
    return about


def _audit(person: Person) -> dict[str, Any]:
    entries = AuditEntry.objects.filter(audit_entries_about(person)).order_by("pk")
    return {
        "audit": [
            {
                "at": entry.created_at,
                "action": entry.action,
                "actor": entry.actor_label,
                "target": entry.target_repr,
                "data": entry.data,
            }
            for entry in entries
        ]
    }


PERSONAL_DATA_SECTIONS: list[Section] = [_profile, _organisation, _login, _invitations, _audit]
PERSONAL_DATA_ERASERS: list[Eraser] = []


def person_export_data(*, actor: Any, person: Person) -> dict[str, Any]:
    """Everything Klynge holds about the person, as a dict ready for JSON. Audited."""
    person = Person.objects.select_related("organisation", "user").get(pk=person.pk)
    export: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "person_id": person.pk,
    }
    for section in PERSONAL_DATA_SECTIONS:
        export.update(section(person))
    log_action(
        actor=actor,
        action="klynge.members.person.exported",
        target=person,
        cluster=audit_cluster_id(actor, person.organisation),
        data={"sections": sorted(k for k in export if k not in {"format", "exported_at"})},
    )
    return export


def anonymised_name(person: Person) -> str:
    return f"Anonymised person #{person.pk}"


@transaction.atomic
def person_anonymise(*, actor: Any, person: Person) -> Person:
    """Erase the person's identity, keep the row (counts and history stay right). Idempotent.

    Clears contact details and consents, revokes open invitations, deactivates and unlinks their
    login, and scrubs their name and email from existing audit entries.
    """
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organisation", "user")
        .get(pk=person.pk)
    )
    if person.anonymised_at is not None:
        return person
    now = timezone.now()
    new_name = anonymised_name(person)
    AuditEntry.objects.filter(_targets(person)).update(target_repr=new_name)
    revoked = Invitation.objects.filter(
        person=person, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, updated_at=now)
    user = person.user if person.user_id else None
    if user is not None:
        _deactivate_login(user)
    for eraser in PERSONAL_DATA_ERASERS:
        eraser(actor=actor, person=person)
    person.full_name = new_name
    person.email = ""
    person.phone = ""
    person.title = ""
    person.consent_directory = False
    person.consent_directory_at = None
    person.consent_newsletter = False
    person.consent_newsletter_at = None
    person.user = None
    person.anonymised_at = now
    person.save()
    log_action(
        actor=actor,
        action="klynge.members.person.anonymised",
        target=person,
        cluster=audit_cluster_id(actor, person.organisation),
        data={"login_deactivated": user is not None, "invitations_revoked": revoked},
    )
    return person


def _deactivate_login(user: Any) -> None:
    anonymised_email = f"anonymised-{user.pk}@invalid"
    AuditEntry.objects.filter(actor_id=user.pk).update(actor_label=anonymised_email)
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(User), target_id=str(user.pk)
    ).update(target_repr=anonymised_email)
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.set_unusable_password()
    user.is_active = False
    user.email = anonymised_email
    user.full_name = ""
    user.save()
