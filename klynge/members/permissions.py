"""Who may do what in the member registry.

Roles: cluster team (manager/staff, from clusters.roles), programme officers and superusers (global),
member contacts (a user linked to a Person; they speak for that person's organisation).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles, is_manager_of, is_team_of
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser

from .roles import (
    contact_cluster_ids,
    contact_organisation_id,
    is_contact_of,
    is_member_contact_in,
    organisation_cluster_ids,
    organisation_current_cluster_ids,
    people_of_cluster_q,
    person_cluster_ids,
)

# --- per cluster (obj is a Cluster) -------------------------------------------------------------


def can_view_member_directory(user: Viewer, cluster: Any) -> bool:
    return (
        is_superuser(user)
        or is_team_of(user, cluster)
        or is_programme_officer(user)
        or is_member_contact_in(user, cluster)
    )


def can_manage_members(user: Viewer, cluster: Any) -> bool:
    """Add and edit organisations, people and memberships of the cluster; import members."""
    return is_superuser(user) or is_team_of(user, cluster)


def can_export_members(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_view_composition(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_invite_member_contact(user: Viewer, cluster: Any) -> bool:
    return is_superuser(user) or is_manager_of(user, cluster)


def can_view_own_organisation(user: Viewer, obj: Any = None) -> bool:
    """A member contact's page for their own organisation and colleagues."""
    return contact_organisation_id(user) is not None


# --- per organisation (obj is an Organisation) --------------------------------------------------


def _team_of_any(user: Viewer, cluster_ids: set[int]) -> bool:
    roles = cluster_roles(user)
    return any(cluster_id in roles for cluster_id in cluster_ids)


def _manager_of_any(user: Viewer, cluster_ids: set[int]) -> bool:
    roles = cluster_roles(user)
    return any(roles.get(cluster_id) == "manager" for cluster_id in cluster_ids)


def can_view_organisation(user: Viewer, organisation: Any) -> bool:
    if not is_authenticated(user):
        return False
    if is_superuser(user) or is_programme_officer(user) or is_contact_of(user, organisation):
        return True
    if _team_of_any(user, organisation_cluster_ids(organisation, active_only=False)):
        return True
    # Member contacts see the organisations that are members of their clusters now.
    return bool(
        contact_cluster_ids(user) & organisation_cluster_ids(organisation, active_only=True)
    )


def can_edit_organisation(user: Viewer, organisation: Any) -> bool:
    """The organisation's contacts and the teams of clusters it is (or is about to be) a member
    of; a cluster whose membership has ended keeps no rights over it."""
    if is_superuser(user) or is_contact_of(user, organisation):
        return True
    return _team_of_any(user, organisation_current_cluster_ids(organisation))


def can_add_person(user: Viewer, organisation: Any) -> bool:
    """Add a colleague to an organisation: whoever may edit the organisation."""
    return can_edit_organisation(user, organisation)


def can_create_organisation(user: Viewer, obj: Any = None) -> bool:
    """Anyone on a cluster team can register a new organisation."""
    return is_superuser(user) or bool(cluster_roles(user))


# --- per person (obj is a Person) ---------------------------------------------------------------
# A person belongs to the clusters in `roles.person_cluster_ids`: a guest (no organisation) to the
# clusters they registered in, anyone else to their organisation's clusters (an ended membership
# only for the people who were there while it ran). Only those clusters' teams act on them.


def _is_self(user: Viewer, person: Any) -> bool:
    return getattr(user, "pk", None) is not None and person.user_id == user.pk


def can_view_person(user: Viewer, person: Any) -> bool:
    if not is_authenticated(user):
        return False
    if _is_self(user, person) or is_programme_officer(user) or can_edit_person(user, person):
        return True
    if person.organisation_id is None:
        return False
    # Other member contacts: only people who agreed to be visible in the directory.
    shared = contact_cluster_ids(user) & organisation_cluster_ids(
        person.organisation, active_only=True
    )
    return bool(shared) and person.consent_directory


def people_visible_q(user: Viewer, organisation: Any) -> Q:
    """Which people of `organisation` the user may see: `can_view_person` as a query condition,
    so a long list is filtered and paginated by the database (a test checks both agree)."""
    if not is_authenticated(user):
        return Q(pk__in=[])
    if is_superuser(user) or is_programme_officer(user) or is_contact_of(user, organisation):
        return Q()
    team = people_of_cluster_q(organisation, set(cluster_roles(user)))
    if team is not None and not team:  # the team of a cluster the organisation is a member of
        return Q()
    condition = Q(user_id=user.pk)
    if team is not None:
        condition |= team
    if contact_cluster_ids(user) & organisation_cluster_ids(organisation, active_only=True):
        condition |= Q(consent_directory=True)
    return condition


def can_edit_person(user: Viewer, person: Any) -> bool:
    if is_superuser(user) or _is_self(user, person):
        return True
    if person.organisation_id is not None and is_contact_of(user, person.organisation_id):
        return True
    return _team_of_any(user, person_cluster_ids(person))


def can_move_person(user: Viewer, person: Any) -> bool:
    """Move a person to another employer: the team of a cluster the person belongs to."""
    return is_superuser(user) or _team_of_any(user, person_cluster_ids(person))


def can_view_person_deliveries(user: Viewer, person: Any) -> bool:
    """The mails sent to a person: the team of a cluster the person belongs to."""
    return is_superuser(user) or _team_of_any(user, person_cluster_ids(person))


def can_manage_personal_data(user: Viewer, person: Any) -> bool:
    """Export a person's data as JSON or anonymise them: the managers of a cluster the person
    belongs to (and superusers)."""
    return is_superuser(user) or _manager_of_any(user, person_cluster_ids(person))


# --- per membership (obj is a Membership) -------------------------------------------------------


def can_view_membership(user: Viewer, membership: Any) -> bool:
    return (
        is_superuser(user)
        or is_team_of(user, membership.cluster_id)
        or is_programme_officer(user)
        or is_contact_of(user, membership.organisation_id)
    )


def can_manage_membership(user: Viewer, membership: Any) -> bool:
    return is_superuser(user) or is_team_of(user, membership.cluster_id)


def can_link_login(user: Viewer, login: Any) -> bool:
    """An invitation links an existing login only for its owner, logged in as themselves."""
    return is_authenticated(user) and user.pk == getattr(login, "pk", None)
