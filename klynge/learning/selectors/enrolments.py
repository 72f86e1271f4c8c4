"""Reads for enrolments: a course's list, an organisation's and a person's history, completions."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles
from klynge.core.permissions import is_authenticated, is_superuser
from klynge.members.models import Person
from klynge.members.roles import contact_organisation_id
from klynge.registrations import selectors as places

from ..models import Course, CourseSession, Enrolment
from ..permissions import person_id_of


def enrolment_list_for_course(
    *, course: Course, search: str = "", status: str = "", include_dropped: bool = False
) -> QuerySet[Enrolment]:
    return places.holder_list(
        holders=Enrolment.objects.filter(course=course),
        left_status=Enrolment.Status.DROPPED,
        status=status,
        include_left=include_dropped,
        search=search,
    )


def enrolment_for_user(*, course: Course, user: Viewer) -> Enrolment | None:
    person_id = person_id_of(user)
    if person_id is None:
        return None
    return (
        Enrolment.objects.filter(course=course, person_id=person_id)
        .exclude(status=Enrolment.Status.DROPPED)
        .first()
    )


def enrolment_list_for_organisation_on_course(
    *, course: Course, organisation_id: int
) -> QuerySet[Enrolment]:
    """Who of an organisation takes part (for its member contact)."""
    return places.places_of_organisation(
        holders=Enrolment.objects.filter(course=course),
        organisation_id=organisation_id,
        left_status=Enrolment.Status.DROPPED,
    )


def _history(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Newest first, with the course, its cluster and provider, and the course's first/last day."""
    sessions = CourseSession.objects.filter(course=OuterRef("course_id"))
    return (
        enrolments.exclude(course__status=Course.Status.DRAFT)
        .select_related("course", "course__cluster", "course__provider", "person", "organisation")
        .annotate(
            course_first_start=Subquery(sessions.order_by("starts_at").values("starts_at")[:1]),
            course_last_end=Subquery(sessions.order_by("-ends_at").values("ends_at")[:1]),
        )
        .order_by(F("completed_on").desc(nulls_first=True), "-created_at", "-pk")
    )


def _scope(viewer: Viewer, *, own: bool) -> Q | None:
    """None: everything; else the courses of the viewer's clusters (the teams see their own)."""
    if own or is_superuser(viewer):
        return None
    return Q(course__cluster_id__in=list(cluster_roles(viewer)))


def enrolment_list_for_person(*, person: Person, viewer: Viewer) -> QuerySet[Enrolment]:
    """A person's learning history as `viewer` may see it (check `can_view_learning_history`)."""
    own = person_id_of(viewer) == person.pk or (
        person.organisation_id is not None
        and contact_organisation_id(viewer) == person.organisation_id
    )
    enrolments = Enrolment.objects.filter(person=person).exclude(status=Enrolment.Status.DROPPED)
    scope = _scope(viewer, own=own)
    if scope is not None:
        enrolments = enrolments.filter(scope)
    return _history(enrolments)


def enrolment_list_for_organisation(*, organisation: Any, viewer: Viewer) -> QuerySet[Enrolment]:
    """Courses taken by people of an organisation (check `can_view_organisation_courses`)."""
    org_id = getattr(organisation, "pk", organisation)
    own = contact_organisation_id(viewer) == org_id
    enrolments = Enrolment.objects.filter(organisation_id=org_id).exclude(
        status=Enrolment.Status.DROPPED
    )
    scope = _scope(viewer, own=own)
    if scope is not None:
        enrolments = enrolments.filter(scope)
    return _history(enrolments)


def enrolment_list_mine(*, user: Viewer) -> QuerySet[Enrolment]:
    person_id = person_id_of(user)
    if not is_authenticated(user) or person_id is None:
        return Enrolment.objects.none()
    return _history(Enrolment.objects.filter(person_id=person_id)).exclude(
        status=Enrolment.Status.DROPPED
    )


def completion_list(
    *, cluster: Any, start: datetime.date, end: datetime.date
) -> QuerySet[Enrolment]:
    """Completions of the cluster's courses in a period (for exports and reports)."""
    return (
        Enrolment.objects.filter(
            course__cluster_id=getattr(cluster, "pk", cluster),
            status=Enrolment.Status.COMPLETED,
            completed_on__gte=start,
            completed_on__lte=end,
        )
        .select_related("course", "person", "organisation")
        .order_by("-completed_on", "course__title", "person__full_name", "pk")
    )


def certificate_get(*, code: str) -> Enrolment | None:
    """The completion behind a certificate number, for verification (None when unknown)."""
    if not code:
        return None
    return (
        Enrolment.objects.filter(certificate_code=code, status=Enrolment.Status.COMPLETED)
        .select_related("course", "course__cluster", "course__provider", "person")
        .first()
    )


def enrolment_list_ongoing_for_user(*, user: Viewer, limit: int = 5) -> list[Enrolment]:
    """The user's own courses not yet completed (applied, enrolled, waiting), for the home page."""
    return list(
        enrolment_list_mine(user=user).filter(
            status__in=[
                Enrolment.Status.APPLIED,
                Enrolment.Status.ENROLLED,
                Enrolment.Status.WAITLISTED,
            ]
        )[:limit]
    )


def cluster_ids_enrolled_by(person_id: int) -> QuerySet[Any]:
    """The clusters whose courses the person enrolled in or applied for (a source of
    `klynge.members.guests`)."""
    return Enrolment.objects.filter(person_id=person_id).values_list(
        "course__cluster_id", flat=True
    )
