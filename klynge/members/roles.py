"""Member-contact scope: a user linked to a Person speaks for that person's organisation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from klynge.core.permissions import is_authenticated

from .models import Membership

_ORG_ATTR = "_klynge_contact_org_id"
_CLUSTERS_ATTR = "_klynge_contact_cluster_ids"


def _load_contact(user: Any) -> None:
    """One query: the user's organisation (as a member contact) and the clusters where it is an
    active member today, remembered on the user object for the rest of the request."""
    from django.db.models import FilteredRelation

    from .models import Person

    today = date.today()
    path = "organisation__memberships__"
    active = Q(**{f"{path}joined_on__lte": today}) & (
        Q(**{f"{path}left_on__isnull": True}) | Q(**{f"{path}left_on__gt": today})
    )
    rows = (
        Person.objects.filter(user=user, anonymised_at__isnull=True)
        .annotate(active=FilteredRelation("organisation__memberships", condition=active))
        .values_list("organisation_id", "active__cluster_id")
    )
    org_id, clusters = None, set()
    for organisation_id, cluster_id in rows:
        org_id = organisation_id
        if cluster_id is not None:
            clusters.add(cluster_id)
    setattr(user, _ORG_ATTR, org_id)
    setattr(user, _CLUSTERS_ATTR, clusters if org_id is not None else set())


def contact_organisation_id(user: Any) -> int | None:
    """The organisation the user is a member contact of, or None."""
    if not is_authenticated(user):
        return None
    if not hasattr(user, _ORG_ATTR):
        _load_contact(user)
    return getattr(user, _ORG_ATTR)


def active_membership_q(on: date | None = None) -> Q:
    """Memberships active on a date (today when None)."""
    on = on or date.today()
    return Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))


def contact_cluster_ids(user: Any) -> set[int]:
    """Clusters where the user's organisation is an active member."""
    if not is_authenticated(user):
        return set()
    if not hasattr(user, _CLUSTERS_ATTR):
        _load_contact(user)
    return getattr(user, _CLUSTERS_ATTR)


def is_contact_of(user: Any, organisation: Any) -> bool:
    org_id = getattr(organisation, "pk", organisation)
    return org_id is not None and contact_organisation_id(user) == org_id


def is_member_contact_in(user: Any, cluster: Any) -> bool:
    return getattr(cluster, "pk", cluster) in contact_cluster_ids(user)


def remember_organisation_clusters(organisation: Any, memberships: Any) -> None:
    """Prime `organisation_cluster_ids` from all of the organisation's memberships (objects or
    (cluster_id, joined_on, left_on) rows), already read."""
    today = date.today()
    periods = [
        (m.cluster_id, m.joined_on, m.left_on) if hasattr(m, "cluster_id") else tuple(m)
        for m in memberships
    ]
    organisation._klynge_active_cluster_ids = {
        cluster
        for cluster, joined, left in periods
        if joined <= today and (left is None or left > today)
    }
    organisation._klynge_any_cluster_ids = {cluster for cluster, _joined, _left in periods}


def organisation_cluster_ids(organisation: Any, *, active_only: bool) -> set[int]:
    """Clusters the organisation belongs to (now) or has ever belonged to; both are read with one
    query and cached on the object."""
    attr = "_klynge_active_cluster_ids" if active_only else "_klynge_any_cluster_ids"
    if getattr(organisation, attr, None) is None:
        rows = Membership.objects.filter(organisation_id=organisation.pk).values_list(
            "cluster_id", "joined_on", "left_on"
        )
        remember_organisation_clusters(organisation, rows)
    return getattr(organisation, attr)
