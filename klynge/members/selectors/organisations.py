"""Reads for organisations: one organisation with its joins, finding one to add, what a user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.clusters.roles import cluster_roles
from klynge.core.permissions import is_programme_officer, is_superuser

from ..models import Membership, Organisation, Person
from ..permissions import can_add_person, people_visible_q
from ..roles import (
    active_membership_q,
    contact_cluster_ids,
    contact_organisation_id,
    organisation_cluster_ids,
    remember_organisation_clusters,
)
from ..search import organisation_text_q


def organisation_get(*, pk: int) -> Organisation:
    return Organisation.objects.prefetch_related("topics").get(pk=pk)


def organisation_audit_cluster_id(*, user: Viewer, organisation: Organisation) -> int | None:
    """The cluster an edit by `user` is recorded under: one of theirs the organisation is (was) in."""
    mine = set(cluster_roles(user)) & organisation_cluster_ids(organisation, active_only=False)
    return min(mine) if mine else None


def organisation_search(*, query: str, cluster: Cluster, limit: int = 20) -> list[Organisation]:
    """Existing organisations matching a name or org number (with or without spaces).

    Each result has `is_active_member` (of `cluster`, today) so the add-member flow can say so.
    """
    query = query.strip()
    if not query:
        return []
    condition = organisation_text_q(query)
    active = Membership.objects.filter(
        active_membership_q(), cluster=cluster, organisation=OuterRef("pk")
    )
    return list(
        Organisation.objects.filter(condition)
        .annotate(is_active_member=Exists(active))
        .order_by("name", "pk")[:limit]
    )


def _visible_sources(user: Viewer) -> tuple[Q, int | None] | None:
    """Why the user may open an organisation (as `can_view_organisation`): memberships matching
    the condition, or being the organisation they speak for; None means all organisations."""
    if is_superuser(user) or is_programme_officer(user):
        return None
    memberships = Q(pk__in=[])
    team_clusters = list(cluster_roles(user))
    if team_clusters:
        memberships |= Q(cluster_id__in=team_clusters)
    shared = contact_cluster_ids(user)
    if shared:
        memberships |= Q(active_membership_q(), cluster_id__in=shared)
    return memberships, contact_organisation_id(user)


def _visible_organisations_q(user: Viewer) -> Q | None:
    """Which organisations the user may open (as `can_view_organisation`); None means all."""
    sources = _visible_sources(user)
    if sources is None:
        return None
    memberships, own = sources
    condition = Q(pk__in=Membership.objects.filter(memberships).values("organisation_id"))
    return condition | Q(pk=own) if own is not None else condition


def organisation_list_visible(*, user: Viewer, search: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.prefetch_related("topics").order_by("name", "pk")
    condition = _visible_organisations_q(user)
    if condition is not None:
        organisations = organisations.filter(condition)
    if search.strip():
        organisations = organisations.filter(organisation_text_q(search))
    return organisations


def organisation_count_visible(*, user: Viewer, search: str = "") -> int:
    """``organisation_list_visible(...).count()``, without a search counted from the memberships
    alone: the count through organisations made PostgreSQL scan every organisation."""
    sources = _visible_sources(user)
    if search.strip() or sources is None:
        return organisation_list_visible(user=user, search=search).count()
    memberships, own = sources
    ids = Membership.objects.filter(memberships).order_by().values("organisation_id")
    if own is not None:
        ids = ids.union(Organisation.objects.filter(pk=own).order_by().values("pk"))
    else:
        ids = ids.distinct()
    return ids.count()


def _membership_clusters_visible(user: Viewer, organisation: Organisation) -> set[int] | None:
    """The clusters whose memberships of `organisation` the user may see (as
    `can_view_membership`); None means all."""
    if is_superuser(user) or is_programme_officer(user):
        return None
    if contact_organisation_id(user) == organisation.pk:
        return None
    return set(cluster_roles(user))


def membership_list_for_organisation(
    *, organisation: Organisation, user: Viewer
) -> QuerySet[Membership]:
    """The organisation's memberships in every cluster the user may see (as `can_view_membership`)."""
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("cluster", "organisation")
        .order_by("-joined_on", "-pk")
    )
    visible = _membership_clusters_visible(user, organisation)
    return memberships if visible is None else memberships.filter(cluster_id__in=visible)


def organisation_memberships(*, organisation: Organisation) -> list[Membership]:
    """All of the organisation's memberships with their clusters, newest first, in one query; the
    organisation's cluster ids are remembered for the permission predicates (no further query)."""
    memberships = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("cluster")
        .order_by("-joined_on", "-pk")
    )
    for membership in memberships:
        membership.organisation = organisation
    remember_organisation_clusters(organisation, memberships)
    return memberships


def memberships_visible(
    memberships: list[Membership], *, organisation: Organisation, user: Viewer
) -> list[Membership]:
    """Those of `memberships` (from `organisation_memberships`) that the user may see."""
    visible = _membership_clusters_visible(user, organisation)
    return [m for m in memberships if visible is None or m.cluster_id in visible]


def person_list_for_organisation(*, organisation: Organisation, user: Viewer) -> QuerySet[Person]:
    """The organisation's people the user may see (`people_visible_q`, the queryset form of
    `can_view_person`), by name: one query per page whatever the organisation's size."""
    people = organisation.people.filter(anonymised_at__isnull=True)
    return people.filter(people_visible_q(user, organisation)).order_by("full_name", "pk")


def organisation_candidates_for_person(
    *, user: Viewer, search: str, exclude_id: int | None, limit: int = 20
) -> list[Organisation]:
    """Organisations matching ``search`` that ``user`` may add people to (moving a person there).

    The clusters of all candidates are read in one query and cached on each object, so the
    permission check per candidate costs nothing more.
    """
    visible = organisation_list_visible(user=user, search=search)
    if exclude_id is not None:
        visible = visible.exclude(pk=exclude_id)
    found = list(visible[: limit * 2])
    periods: dict[int, list[tuple[Any, ...]]] = {o.pk: [] for o in found}
    rows = Membership.objects.filter(organisation_id__in=periods).values_list(
        "organisation_id", "cluster_id", "joined_on", "left_on"
    )
    for organisation_id, *period in rows:
        periods[organisation_id].append(tuple(period))
    for organisation in found:
        remember_organisation_clusters(organisation, periods[organisation.pk])
    return [o for o in found if can_add_person(user, o)][:limit]
