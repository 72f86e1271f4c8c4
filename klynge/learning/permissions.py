"""Who may do what with courses. Predicates take (user, course) unless their name says otherwise.

Roles: the course's cluster team (manager/staff), member contacts (a login linked to a Person; they
speak for that person's organisation), programme officers (read-only oversight: enrolment lists and
KPIs), superusers, and everyone else (the public sees the published catalogue).
"""

from __future__ import annotations

from typing import Any

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles
from klynge.core.permissions import is_authenticated, is_programme_officer, is_superuser
from klynge.members.permissions import can_edit_organisation, can_edit_person
from klynge.members.roles import contact_cluster_ids, contact_organisation_id, contact_person_id
from klynge.registrations.permissions import Rules, place_source

from .models import Course, Enrolment


def person_id_of(user: Viewer) -> int | None:
    """The (not anonymised) Person linked to a login (read with the user's scope, cached on it)."""
    return contact_person_id(user)


def is_course_team(user: Viewer, course: Course) -> bool:
    return course.cluster_id in cluster_roles(user)


def is_course_manager(user: Viewer, course: Course) -> bool:
    return cluster_roles(user).get(course.cluster_id) == "manager"


def is_member_contact_of_cluster(user: Viewer, course: Course) -> bool:
    return course.cluster_id in contact_cluster_ids(user)


# --- reading ------------------------------------------------------------------------------------


def can_view_course(user: Viewer, course: Course) -> bool:
    """The published catalogue (cancelled courses too) is public; drafts are for the team."""
    if is_superuser(user) or is_programme_officer(user) or is_course_team(user, course):
        return True
    return course.status != Course.Status.DRAFT


def can_view_enrolments(user: Viewer, course: Course) -> bool:
    """The participant list with contact details, and its exports."""
    return is_superuser(user) or is_programme_officer(user) or is_course_team(user, course)


def can_view_competence_kpis(user: Viewer, cluster: Any) -> bool:
    cluster_id = getattr(cluster, "pk", cluster)
    return is_superuser(user) or is_programme_officer(user) or cluster_id in cluster_roles(user)


# --- enrolling ----------------------------------------------------------------------------------


def _open_to(user: Viewer, course: Course) -> bool:
    return course.open_to == Course.OpenTo.EVERYONE or is_member_contact_of_cluster(user, course)


def can_enrol_self(user: Viewer, course: Course) -> bool:
    """A logged-in person enrols (or applies) themselves; members-only courses need a member org."""
    if course.status != Course.Status.PUBLISHED or person_id_of(user) is None:
        return False
    return _open_to(user, course)


def can_enrol_colleagues(user: Viewer, course: Course) -> bool:
    """A member contact enrols people of their organisation and sees who of them takes part."""
    if course.status != Course.Status.PUBLISHED or contact_organisation_id(user) is None:
        return False
    return _open_to(user, course)


def can_view_own_courses(user: Viewer, obj: Any = None) -> bool:
    """The "my courses" widget and list: a login linked to a (not anonymised) Person."""
    return person_id_of(user) is not None


def can_drop_enrolment(user: Viewer, enrolment: Enrolment) -> bool:
    """The person, their organisation's member contact, the cluster team; not after completion."""
    if not enrolment.is_open:
        return False
    return can_view_enrolment(user, enrolment)


def can_view_enrolment(user: Viewer, enrolment: Enrolment) -> bool:
    if not is_authenticated(user):
        return False
    if is_superuser(user) or is_course_team(user, enrolment.course):
        return True
    if person_id_of(user) == enrolment.person_id:
        return True
    org_id = contact_organisation_id(user)
    return org_id is not None and org_id == enrolment.organisation_id


def can_download_certificate(user: Viewer, enrolment: Enrolment) -> bool:
    return enrolment.status == Enrolment.Status.COMPLETED and can_view_enrolment(user, enrolment)


# --- running courses ----------------------------------------------------------------------------


def can_create_course(user: Viewer, cluster: Any) -> bool:
    """Obj is the Cluster that offers the course."""
    return is_superuser(user) or getattr(cluster, "pk", cluster) in cluster_roles(user)


def can_manage_course(user: Viewer, course: Course) -> bool:
    """Edit, sessions, places, enrol anyone, admit, complete with credits, exports."""
    return is_superuser(user) or is_course_team(user, course)


def can_cancel_course(user: Viewer, course: Course) -> bool:
    """Cancelling mails everyone and cannot be undone: the cluster's managers."""
    return is_superuser(user) or is_course_manager(user, course)


# --- other pages (obj is an Organisation or a Person) -------------------------------------------


def can_view_organisation_courses(user: Viewer, organisation: Any) -> bool:
    """The Courses tab: the organisation's member contact and the teams of its clusters."""
    return is_authenticated(user) and can_edit_organisation(user, organisation)


def can_view_learning_history(user: Viewer, person: Any) -> bool:
    """The person, their organisation's member contact, the teams of its clusters."""
    return is_authenticated(user) and can_edit_person(user, person)


# --- who enrols whom (the one rule in klynge.registrations) -------------------------------------

ENROLLING = Rules(
    manage=can_manage_course,
    take_own=can_enrol_self,
    take_for_colleagues=can_enrol_colleagues,
    refusal="can_enrol_person",
)


def enrolment_source(user: Viewer, course: Course, person: Any | None) -> str:
    """Who enrols `person` (None: a guest by name and email) as what: "staff" (the cluster team,
    anyone, guests included), "self" (one's own place) or "colleague" (a member contact for their
    organisation's people); PermissionDenied when the user may not."""
    return place_source(user, course, person, rules=ENROLLING)
