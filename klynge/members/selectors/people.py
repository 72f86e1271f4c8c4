"""Reads for people: one person with their joins, an organisation's people as a viewer may see them,
invitations and their state, and the member-contact home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from klynge.accounts.tokens import hash_token
from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.clusters.roles import cluster_roles, role_clusters
from klynge.core.aggregates import joined_text
from klynge.core.permissions import is_programme_officer, is_superuser

from ..models import Invitation, Membership, Organisation, Person
from ..permissions import can_edit_person, can_invite_member_contact, people_visible_q
from ..roles import (
    contact_organisation_id,
    organisation_cluster_ids,
    remember_organisation_clusters,
)


def person_get(*, pk: int) -> Person:
    """The person with their organisation and login; the organisation's membership periods come
    in the same query (as text) and prime the permission predicates (no query of their own)."""
    periods = Membership.objects.filter(organisation_id=OuterRef("organisation_id"))
    period = Concat(
        Cast("cluster_id", CharField()),
        Value(":"),
        Cast("joined_on", CharField()),
        Value(":"),
        Coalesce(Cast("left_on", CharField()), Value("")),
        output_field=CharField(),
    )
    person = (
        Person.objects.select_related("organisation", "user")
        .annotate(organisation_periods=joined_text(periods, "organisation_id", period, ","))
        .get(pk=pk)
    )
    if person.organisation is not None:
        rows = []
        for text in filter(None, (person.organisation_periods or "").split(",")):
            cluster_id, joined, left = text.split(":")
            rows.append(
                (
                    int(cluster_id),
                    date.fromisoformat(joined),
                    date.fromisoformat(left) if left else None,
                )
            )
        remember_organisation_clusters(person.organisation, rows)
    return person


def person_list_for_organisation(
    *,
    organisation: Organisation,
    viewer: Viewer,
    search: str = "",
    include_anonymised: bool = False,
) -> QuerySet[Person]:
    """The organisation's people that `viewer` may see (the same rule as `can_view_person`).

    Other member contacts of a shared cluster see only people who consented to the directory.
    """
    people = Person.objects.filter(organisation=organisation).select_related("user")
    if not include_anonymised:
        people = people.filter(anonymised_at__isnull=True)
    if search:
        people = people.filter(
            Q(full_name__icontains=search) | Q(email__icontains=search) | Q(title__icontains=search)
        )
    return people.filter(people_visible_q(viewer, organisation)).order_by("full_name", "pk")


def person_shows_private(viewer: Viewer, person: Person) -> bool:
    """Consents, login status and invitations: for those who may edit the person, and officers."""
    return can_edit_person(viewer, person) or is_programme_officer(viewer)


# --- invitations --------------------------------------------------------------------------------

OPEN, ACCEPTED, REVOKED, EXPIRED = "open", "accepted", "revoked", "expired"


def invitation_state(invitation: Invitation, now: Any = None) -> str:
    if invitation.accepted_at is not None:
        return ACCEPTED
    if invitation.revoked_at is not None:
        return REVOKED
    if invitation.expires_at <= (now or timezone.now()):
        return EXPIRED
    return OPEN


def invitation_get_by_token(*, raw: str) -> Invitation | None:
    if not raw:
        return None
    return (
        Invitation.objects.select_related("person__organisation", "person__user", "cluster")
        .select_related("invited_by")
        .filter(token_hash=hash_token(raw))
        .first()
    )


def invitation_list_for_person(*, person: Person) -> list[Invitation]:
    invitations = list(
        person.invitations.select_related("cluster", "invited_by").order_by("-created_at")
    )
    now = timezone.now()
    for invitation in invitations:
        state = invitation_state(invitation, now)
        invitation.state = state  # type: ignore[attr-defined]  # for the template, not a field
    return invitations


def invitation_clusters_for(*, user: Viewer, person: Person) -> list[Cluster]:
    """Clusters in which `user` may invite `person` (their organisation is an active member)."""
    if person.organisation_id is None or person.anonymised_at is not None:
        return []
    ids = organisation_cluster_ids(person.organisation, active_only=True)
    if not is_superuser(user):
        # Only a cluster's team may invite: its clusters are the user's role clusters, already
        # read (and kept) for the page's navigation.
        ids = {cluster_id for cluster_id in ids if can_invite_member_contact(user, cluster_id)}
        return [cluster for cluster in role_clusters(user) if cluster.pk in ids]
    if not ids:
        return []
    return list(Cluster.objects.filter(pk__in=ids).order_by("name"))


@dataclass
class LoginStatus:
    has_login: bool
    login_active: bool
    latest_invitation: Invitation | None

    @property
    def pending(self) -> bool:
        latest = self.latest_invitation
        return latest is not None and getattr(latest, "state", None) == OPEN


def person_login_status(*, person: Person, invitations: list[Invitation]) -> LoginStatus:
    user = person.user if person.user_id else None
    return LoginStatus(
        has_login=user is not None,
        login_active=bool(user and user.is_active),
        latest_invitation=invitations[0] if invitations else None,
    )


# --- the member-contact home --------------------------------------------------------------------


@dataclass
class ContactHome:
    organisation: Organisation
    memberships: list[Membership]
    colleagues: QuerySet[Person]


def contact_home_get(*, user: Viewer) -> ContactHome | None:
    """The organisation the user speaks for, its memberships and its people; None for non-contacts."""
    org_id = contact_organisation_id(user)
    if org_id is None:
        return None
    organisation = Organisation.objects.get(pk=org_id)
    memberships = list(
        Membership.objects.filter(organisation_id=org_id)
        .select_related("cluster")
        .order_by(F("left_on").desc(nulls_first=True), "-joined_on")
    )
    today = date.today()
    for membership in memberships:
        # `is_active` says only that it has not ended; the template shows whether it runs today.
        current = membership.joined_on <= today and (
            membership.left_on is None or membership.left_on > today
        )
        membership.is_current = current  # type: ignore[attr-defined]  # for the template
    colleagues = person_list_for_organisation(organisation=organisation, viewer=user)
    return ContactHome(organisation=organisation, memberships=memberships, colleagues=colleagues)


def person_delivery_list(*, viewer: Viewer, person: Person, limit: int = 20) -> list[Any]:
    """The latest mails sent to the person, from the clusters whose team `viewer` is on (all for
    superusers)."""
    from klynge.notifications.selectors import delivery_list

    if not person.email:
        return []
    scope = None if is_superuser(viewer) else set(cluster_roles(viewer))
    return list(delivery_list(cluster_ids=scope, email=person.email)[:limit])


def person_list_search(*, user: Viewer, term: str) -> QuerySet[Person]:
    """People whose name or email contains `term`, narrowed to the organisations `user` may see
    (and themselves); `can_view_person` decides each row (the global search)."""
    from .organisations import organisation_list_visible

    people = (
        Person.objects.filter(Q(full_name__icontains=term) | Q(email__icontains=term))
        .select_related("organisation")
        .order_by("full_name", "pk")
    )
    if is_superuser(user) or is_programme_officer(user):
        return people
    visible = organisation_list_visible(user=user).values("pk")
    return people.filter(Q(user_id=user.pk) | Q(organisation_id__in=visible))
