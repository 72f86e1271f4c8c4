"""Writes for people (contact persons of organisations): create, update, move. All audited.

Audit entries name the fields that changed, never their values, so the log holds no personal data.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError

from ..models import Organisation, Person
from ..permissions import can_manage_members
from ..roles import organisation_cluster_ids

PERSON_FIELDS = (
    "full_name",
    "email",
    "phone",
    "title",
    "language",
    "consent_directory",
    "consent_newsletter",
)
CONSENT_FIELDS = ("consent_directory", "consent_newsletter")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ()./-]{3,38}$")


def audit_cluster_id(actor: Actor, organisation: Organisation | None) -> int | None:
    """The cluster an audit entry about `organisation` belongs to, so that cluster's team reads it.

    Prefers a cluster where the actor is on the team; else the organisation's only cluster.
    """
    if organisation is None:
        return None
    cluster_ids = organisation_cluster_ids(organisation, active_only=False)
    mine = sorted(cluster_id for cluster_id in cluster_ids if can_manage_members(actor, cluster_id))
    if mine:
        return mine[0]
    return next(iter(cluster_ids)) if len(cluster_ids) == 1 else None


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Normalise and validate person fields; raise DomainError naming the field at fault."""
    cleaned = dict(fields)
    if "full_name" in cleaned:
        cleaned["full_name"] = " ".join(str(cleaned["full_name"] or "").split())
        if not cleaned["full_name"]:
            raise DomainError(_("Enter the person's name."), field="full_name")
        if len(cleaned["full_name"]) > 200:
            raise DomainError(_("The name can be at most 200 characters."), field="full_name")
    if "email" in cleaned:
        cleaned["email"] = str(cleaned["email"] or "").strip().lower()
        if cleaned["email"]:
            try:
                validate_email(cleaned["email"])
            except ValidationError as exc:
                raise DomainError(_("Enter a valid email address."), field="email") from exc
    if "phone" in cleaned:
        cleaned["phone"] = " ".join(str(cleaned["phone"] or "").split())
        if cleaned["phone"] and not PHONE_PATTERN.match(cleaned["phone"]):
            raise DomainError(
                _("Enter a phone number with digits, spaces and an optional leading +."),
                field="phone",
            )
    if "title" in cleaned:
        cleaned["title"] = str(cleaned["title"] or "").strip()
        if len(cleaned["title"]) > 150:
            raise DomainError(_("The title can be at most 150 characters."), field="title")
    if "language" in cleaned and cleaned["language"] not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose one of the offered languages."), field="language")
    for name in CONSENT_FIELDS:
        if name in cleaned:
            cleaned[name] = bool(cleaned[name])
    return cleaned


def _ensure_unique_email(
    organisation: Organisation | None, email: str, exclude: int | None
) -> None:
    if not email or organisation is None:
        return
    others = Person.objects.filter(
        organisation=organisation, email__iexact=email, anonymised_at__isnull=True
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ConflictError(
            _("Someone in this organisation already has this email address."), field="email"
        )


def _ensure_not_anonymised(person: Person) -> None:
    if person.anonymised_at is not None:
        raise ConflictError(
            _("This person has been anonymised and can no longer be changed."),
            code="anonymised",
        )


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    organisation: Organisation,
    full_name: str,
    email: str = "",
    phone: str = "",
    title: str = "",
    language: str = "nb",
    consent_directory: bool = False,
    consent_newsletter: bool = False,
) -> Person:
    data = _clean(
        {
            "full_name": full_name,
            "email": email,
            "phone": phone,
            "title": title,
            "language": language,
            "consent_directory": consent_directory,
            "consent_newsletter": consent_newsletter,
        }
    )
    _ensure_unique_email(organisation, data["email"], exclude=None)
    now = timezone.now()
    person = Person.objects.create(
        organisation=organisation,
        consent_directory_at=now if data["consent_directory"] else None,
        consent_newsletter_at=now if data["consent_newsletter"] else None,
        **data,
    )
    log_action(
        actor=actor,
        action="klynge.members.person.created",
        target=person,
        cluster=audit_cluster_id(actor, organisation),
        data={"organisation": organisation.pk, "fields": sorted(k for k, v in data.items() if v)},
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, **fields: Any) -> Person:
    """Change any of PERSON_FIELDS. Consents keep when they were given; withdrawing clears it."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=person.pk)
    )
    _ensure_not_anonymised(person)
    data = _clean(fields)
    changed = [name for name, value in data.items() if getattr(person, name) != value]
    if not changed:
        return person
    if "email" in changed:
        _ensure_unique_email(person.organisation, data["email"], exclude=person.pk)
    now = timezone.now()
    for name in changed:
        setattr(person, name, data[name])
        if name in CONSENT_FIELDS:
            setattr(person, f"{name}_at", now if data[name] else None)
    person.save()
    log_action(
        actor=actor,
        action="klynge.members.person.updated",
        target=person,
        cluster=audit_cluster_id(actor, person.organisation),
        data={"changed": sorted(changed)},
    )
    return person


@transaction.atomic
def person_set_newsletter_consent(
    *, actor: Actor | None, email: str, given: bool, source: str, cluster: Any = None
) -> int:
    """Give or withdraw the newsletter consent of everyone with this address (any case).

    For the newsletter's one-click unsubscribe and preferences page, where the reader acts through
    a signed link to their own address. Each change is audited with its `source`. Returns how many
    people changed.
    """
    people = Person.objects.select_for_update(of=("self",)).filter(
        email__iexact=email.strip(), anonymised_at__isnull=True
    )
    now = timezone.now()
    changed = 0
    for person in people.exclude(consent_newsletter=given):
        person.consent_newsletter = given
        person.consent_newsletter_at = now if given else None
        person.save(update_fields=["consent_newsletter", "consent_newsletter_at", "updated_at"])
        log_action(
            actor=actor,
            action="klynge.members.person.consent_changed",
            target=person,
            cluster=getattr(cluster, "pk", cluster),
            data={"consent_newsletter": given, "source": source},
        )
        changed += 1
    return changed


@transaction.atomic
def person_move(*, actor: Actor, person: Person, organisation: Organisation) -> Person:
    """Move a person to another organisation (they changed employer). A login moves with them."""
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=person.pk)
    )
    _ensure_not_anonymised(person)
    if person.organisation_id == organisation.pk:
        raise ConflictError(
            _("The person already belongs to this organisation."), field="organisation"
        )
    _ensure_unique_email(organisation, person.email, exclude=person.pk)
    previous = person.organisation
    person.organisation = organisation
    # A cluster that has left the new organisation gains no rights over the person.
    person.organisation_since = date.today()
    person.save(update_fields=["organisation", "organisation_since", "updated_at"])
    log_action(
        actor=actor,
        action="klynge.members.person.moved",
        target=person,
        cluster=audit_cluster_id(actor, organisation) or audit_cluster_id(actor, previous),
        data={"from": previous.pk if previous else None, "to": organisation.pk},
    )
    return person
