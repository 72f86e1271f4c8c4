"""Personal data of a person: export everything Klynge holds about them (JSON), or anonymise them.

Every app contributes its part through the one registry in `klynge.core.personal_data` (registered in
its AppConfig.ready()); this module registers the members' own parts (profile, consents,
organisation, login, invitations, audit entries) and runs the export and the erasure. Audit entries
record section names and counts, never personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klynge.accounts.models import ApiToken, User
from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.models import AuditEntry
from klynge.core.personal_data import (
    PersonalData,
    erase_person,
    export_person,
    register_personal_data,
)

from ..models import Invitation, Person
from ..selectors.people import invitation_state
from .people import audit_cluster_id

EXPORT_FORMAT = "klynge.person.v1"


def _profile(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "title": person.title,
        "language": person.language,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
        "anonymised_at": person.anonymised_at,
    }


def _consents(person: Person) -> dict[str, Any]:
    return {
        "directory": {"given": person.consent_directory, "at": person.consent_directory_at},
        "newsletter": {"given": person.consent_newsletter, "at": person.consent_newsletter_at},
    }


def _organisation(person: Person) -> dict[str, Any] | None:
    organisation = person.organisation if person.organisation_id else None
    if organisation is None:
        return None
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "org_number": organisation.org_number,
        "country": organisation.country,
    }


def _login(person: Person) -> dict[str, Any] | None:
    user = person.user if person.user_id else None
    if user is None:
        return None
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at, "revoked_at": t.revoked_at}
            for t in ApiToken.objects.filter(user=user).order_by("created_at")
        ],
    }


def _invitations(person: Person) -> list[dict[str, Any]]:
    rows = person.invitations.select_related("cluster", "invited_by").order_by("created_at")
    return [
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


def _audit(person: Person) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(audit_entries_about(person)).order_by("pk")
    return [
        {
            "at": entry.created_at,
            "action": entry.action,
            "actor": entry.actor_label,
            "target": entry.target_repr,
            "data": entry.data,
        }
        for entry in entries
    ]


def register_members_personal_data() -> None:
    """The members' parts; `person_anonymise` below erases them (they are the person itself)."""
    hooks: list[tuple[str, dict[str, tuple[str, ...]], Callable[[Any], Any]]] = [
        ("profile", {"members.Person": ("full_name", "email", "phone", "title", "user")}, _profile),
        ("consents", {"members.Person": ("consent_directory", "consent_newsletter")}, _consents),
        ("organisation", {}, _organisation),
        (
            "login",
            {"accounts.User": ("email", "full_name"), "accounts.ApiToken": ("user",)},
            _login,
        ),
        ("invitations", {"members.Invitation": ("person",)}, _invitations),
        ("audit", {"core.AuditEntry": ("actor", "actor_label", "target_repr")}, _audit),
    ]
    for order, (key, fields, export) in enumerate(hooks):
        register_personal_data(
            PersonalData(
                key=key,
                fields=fields,
                export=export,
                order=order,
                note="erased by person_anonymise itself",
            )
        )


def person_export_data(*, actor: Actor, person: Person) -> dict[str, Any]:
    """Everything Klynge holds about the person, as a dict ready for JSON. Audited."""
    person = Person.objects.select_related("organisation", "user").get(pk=person.pk)
    export: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "person_id": person.pk,
    }
    export.update(export_person(person))
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
def person_anonymise(*, actor: Actor, person: Person) -> Person:
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
    erased = erase_person(actor=actor, person=person)  # while the email and login are still known
    user = person.user if person.user_id else None
    if user is not None:
        _deactivate_login(user)
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
        data={
            "login_deactivated": user is not None,
            "invitations_revoked": revoked,
            "erased": erased,
        },
    )
    return person


def _deactivate_login(user: Actor) -> None:
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
