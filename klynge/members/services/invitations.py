"""Member-contact invitations: a single-use, expiring link that gives a person a login.

Only the SHA-256 hash of the token is stored. The mail goes out after the transaction commits, in the
invited person's language. Accepting either creates a login (new password) or links the login that
already has the person's email address (the person must be logged in as it: proof of ownership).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts.tokens import hash_token
from klynge.accounts.typing import Actor, Viewer
from klynge.clusters.models import Cluster
from klynge.core.audit import log_action
from klynge.core.errors import ConflictError, DomainError
from klynge.core.links import absolute_url
from klynge.notifications.kinds import Kind
from klynge.notifications.services import Recipient, notify

from ..models import Invitation, Person
from ..permissions import can_link_login
from ..roles import organisation_cluster_ids
from ..selectors.people import ACCEPTED, EXPIRED, OPEN, REVOKED, invitation_state

KINDS = (Kind("members.invitation", gettext_lazy("Invitations to log in as member contact")),)


def invitation_days() -> int:
    return int(settings.KLYNGE_INVITATION_DAYS)


def existing_user_for(person: Person) -> Actor | None:
    """The login that already uses the person's email address, if any."""
    if not person.email:
        return None
    return get_user_model().objects.filter(email__iexact=person.email).first()


def _revoke_open(*, actor: Actor, person: Person, reason: str) -> int:
    now = timezone.now()
    open_invitations = Invitation.objects.select_for_update().filter(
        person=person, accepted_at__isnull=True, revoked_at__isnull=True
    )
    count = 0
    for invitation in open_invitations:
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at", "updated_at"])
        log_action(
            actor=actor,
            action="klynge.members.invitation.revoked",
            target=invitation,
            cluster=invitation.cluster_id,
            data={"person": person.pk, "reason": reason},
        )
        count += 1
    return count


@transaction.atomic
def invitation_send(*, actor: Actor, person: Person, cluster: Cluster) -> tuple[Invitation, str]:
    """Invite `person` to log in as a member contact of their organisation in `cluster`.

    Older open invitations of the person are revoked. Returns the invitation and the raw token
    (it is only ever in the mail; only its hash is stored). The mail goes out through the hub
    after commit, with the link built from KLYNGE_BASE_URL.
    """
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=person.pk)
    )
    if person.anonymised_at is not None:
        raise ConflictError(_("This person has been anonymised."), code="anonymised")
    if person.user_id is not None:
        raise ConflictError(_("This person can already log in."), code="has_login")
    if not person.email:
        raise DomainError(
            _("Add an email address to the person before inviting them."), field="email"
        )
    if person.organisation is None or cluster.pk not in organisation_cluster_ids(
        person.organisation, active_only=True
    ):
        raise DomainError(
            _("The person's organisation is not a member of this cluster."), field="cluster"
        )
    _revoke_open(actor=actor, person=person, reason="reinvited")
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        cluster=cluster,
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=invitation_days()),
    )
    log_action(
        actor=actor,
        action="klynge.members.invitation.sent",
        target=invitation,
        cluster=cluster,
        data={"person": person.pk, "expires_at": invitation.expires_at},
    )
    link = absolute_url(reverse("members:invitation_accept", args=[raw]))
    notify(
        kind="members.invitation",
        to=Recipient.of(person),
        template="members/email/invitation",
        context={
            "person": person,
            "organisation": person.organisation,
            "cluster": cluster,
            "inviter": actor.get_full_name() if invitation.invited_by else cluster.name,
            "link": link,
            "expires_at": invitation.expires_at,
            "has_login": existing_user_for(person) is not None,
        },
        cluster=cluster,
        key=f"members.invitation:{invitation.pk}",
    )
    return invitation, raw


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation_state(invitation)
    if state == ACCEPTED:
        raise ConflictError(_("This invitation has already been accepted."), code="accepted")
    if state != REVOKED:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        log_action(
            actor=actor,
            action="klynge.members.invitation.revoked",
            target=invitation,
            cluster=invitation.cluster_id,
            data={"person": invitation.person_id, "reason": "revoked"},
        )
    return invitation


INVALID_MESSAGES = {
    ACCEPTED: gettext_lazy("This invitation has already been used."),
    REVOKED: gettext_lazy("This invitation has been withdrawn."),
    EXPIRED: gettext_lazy("This invitation has expired."),
}


def _ensure_usable(invitation: Invitation) -> Person:
    state = invitation_state(invitation)
    if state != OPEN:
        raise ConflictError(str(INVALID_MESSAGES[state]), code=f"invitation_{state}")
    person = invitation.person
    if person.anonymised_at is not None or not person.email:
        raise ConflictError(_("This invitation can no longer be used."), code="invitation_invalid")
    if person.user_id is not None:
        raise ConflictError(_("This person can already log in."), code="has_login")
    return person


def validate_new_password(password: str, person: Person) -> None:
    """Run Django's password validators against a login-to-be for `person`; DomainError if weak."""
    candidate = get_user_model()(email=person.email, full_name=person.full_name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password1") from exc


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, password: str = "", user: Viewer | None = None
) -> Actor:
    """Accept an open invitation and return the login now linked to the person.

    Without an existing login for the person's email: pass `password` to create one. With one: pass
    `user`, the logged-in owner of that login (anyone else is refused).
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self", "person"))
        .select_related("person__organisation", "cluster")
        .get(pk=invitation.pk)
    )
    person = _ensure_usable(invitation)
    existing = existing_user_for(person)
    if existing is not None:
        if user is None or not can_link_login(user, existing):
            raise DomainError(
                _("Log in as %(email)s to accept this invitation.") % {"email": existing.email},
                code="login_required",
            )
        if Person.objects.filter(user=existing).exists():
            raise ConflictError(
                _("Your login already belongs to another contact person."), code="login_in_use"
            )
        login = existing
        created = False
    else:
        validate_new_password(password, person)
        login = get_user_model().objects.create_user(
            email=person.email,
            password=password,
            full_name=person.full_name,
            language=person.language,
        )
        created = True
    person.user = login
    person.save(update_fields=["user", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    log_action(
        actor=login,
        action="klynge.members.invitation.accepted",
        target=invitation,
        cluster=invitation.cluster_id,
        data={"person": person.pk, "user": login.pk, "new_login": created},
    )
    return login
