"""Member-contact scope: a user linked to a Person speaks for that person's organisation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from klynge.core.permissions import is_authenticated

from .models import Membership

_ORG_ATTR = "_klynge_contact_org_id"
_CLUSTERS_ATTR = "_klynge_contact_cluster_ids"


def contact_organisation_id(user: Any) -> int | None:
    """The organisation the user is a member contact of, or None."""
    if not is_authenticated(user):
        return None
    if not hasattr(user, _ORG_ATTR):
        person = getattr(user, "person", None) if _has_person(user) else None
        org_id = person.organisation_id if person and person.anonymised_at is None else None
        setattr(user, _ORG_ATTR, org_id)
    return getattr(user, _ORG_ATTR)


def _has_person(user: Any) -> bool:
    from .models import Person

    try:
        user.person  # noqa: B018
    except Person.DoesNotExist:
        return False
    return True


def active_membership_q(on: date | None = None) -> Q:
    """Memberships active on a date (today when None)."""
    on = on or date.today()
    return Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))


def contact_cluster_ids(user: Any) -> set[int]:
    """Clusters where the user's organisation is an active member."""
    org_id = contact_organisation_id(user)
    if org_id is None:
        return set()
    if not hasattr(user, _CLUSTERS_ATTR):
        ids = set(
            Membership.objects.filter(active_membership_q(), organisation_id=org_id).values_list(
                "cluster_id", flat=True
            )
        )
        setattr(user, _CLUSTERS_ATTR, ids)
    return getattr(user, _CLUSTERS_ATTR)


def is_contact_of(user: Any, organisation: Any) -> bool:
    org_id = getattr(organisation, "pk", organisation)
    return org_id is not None and contact_organisation_id(user) == org_id


def is_member_contact_in(user: Any, cluster: Any) -> bool:
    return getattr(cluster, "pk", cluster) in contact_cluster_ids(user)


def organisation_cluster_ids(organisation: Any, *, active_only: bool) -> set[int]:
    """Clusters the organisation belongs to (now) or has ever belonged to; cached on the object."""
    attr = "_klynge_active_cluster_ids" if active_only else "_klynge_any_cluster_ids"
    cached = getattr(organisation, attr, None)
    if cached is None:
        memberships = Membership.objects.filter(organisation_id=organisation.pk)
        if active_only:
            memberships = memberships.filter(active_membership_q())
        cached = set(memberships.values_list("cluster_id", flat=True))
        setattr(organisation, attr, cached)
    return cached
