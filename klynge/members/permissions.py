"""Who may do what in the member registry.

Roles: cluster team (manager/staff, from clusters.roles), programme officers and superusers (global),
member contacts (a user linked to a Person; they speak for that person's organisation).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from klynge.clusters.roles import cluster_roles, is_manager_of, is_team_of
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser

from .roles import (
    contact_cluster_ids,
    contact_organisation_id,
    is_contact_of,
    is_member_contact_in,
    organisation_cluster_ids,
)

# --- per cluster (obj is a Cluster) -------------------------------------------------------------


def can_view_member_directory(user: Any, cluster: Any) -> bool:
    return (
        is_superuser(user)
        or is_team_of(user, cluster)
        or is_programme_officer(user)
        or is_member_contact_in(user, cluster)
    )


def can_manage_members(user: Any, cluster: Any) -> bool:
    """Add and edit organisations, people and memberships of the cluster; import members."""
    return is_superuser(user) or is_team_of(user, cluster)


def can_export_members(user: Any, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_view_composition(user: Any, cluster: Any) -> bool:
    return is_superuser(user) or is_team_of(user, cluster) or is_programme_officer(user)


def can_invite_member_contact(user: Any, cluster: Any) -> bool:
    return is_superuser(user) or is_manager_of(user, cluster)


def can_view_own_organisation(user: Any, obj: Any = None) -> bool:
    """A member contact's page for their own organisation and colleagues."""
    return contact_organisation_id(user) is not None


# --- per organisation (obj is an Organisation) --------------------------------------------------


def _team_of_any(user: Any, cluster_ids: set[int]) -> bool:
    roles = cluster_roles(user)
    return any(cluster_id in roles for cluster_id in cluster_ids)


def _manager_of_any(user: Any, cluster_ids: set[int]) -> bool:
    roles = cluster_roles(user)
    return any(roles.get(cluster_id) == "manager" for cluster_id in cluster_ids)


def can_view_organisation(user: Any, organisation: Any) -> bool:
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


def can_edit_organisation(user: Any, organisation: Any) -> bool:
    if is_superuser(user) or is_contact_of(user, organisation):
        return True
    return _team_of_any(user, organisation_cluster_ids(organisation, active_only=False))


def can_add_person(user: Any, organisation: Any) -> bool:
    """Add a colleague to an organisation: whoever may edit the organisation."""
    return can_edit_organisation(user, organisation)


def can_create_organisation(user: Any, obj: Any = None) -> bool:
    """Anyone on a cluster team can register a new organisation."""
    return is_superuser(user) or bool(cluster_roles(user))


# --- per person (obj is a Person) ---------------------------------------------------------------


def _person_org(person: Any) -> Any:
    return person.organisation if person.organisation_id else None


def can_view_person(user: Any, person: Any) -> bool:
    if not is_authenticated(user):
        return False
    if getattr(user, "pk", None) is not None and person.user_id == user.pk:
        return True
    if can_edit_person(user, person):
        return True
    organisation = _person_org(person)
    if organisation is None:
        return is_programme_officer(user)
    if is_programme_officer(user):
        return True
    # Other member contacts: only people who agreed to be visible in the directory.
    shared = contact_cluster_ids(user) & organisation_cluster_ids(organisation, active_only=True)
    return bool(shared) and person.consent_directory


def people_visible_q(user: Any, organisation: Any) -> Q:
    """Which people of `organisation` the user may see: `can_view_person` as a query condition,
    so a long list is filtered and paginated by the database (a test checks both agree)."""
    if not is_authenticated(user):
        return Q(pk__in=[])
    if is_programme_officer(user) or can_edit_organisation(user, organisation):
        return Q()
    own = Q(user_id=user.pk)
    shared = contact_cluster_ids(user) & organisation_cluster_ids(organisation, active_only=True)
    return own | Q(consent_directory=True) if shared else own


def can_edit_person(user: Any, person: Any) -> bool:
    if is_superuser(user):
        return True
    if getattr(user, "pk", None) is not None and person.user_id == user.pk:
        return True
    organisation = _person_org(person)
    if organisation is None:
        return bool(cluster_roles(user))
    if is_contact_of(user, organisation):
        return True
    return _team_of_any(user, organisation_cluster_ids(organisation, active_only=False))


def can_move_person(user: Any, person: Any) -> bool:
    """Move a person to another employer: the team of a cluster their organisation is (was) in."""
    if is_superuser(user):
        return True
    organisation = _person_org(person)
    if organisation is None:
        return bool(cluster_roles(user))
    return _team_of_any(user, organisation_cluster_ids(organisation, active_only=False))


def can_view_person_deliveries(user: Any, person: Any) -> bool:
    """The mails sent to a person: the team of a cluster their organisation is (was) in."""
    if is_superuser(user):
        return True
    organisation = _person_org(person)
    if organisation is None:
        return False
    return _team_of_any(user, organisation_cluster_ids(organisation, active_only=False))


def can_manage_personal_data(user: Any, person: Any) -> bool:
    """Export a person's data as JSON or anonymise them: cluster managers (and superusers)."""
    if is_superuser(user):
        return True
    organisation = _person_org(person)
    if organisation is None:
        return any(role == "manager" for role in cluster_roles(user).values())
    return _manager_of_any(user, organisation_cluster_ids(organisation, active_only=False))


# --- per membership (obj is a Membership) -------------------------------------------------------


def can_view_membership(user: Any, membership: Any) -> bool:
    return (
        is_superuser(user)
        or is_team_of(user, membership.cluster_id)
        or is_programme_officer(user)
        or is_contact_of(user, membership.organisation_id)
    )


def can_manage_membership(user: Any, membership: Any) -> bool:
    return is_superuser(user) or is_team_of(user, membership.cluster_id)


def can_link_login(user: Any, login: Any) -> bool:
    """An invitation links an existing login only for its owner, logged in as themselves."""
    return is_authenticated(user) and user.pk == getattr(login, "pk", None)
