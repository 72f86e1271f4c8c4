"""The course catalogue: visible courses with counts and session bounds, one course, prices."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from klynge.accounts.typing import Viewer
from klynge.clusters.roles import cluster_roles
from klynge.core.aggregates import count_of
from klynge.core.permissions import is_programme_officer, is_superuser
from klynge.members.models import Membership
from klynge.members.roles import active_membership_q
from klynge.registrations import selectors as places

from ..models import PLACE_STATUSES, Course, CourseSession, Enrolment

PERIODS = ("upcoming", "past", "all")


def with_bounds(courses: QuerySet[Course]) -> QuerySet[Course]:
    """Annotate `first_start` and `last_end` of the sessions (subqueries: no row multiplication)."""
    sessions = CourseSession.objects.filter(course=OuterRef("pk"))
    return courses.annotate(
        first_start=Subquery(sessions.order_by("starts_at").values("starts_at")[:1]),
        last_end=Subquery(sessions.order_by("-ends_at").values("ends_at")[:1]),
    )


def with_counts(courses: QuerySet[Course]) -> QuerySet[Course]:
    """Places taken, waiting, applied and completed counts in the same query, plus session bounds."""
    enrolments = Enrolment.objects.all()
    return with_bounds(courses).annotate(
        places_taken=count_of(enrolments.filter(status__in=PLACE_STATUSES), "course"),
        waiting_count=count_of(enrolments.filter(status="waitlisted"), "course"),
        applied_count=count_of(enrolments.filter(status="applied"), "course"),
        completed_count=count_of(enrolments.filter(status="completed"), "course"),
    )


def open_for_enrolment_q(now: Any = None) -> Q:
    """Published, deadline not passed, not over (the same rule as `Course.enrolment_state`)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return (
        Q(status=Course.Status.PUBLISHED)
        & (Q(application_deadline__isnull=True) | Q(application_deadline__gte=today))
        & (Q(last_end__isnull=True) | Q(last_end__gte=now))
    )


def course_list_visible(
    *,
    user: Viewer,
    cluster: Any = None,
    period: str = "upcoming",
    kind: str = "",
    topic: str = "",
    format: str = "",
    language: str = "",
    status: str = "",
    open_only: bool = False,
    search: str = "",
) -> QuerySet[Course]:
    """The courses `user` may see (the rule of `can_view_course`), filtered, with counts."""
    courses = with_counts(
        Course.objects.select_related("cluster", "provider").prefetch_related("topics")
    )
    if not (is_superuser(user) or is_programme_officer(user)):
        visible = ~Q(status=Course.Status.DRAFT)
        team = set(cluster_roles(user))
        if team:
            visible |= Q(cluster_id__in=team)
        courses = courses.filter(visible)
    now = timezone.now()
    # "The last session ends from now on" is "a session ends from now on": a semi-join the
    # databases read from the sessions once, where the `last_end` column is computed per course
    # (twice, for every course in the catalogue) before the page is cut.
    sessions = CourseSession.objects.filter(course=OuterRef("pk"))
    running = Exists(sessions.filter(ends_at__gte=now))
    if period == "upcoming":
        courses = courses.filter(~Exists(sessions) | running).order_by(
            F("first_start").asc(nulls_last=True), "title", "pk"
        )
    elif period == "past":
        courses = courses.filter(Exists(sessions), ~running).order_by(F("last_end").desc(), "-pk")
    else:
        courses = courses.order_by(F("first_start").desc(nulls_first=True), "-pk")
    if cluster is not None:
        courses = courses.filter(cluster_id=getattr(cluster, "pk", cluster))
    for field, value in (("kind", kind), ("format", format), ("status", status)):
        if value:
            courses = courses.filter(**{field: value})
    if language:
        courses = courses.filter(Q(language=language) | Q(language=Course.Language.BOTH))
    if topic:
        courses = courses.filter(topics__slug=topic)
    if open_only:
        courses = courses.filter(open_for_enrolment_q(now))
    if search:
        courses = courses.filter(
            Q(title__icontains=search)
            | Q(description__icontains=search)
            | Q(target_group__icontains=search)
            | Q(provider__name__icontains=search)
        )
    return courses


def course_list_open_for_cluster(*, user: Viewer, cluster: Any) -> QuerySet[Course]:
    """The courses of a cluster open for enrolment (the cluster page's section): titles, dates,
    credits and places, without the topics (one query)."""
    return course_list_visible(user=user, cluster=cluster, open_only=True).prefetch_related(None)


def course_get(*, pk: int) -> Course:
    return (
        with_bounds(Course.objects.select_related("cluster", "provider"))
        .prefetch_related("topics", "sessions")
        .get(pk=pk)
    )


def course_counts(*, course: Course) -> dict[str, int | None]:
    return places.place_counts(
        holders=Enrolment.objects.filter(course=course),
        held=PLACE_STATUSES,
        statuses=Enrolment.Status.values,
        capacity=course.capacity,
    )


def is_member_of_cluster(organisation: Any, cluster_id: int) -> bool:
    if organisation is None:
        return False
    return Membership.objects.filter(
        active_membership_q(), organisation_id=organisation.pk, cluster_id=cluster_id
    ).exists()


def price_for(course: Course, organisation: Any) -> int:
    """The member price for staff of an active member organisation, else the full fee."""
    if course.member_fee is not None and is_member_of_cluster(organisation, course.cluster_id):
        return course.member_fee
    return course.fee
