"""Member-contact scope: a user linked to a Person speaks for that person's organisation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from klynge.accounts.typing import Actor, Viewer
from klynge.core import user_scopes

from .guests import guest_cluster_ids
from .models import Membership, Person

_ORG_ATTR = "_klynge_contact_org_id"
_PERSON_ATTR = "_klynge_contact_person_id"
_CLUSTERS_ATTR = "_klynge_contact_cluster_ids"


def contact_organisation_scope() -> Any:
    """The organisation the user speaks for (a part of `klynge.core.user_scopes`)."""
    from django.db.models import OuterRef, Subquery

    people = Person.objects.filter(user=OuterRef("pk"), anonymised_at__isnull=True)
    return Subquery(people.order_by("pk").values("organisation_id")[:1])


def contact_person_scope() -> Any:
    """The (not anonymised) Person linked to the login (a part of `klynge.core.user_scopes`)."""
    from django.db.models import OuterRef, Subquery

    people = Person.objects.filter(user=OuterRef("pk"), anonymised_at__isnull=True)
    return Subquery(people.order_by("pk").values("pk")[:1])


def remember_contact_person(user: Viewer, value: int | None) -> None:
    setattr(user, _PERSON_ATTR, value)


def contact_person_id(user: Viewer | None) -> int | None:
    """The Person linked to the user's login (read with the user's scope), or None."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, _PERSON_ATTR):
        user_scopes.load(user)
    if not hasattr(user, _PERSON_ATTR):  # scopes not registered (apps not ready)
        people = Person.objects.filter(user=user, anonymised_at__isnull=True).order_by("pk")
        setattr(user, _PERSON_ATTR, people.values_list("pk", flat=True).first())
    person_id: int | None = getattr(user, _PERSON_ATTR)
    return person_id


def contact_clusters_scope() -> Any:
    """Clusters where that organisation is an active member today, as text "1,4"."""
    from django.db.models import CharField, OuterRef
    from django.db.models.functions import Cast

    from klynge.core.aggregates import joined_text

    memberships = Membership.objects.filter(
        active_membership_q(),
        organisation__people__user=OuterRef("pk"),
        organisation__people__anonymised_at__isnull=True,
    )
    return joined_text(memberships, "organisation_id", Cast("cluster_id", CharField()), ",")


def remember_contact_organisation(user: Viewer, value: int | None) -> None:
    setattr(user, _ORG_ATTR, value)


def remember_contact_clusters(user: Viewer, value: str | None) -> None:
    setattr(user, _CLUSTERS_ATTR, {int(part) for part in (value or "").split(",") if part})


def _load_contact(user: Actor) -> None:
    user_scopes.load(user)
    if not hasattr(user, _ORG_ATTR):  # scopes not registered (apps not ready)
        people = Person.objects.filter(user=user, anonymised_at__isnull=True).order_by("pk")
        org_id = people.values_list("organisation_id", flat=True).first()
        clusters: set[int] = set()
        if org_id is not None:
            memberships = Membership.objects.filter(active_membership_q(), organisation_id=org_id)
            clusters = set(memberships.values_list("cluster_id", flat=True))
        setattr(user, _ORG_ATTR, org_id)
        setattr(user, _CLUSTERS_ATTR, clusters)


def contact_organisation_id(user: Viewer | None) -> int | None:
    """The organisation the user is a member contact of, or None."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, _ORG_ATTR):
        _load_contact(user)
    organisation_id: int | None = getattr(user, _ORG_ATTR)
    return organisation_id


def active_membership_q(on: date | None = None) -> Q:
    """Memberships active on a date (today when None)."""
    on = on or date.today()
    return Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))


def contact_cluster_ids(user: Viewer | None) -> set[int]:
    """Clusters where the user's organisation is an active member."""
    if user is None or not user.is_authenticated:
        return set()
    if not hasattr(user, _CLUSTERS_ATTR):
        _load_contact(user)
    cluster_ids: set[int] = getattr(user, _CLUSTERS_ATTR)
    return cluster_ids


def is_contact_of(user: Viewer, organisation: Any) -> bool:
    org_id = getattr(organisation, "pk", organisation)
    return org_id is not None and contact_organisation_id(user) == org_id


def is_member_contact_in(user: Viewer, cluster: Any) -> bool:
    return getattr(cluster, "pk", cluster) in contact_cluster_ids(user)


def remember_organisation_clusters(organisation: Any, memberships: Any) -> None:
    """Prime `organisation_cluster_ids` (and the periods behind `person_cluster_ids`) from all of
    the organisation's memberships (objects or (cluster_id, joined_on, left_on) rows), already read."""
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
    # Clusters with a membership that has not ended (running now or starting later).
    current = {cluster for cluster, _joined, left in periods if left is None or left > today}
    organisation._klynge_current_cluster_ids = current
    ended: dict[int, date] = {}
    for cluster, _joined, left in periods:
        if cluster not in current and left is not None:
            ended[cluster] = max(left, ended.get(cluster, left))
    organisation._klynge_ended_cluster_until = ended


def _load_periods(organisation: Any) -> None:
    if getattr(organisation, "_klynge_ended_cluster_until", None) is None:
        rows = Membership.objects.filter(organisation_id=organisation.pk).values_list(
            "cluster_id", "joined_on", "left_on"
        )
        remember_organisation_clusters(organisation, rows)


def organisation_cluster_ids(organisation: Any, *, active_only: bool) -> set[int]:
    """Clusters the organisation belongs to (now) or has ever belonged to; both are read with one
    query and cached on the object."""
    _load_periods(organisation)
    attr = "_klynge_active_cluster_ids" if active_only else "_klynge_any_cluster_ids"
    return getattr(organisation, attr)


def organisation_current_cluster_ids(organisation: Any) -> set[int]:
    """Clusters whose membership of the organisation has not ended (running or starting later):
    the clusters that may edit the organisation and add people to it."""
    _load_periods(organisation)
    return organisation._klynge_current_cluster_ids


def organisation_ended_cluster_until(organisation: Any) -> dict[int, date]:
    """Clusters whose every membership of the organisation has ended, with the day the last one
    ended. Such a cluster keeps rights only over people who joined the organisation before then."""
    _load_periods(organisation)
    return organisation._klynge_ended_cluster_until


def person_cluster_ids(person: Any) -> set[int]:
    """The clusters a person belongs to, whose team may act on them.

    A guest (no organisation) belongs to the clusters whose events, courses or B2B sessions they
    registered for (`klynge.members.guests`). A person of an organisation belongs to the clusters
    the organisation is a member of; a cluster whose membership has ended keeps only the people who
    were at the organisation while it was a member (`organisation_since` before it ended).
    """
    if person.organisation_id is None:
        return guest_cluster_ids(person)
    organisation = person.organisation
    ids = set(organisation_current_cluster_ids(organisation))
    since = person.organisation_since
    for cluster_id, until in organisation_ended_cluster_until(organisation).items():
        if since is None or since < until:
            ids.add(cluster_id)
    return ids


def people_of_cluster_q(organisation: Any, cluster_ids: set[int]) -> Q | None:
    """`person_cluster_ids` as a query condition over the people of `organisation`, for a user on
    the teams of `cluster_ids`: an empty Q() (everyone) when one of them has a membership that has
    not ended, None when the user reaches none of them."""
    if cluster_ids & organisation_current_cluster_ids(organisation):
        return Q()
    ended = organisation_ended_cluster_until(organisation)
    until = [ended[c] for c in cluster_ids if c in ended]
    if not until:
        return None
    return Q(organisation_since__isnull=True) | Q(organisation_since__lt=max(until))
