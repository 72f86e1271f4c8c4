"""Create, edit, cancel and delete courses; add, change and remove their sessions."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster, Topic
from klynge.core import capacity
from klynge.core.audit import log_action
from klynge.core.dates import check_dates
from klynge.core.errors import ConflictError, DomainError
from klynge.core.weblinks import clean_web_urls

from .. import notices
from ..models import ACTIVE_STATUSES, Course, CourseSession, Enrolment
from .enrolments import course_set_capacity

EDITABLE = (
    "title",
    "description",
    "learning_outcomes",
    "kind",
    "credits",
    "level",
    "language",
    "format",
    "application_deadline",
    "fee",
    "member_fee",
    "target_group",
    "admission",
    "open_to",
    "status",
    "provider",
)
NO_CHANGE: Any = object()


def _user(actor: Actor | None) -> Actor | None:
    """The course's creator, or None for an actor who is not logged in (tests pass None)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _validate(values: dict[str, Any]) -> None:
    check_dates(values)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if not (values.get("title") or "").strip():
        raise DomainError(_("Give the course a title."), field="title")
    credits = values.get("credits")
    if values.get("kind") == Course.Kind.FURTHER_EDUCATION:
        if credits is None or Decimal(str(credits)) <= 0:
            raise DomainError(
                _("Further education gives ECTS credits: give the number."), field="credits"
            )
    elif credits not in (None, ""):
        raise DomainError(
            _("Only further education gives credits; leave this empty."), field="credits"
        )
    fee, member_fee = values.get("fee") or 0, values.get("member_fee")
    if fee < 0:
        raise DomainError(_("The fee cannot be negative."), field="fee")
    if member_fee is not None and not 0 <= member_fee <= fee:
        raise DomainError(_("The member price must be between 0 and the fee."), field="member_fee")
    if values.get("status") == Course.Status.CANCELLED:
        raise DomainError(_("Use “Cancel course” to cancel it."), field="status")


def course_create(
    *,
    actor: Actor,
    cluster: Cluster,
    title: str,
    capacity: int | None = None,
    topics: Iterable[Topic] = (),
    sessions: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Course:
    values = {"title": title, "kind": Course.Kind.SHORT_COURSE, **fields}
    if values.get("credits") in ("",):
        values["credits"] = None
    _validate(values)
    if capacity is not None and capacity < 1:
        raise DomainError(_("Places must be at least 1, or empty for no limit."), field="capacity")
    with transaction.atomic():
        course = Course.objects.create(
            cluster=cluster, capacity=capacity, created_by=_user(actor), **values
        )
        course.topics.set(list(topics))
        for session in sessions:
            _session_create(course, session)
        log_action(
            actor=actor,
            action="klynge.learning.course.created",
            target=course,
            data={"title": course.title, "status": course.status},
        )
    return course


def course_update(
    *,
    actor: Actor,
    course: Course,
    topics: Iterable[Topic] | None = None,
    capacity: Any = NO_CHANGE,
    **fields: Any,
) -> dict[str, Any]:
    """Change a course. Returns the outcome of a capacity change ({} when places did not change)."""
    if course.status == Course.Status.CANCELLED:
        raise DomainError(_("A cancelled course cannot be changed."), code="course_cancelled")
    current = {name: getattr(course, name) for name in EDITABLE}
    values = {**current, **fields}
    _validate(values)
    changed = {name: values[name] for name in fields if values[name] != current[name]}
    completions = course.enrolments.filter(status=Enrolment.Status.COMPLETED).exists()
    if completions and ({"kind", "credits"} & set(changed)):
        raise DomainError(
            _("People have completed the course: its kind and credits can no longer change."),
            field="credits" if "credits" in changed else "kind",
        )
    if changed.get("status") == Course.Status.DRAFT and course.enrolments.exists():
        raise DomainError(
            _("People are enrolled: the course cannot go back to draft."), field="status"
        )
    outcome: dict[str, Any] = {}
    with transaction.atomic():
        if changed:
            Course.objects.filter(pk=course.pk).update(**changed, updated_at=timezone.now())
            for name, value in changed.items():
                setattr(course, name, value)
        if topics is not None:
            course.topics.set(list(topics))
        if capacity is not NO_CHANGE and capacity != course.capacity:
            outcome = course_set_capacity(actor=actor, course=course, capacity_value=capacity)
        log_action(
            actor=actor,
            action="klynge.learning.course.updated",
            target=course,
            data={"changed": sorted(changed), "topics": topics is not None},
        )
    return outcome


def course_cancel(*, actor: Actor, course: Course) -> int:
    """Cancel the course and tell everyone enrolled, applying or waiting. Returns how many."""
    with transaction.atomic():
        locked = capacity.lock(course)
        if locked.status == Course.Status.CANCELLED:
            raise ConflictError(_("The course is already cancelled."), code="already_cancelled")
        Course.objects.filter(pk=locked.pk).update(
            status=Course.Status.CANCELLED, updated_at=timezone.now()
        )
        told = list(
            Enrolment.objects.filter(
                course=locked, status__in=[s for s in ACTIVE_STATUSES if s != "completed"]
            ).values_list("pk", flat=True)
        )
        log_action(
            actor=actor,
            action="klynge.learning.course.cancelled",
            target=locked,
            data={"told": len(told)},
        )
        notices.send_course_cancelled_mails(told)
    course.status = Course.Status.CANCELLED
    return len(told)


def course_delete(*, actor: Actor, course: Course) -> None:
    """Delete a draft nobody has enrolled on (anything else is cancelled instead)."""
    if course.status != Course.Status.DRAFT or course.enrolments.exists():
        raise ConflictError(
            _("Only drafts without enrolments can be deleted; cancel the course instead."),
            code="not_deletable",
        )
    with transaction.atomic():
        log_action(
            actor=actor,
            action="klynge.learning.course.deleted",
            target=course,
            data={"title": course.title},
        )
        course.delete()


# --- sessions -----------------------------------------------------------------------------------

SESSION_FIELDS = ("title", "starts_at", "ends_at", "venue", "online_url")


def _validate_session(values: dict[str, Any]) -> None:
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    clean_web_urls(CourseSession, values)
    check_dates(values)
    for name in ("starts_at", "ends_at"):
        value = values.get(name)
        if value is None:
            raise DomainError(_("This field is required."), field=name)
        if timezone.is_naive(value):
            raise DomainError(_("Give a time zone with the time."), field=name)
    starts, ends = values["starts_at"], values["ends_at"]
    if ends < starts:
        raise DomainError(_("A session cannot end before it starts."), field="ends_at")
    if not (values.get("venue") or "").strip() and not (values.get("online_url") or "").strip():
        raise DomainError(_("Give a place, an online link, or both."), field="venue")


def _session_create(course: Course, values: dict[str, Any]) -> CourseSession:
    _validate_session(values)
    return CourseSession.objects.create(course=course, **values)


def session_add(*, actor: Actor, course: Course, **values: Any) -> CourseSession:
    if course.status == Course.Status.CANCELLED:
        raise DomainError(_("A cancelled course cannot be changed."), code="course_cancelled")
    with transaction.atomic():
        session = _session_create(course, values)
        log_action(
            actor=actor,
            action="klynge.learning.session.created",
            target=session,
            data={"course": course.pk, "starts_at": session.starts_at},
            cluster=course.cluster_id,
        )
    return session


def session_update(*, actor: Actor, session: CourseSession, **fields: Any) -> CourseSession:
    values = {name: getattr(session, name) for name in SESSION_FIELDS} | fields
    _validate_session(values)
    with transaction.atomic():
        CourseSession.objects.filter(pk=session.pk).update(**values)
        for name, value in values.items():
            setattr(session, name, value)
        log_action(
            actor=actor,
            action="klynge.learning.session.updated",
            target=session,
            data={"changed": sorted(fields)},
            cluster=session.course.cluster_id,
        )
    return session


def session_delete(*, actor: Actor, session: CourseSession) -> None:
    with transaction.atomic():
        log_action(
            actor=actor,
            action="klynge.learning.session.deleted",
            target=session,
            data={"course": session.course_id, "starts_at": session.starts_at},
            cluster=session.course.cluster_id,
        )
        session.delete()
