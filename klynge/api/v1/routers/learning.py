"""Learning API: courses, sessions, enrolments, completions, competence KPIs.

Same predicates as the pages (klynge.learning.permissions); same services.
"""

from datetime import date
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.clusters.models import Cluster, Topic
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.learning import permissions as perms
from klynge.learning.models import Course, CourseSession, Enrolment
from klynge.learning.selectors import courses as course_selectors
from klynge.learning.selectors.enrolments import completion_list, enrolment_list_for_course
from klynge.learning.selectors.kpis import competence_kpis
from klynge.learning.services import completions, courses, enrolments
from klynge.members.models import Organisation
from klynge.registrations.services import Guest
from klynge.registrations.views import place_taken_for

from ..auth import AUTH_OPTIONAL
from ..pagination import PageNumber
from ..patching import patch_changes
from ..schemas.learning import (
    CompletionIn,
    CourseCapacityOut,
    CourseCreateIn,
    CourseListOut,
    CourseOut,
    CourseParticipantOut,
    CoursePatchIn,
    CourseSessionOut,
    CourseSessionPatchIn,
    EnrolmentCreateIn,
    EnrolmentOut,
    KpisOut,
    SessionIn,
)
from ..schemas.types import Date

router = Router(tags=["learning"])


def _visible(request: HttpRequest, course_id: int) -> Course:
    course = (
        course_selectors.with_bounds(Course.objects.select_related("cluster", "provider"))
        .prefetch_related("topics", "sessions")
        .filter(pk=course_id)
        .first()
    )
    if course is None or not perms.can_view_course(request.user, course):
        raise Http404
    return course


def _topics(slugs: list[str]) -> list[Topic]:
    found = list(Topic.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise DomainError("Unknown topic.", field="topics")
    return found


def _provider(provider_id: int | None) -> Organisation | None:
    if provider_id is None:
        return None
    provider = Organisation.objects.filter(pk=provider_id).first()
    if provider is None:
        raise DomainError("Unknown organisation.", field="provider_id")
    return provider


@router.get(
    "/courses", response=list[CourseListOut], auth=AUTH_OPTIONAL, summary="Courses you may see"
)
@paginate(PageNumber)
def course_list(
    request: HttpRequest,
    period: str = "upcoming",
    kind: str = "",
    topic: str = "",
    format: str = "",
    language: str = "",
    open: bool = False,
    cluster: str = "",
    search: str = "",
) -> Any:
    if period not in course_selectors.PERIODS:
        raise DomainError("period must be upcoming, past or all.", field="period")
    offered_by = get_object_or_404(Cluster, slug=cluster) if cluster else None
    return course_selectors.course_list_visible(
        user=request.user,
        cluster=offered_by,
        period=period,
        kind=kind,
        topic=topic,
        format=format,
        language=language,
        open_only=open,
        search=search,
    )


@router.post("/courses", response={201: CourseOut}, summary="Create a course")
def course_create(request: HttpRequest, payload: CourseCreateIn) -> Status:
    cluster = get_object_or_404(Cluster, slug=payload.cluster)
    require(perms.can_create_course, request.user, cluster)
    data = payload.model_dump(exclude={"cluster", "topics", "sessions", "capacity", "provider_id"})
    course = courses.course_create(
        actor=acting(request.user),
        cluster=cluster,
        capacity=payload.capacity,
        topics=_topics(payload.topics),
        sessions=[s.model_dump() for s in payload.sessions],
        provider=_provider(payload.provider_id),
        **data,
    )
    return Status(201, _visible(request, course.pk))


@router.get("/courses/{course_id}", response=CourseOut, auth=AUTH_OPTIONAL, summary="One course")
def course_detail(request: HttpRequest, course_id: int) -> Course:
    return _visible(request, course_id)


# null removes these (no limit, no provider, no topics); on any other field null changes nothing
COURSE_CLEARABLE = {
    "credits",
    "application_deadline",
    "member_fee",
    "capacity",
    "provider_id",
    "topics",
}


@router.patch(
    "/courses/{course_id}", response=CourseCapacityOut, summary="Edit a course (places included)"
)
def course_patch(request: HttpRequest, course_id: int, payload: CoursePatchIn) -> dict[str, Any]:
    course = _visible(request, course_id)
    require(perms.can_manage_course, request.user, course)
    data = patch_changes(payload, clearable=COURSE_CLEARABLE)
    extra: dict[str, Any] = {}
    if "topics" in data:
        extra["topics"] = _topics(data.pop("topics") or [])
    if "capacity" in data:
        extra["capacity"] = data.pop("capacity")
    if "provider_id" in data:
        extra["provider"] = _provider(data.pop("provider_id"))
    outcome = courses.course_update(actor=acting(request.user), course=course, **extra, **data)
    return {
        "course": _visible(request, course_id),
        "promoted": outcome.get("promoted", []),
        "over_by": outcome.get("over_by", course_selectors.course_counts(course=course)["over_by"]),
    }


@router.delete(
    "/courses/{course_id}", response={204: None}, summary="Delete a draft nobody enrolled on"
)
def course_delete(request: HttpRequest, course_id: int) -> Status:
    course = _visible(request, course_id)
    require(perms.can_manage_course, request.user, course)
    courses.course_delete(actor=acting(request.user), course=course)
    return Status(204, None)


@router.post(
    "/courses/{course_id}/cancel", response=CourseOut, summary="Cancel a course (mails everyone)"
)
def course_cancel(request: HttpRequest, course_id: int) -> Course:
    course = _visible(request, course_id)
    require(perms.can_cancel_course, request.user, course)
    courses.course_cancel(actor=acting(request.user), course=course)
    return _visible(request, course_id)


# --- sessions -----------------------------------------------------------------------------------


@router.get(
    "/courses/{course_id}/sessions",
    response=list[CourseSessionOut],
    auth=AUTH_OPTIONAL,
    summary="Sessions",
)
def session_list(request: HttpRequest, course_id: int) -> list[CourseSession]:
    return list(_visible(request, course_id).sessions.all())


@router.post(
    "/courses/{course_id}/sessions", response={201: CourseSessionOut}, summary="Add a session"
)
def session_create(request: HttpRequest, course_id: int, payload: SessionIn) -> Status:
    course = _visible(request, course_id)
    require(perms.can_manage_course, request.user, course)
    return Status(
        201, courses.session_add(actor=acting(request.user), course=course, **payload.model_dump())
    )


def _session(request: HttpRequest, course_id: int, session_id: int) -> CourseSession:
    course = _visible(request, course_id)
    require(perms.can_manage_course, request.user, course)
    return get_object_or_404(
        CourseSession.objects.select_related("course"), pk=session_id, course=course
    )


@router.patch(
    "/courses/{course_id}/sessions/{session_id}",
    response=CourseSessionOut,
    summary="Change a session",
)
def session_patch(
    request: HttpRequest, course_id: int, session_id: int, payload: CourseSessionPatchIn
) -> CourseSession:
    session = _session(request, course_id, session_id)
    return courses.session_update(
        actor=acting(request.user), session=session, **patch_changes(payload)
    )


@router.delete(
    "/courses/{course_id}/sessions/{session_id}", response={204: None}, summary="Remove a session"
)
def session_remove(request: HttpRequest, course_id: int, session_id: int) -> Status:
    courses.session_delete(
        actor=acting(request.user), session=_session(request, course_id, session_id)
    )
    return Status(204, None)


# --- enrolments ---------------------------------------------------------------------------------


@router.get(
    "/courses/{course_id}/enrolments",
    response=list[CourseParticipantOut],
    summary="Participants (team, officers)",
)
@paginate(PageNumber)
def enrolment_list(request: HttpRequest, course_id: int, status: str = "", search: str = "") -> Any:
    course = _visible(request, course_id)
    require(perms.can_view_enrolments, request.user, course)
    if status and status not in Enrolment.Status.values:
        raise DomainError("Unknown status.", field="status")
    return enrolment_list_for_course(course=course, status=status, search=search)


@router.post(
    "/courses/{course_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Enrol yourself, a colleague, or (cluster team) anyone",
)
def enrolment_create(request: HttpRequest, course_id: int, payload: EnrolmentCreateIn) -> Status:
    course = _visible(request, course_id)
    enrolment = place_taken_for(
        request.user,
        course,
        person_id=payload.person_id,
        guest=lambda: Guest(
            full_name=payload.full_name,
            email=payload.email,
            organisation=_provider(payload.organisation_id),
        ),
        source=perms.enrolment_source,
        take=partial(enrolments.enrolment_create, course=course),
    )
    return Status(201, enrolment)


def _enrolment(enrolment_id: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("course", "person", "organisation"), pk=enrolment_id
    )


@router.post(
    "/enrolments/{enrolment_id}/drop", response=EnrolmentOut, summary="Drop out or turn down"
)
def enrolment_drop(request: HttpRequest, enrolment_id: int) -> Enrolment:
    enrolment = _enrolment(enrolment_id)
    require(perms.can_drop_enrolment, request.user, enrolment)
    enrolments.enrolment_drop(actor=request.user, enrolment=enrolment)
    return _enrolment(enrolment_id)


@router.post(
    "/enrolments/{enrolment_id}/admit", response=EnrolmentOut, summary="Admit an applicant"
)
def enrolment_admit(request: HttpRequest, enrolment_id: int) -> Enrolment:
    enrolment = _enrolment(enrolment_id)
    require(perms.can_manage_course, request.user, enrolment.course)
    enrolments.enrolment_admit(actor=acting(request.user), enrolment=enrolment)
    return _enrolment(enrolment_id)


# --- completions and KPIs -----------------------------------------------------------------------


@router.post(
    "/courses/{course_id}/completions", response=list[EnrolmentOut], summary="Mark completed (bulk)"
)
def completion_create(
    request: HttpRequest, course_id: int, payload: CompletionIn
) -> list[Enrolment]:
    course = _visible(request, course_id)
    require(perms.can_manage_course, request.user, course)
    return completions.enrolment_complete(
        actor=acting(request.user),
        course=course,
        enrolment_ids=payload.enrolment_ids,
        completed_on=payload.completed_on,
        credits=payload.credits,
        evidence=payload.evidence,
    )


@router.delete(
    "/enrolments/{enrolment_id}/completion", response=EnrolmentOut, summary="Undo a completion"
)
def completion_delete(request: HttpRequest, enrolment_id: int) -> Enrolment:
    enrolment = _enrolment(enrolment_id)
    require(perms.can_manage_course, request.user, enrolment.course)
    completions.enrolment_uncomplete(actor=acting(request.user), enrolment=enrolment)
    return _enrolment(enrolment_id)


def _cluster_for_kpis(request: HttpRequest, slug: str) -> Cluster:
    cluster = get_object_or_404(Cluster, slug=slug)
    require(perms.can_view_competence_kpis, request.user, cluster)
    return cluster


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    today = date.today()
    start = start or date(today.year, 1, 1)
    end = end or date(today.year, 12, 31)
    if end < start:
        raise DomainError("end is before start.", field="end")
    return start, end


@router.get(
    "/clusters/{slug}/completions",
    response=list[CourseParticipantOut],
    summary="Completions in a period",
)
@paginate(PageNumber)
def completion_list_endpoint(
    request: HttpRequest,
    slug: str,
    start: Date | None = None,
    end: Date | None = None,
) -> Any:
    cluster = _cluster_for_kpis(request, slug)
    low, high = _period(start, end)
    return completion_list(cluster=cluster, start=low, end=high)


@router.get(
    "/clusters/{slug}/competence-kpis", response=KpisOut, summary="Competence KPIs for a period"
)
def kpis(
    request: HttpRequest,
    slug: str,
    start: Date | None = None,
    end: Date | None = None,
) -> dict[str, Any]:
    cluster = _cluster_for_kpis(request, slug)
    low, high = _period(start, end)
    result = competence_kpis(cluster=cluster, start=low, end=high)
    return {**result.as_dict(), "cluster": cluster.slug}
