"""Who may do what with events. Predicates take (user, event) unless their name says otherwise.

Roles: cluster team (manager/staff) of a host cluster (the event's cluster or a co-host),
member contacts of organisations that are active members of a host cluster, programme officers
(read-only oversight of every cluster), superusers, and everyone else (the public).
"""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles
from klynge.core.permissions import is_programme_officer, is_superuser
from klynge.members.roles import contact_cluster_ids, contact_organisation_id
from klynge.registrations.permissions import Rules, place_source

from .models import Event, Registration


def host_ids(event: Event) -> set[int]:
    """The event's host clusters (cached on the object; prefetch `co_hosts` to save the query)."""
    cached = getattr(event, "_host_cluster_ids", None)
    if cached is None:
        cached = {event.cluster_id, *(c.pk for c in event.co_hosts.all())}
        event.__dict__["_host_cluster_ids"] = cached  # no field: a cache on this object
    return cached


def is_host_team(user: Viewer, event: Event) -> bool:
    roles = cluster_roles(user)
    return any(cluster_id in roles for cluster_id in host_ids(event))


def is_host_manager(user: Viewer, event: Event) -> bool:
    roles = cluster_roles(user)
    return any(roles.get(cluster_id) == "manager" for cluster_id in host_ids(event))


def is_host_member_contact(user: Viewer, event: Event) -> bool:
    return bool(contact_cluster_ids(user) & host_ids(event))


# --- reading ------------------------------------------------------------------------------------


def can_view_event(user: Viewer, event: Event) -> bool:
    if is_superuser(user) or is_programme_officer(user) or is_host_team(user, event):
        return True
    if event.status == Event.Status.DRAFT:
        return False
    if event.audience == Event.Audience.PUBLIC:
        return True
    if event.audience == Event.Audience.MEMBERS:
        return is_host_member_contact(user, event)
    return _is_registered(user, event)


def _is_registered(user: Viewer, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(event=event, person__user=user).exists()


def can_view_participants(user: Viewer, event: Event) -> bool:
    """The full participant list with contact details and answers, and its exports."""
    return is_superuser(user) or is_programme_officer(user) or is_host_team(user, event)


def can_view_feedback_summary(user: Viewer, event: Event) -> bool:
    return can_view_participants(user, event) or is_host_member_contact(user, event)


# --- registering --------------------------------------------------------------------------------


def can_register_for_event(user: Viewer, event: Event) -> bool:
    """Self-service registration (a guest form for the public, one click for a logged-in person)."""
    if not can_view_event(user, event) or event.status != Event.Status.PUBLISHED:
        return False
    if event.audience == Event.Audience.PUBLIC:
        return True
    if event.audience == Event.Audience.MEMBERS:
        return is_host_member_contact(user, event) or is_host_team(user, event)
    return False


def can_register_colleagues(user: Viewer, event: Event) -> bool:
    """A member contact registers people of their organisation and sees who of them is coming."""
    if event.status != Event.Status.PUBLISHED or contact_organisation_id(user) is None:
        return False
    if event.audience == Event.Audience.INVITED:
        return False
    if event.audience == Event.Audience.MEMBERS:
        return is_host_member_contact(user, event)
    return True


def can_cancel_registration(user: Viewer, registration: Registration) -> bool:
    """The person, their organisation's member contact, the host team (the mail link needs no login)."""
    if not user.is_authenticated:
        return False
    if is_superuser(user) or is_host_team(user, registration.event):
        return True
    if registration.person.user_id is not None and registration.person.user_id == user.pk:
        return True
    org_id = contact_organisation_id(user)
    return org_id is not None and org_id == registration.organisation_id


# --- running the event --------------------------------------------------------------------------


def can_view_person_events(user: Viewer, person: Any) -> bool:
    """The events section of a person's page: who may edit the person, and programme officers."""
    from klynge.members.permissions import can_edit_person

    return can_edit_person(user, person) or is_programme_officer(user)


def can_create_event(user: Viewer, cluster: Any) -> bool:
    """Obj is the host Cluster."""
    return is_superuser(user) or getattr(cluster, "pk", cluster) in cluster_roles(user)


def can_manage_event(user: Viewer, event: Event) -> bool:
    """Edit, change capacity, register people, check in, mark no-shows, ask for feedback, badges."""
    return is_superuser(user) or is_host_team(user, event)


def can_cancel_event(user: Viewer, event: Event) -> bool:
    """Cancelling mails everyone and cannot be undone: the host cluster's managers."""
    return is_superuser(user) or is_host_manager(user, event)


# --- who registers whom (the one rule in klynge.registrations) ----------------------------------

REGISTERING = Rules(
    manage=can_manage_event,
    take_own=can_register_for_event,
    take_for_colleagues=can_register_colleagues,
    take_as_guest=can_register_for_event,
    refusal="can_register_person",
)


def registration_source(user: Viewer, event: Event, person: Any | None) -> str:
    """Who registers `person` (None: a guest by name and email) as what: "staff" (the host team,
    anyone), "self" (one's own place, or the public guest form) or "colleague" (a member contact
    for their organisation's people); PermissionDenied when the user may not."""
    return place_source(user, event, person, rules=REGISTERING)
