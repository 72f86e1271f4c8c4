"""What a course tells its participants. The hub (`klynge.notifications`) renders, links and sends.

Each function takes ids, reads the enrolment as it is now and hands one mail to the hub, which sends
it after the transaction commits. Kinds are declared in `KINDS` (registered by `apps.py`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.core.links import absolute_url
from klynge.notifications.kinds import Kind
from klynge.notifications.services import Attachment, Recipient, notify
from klynge.registrations.services import Notices

from .calendars import course_ics
from .models import Enrolment

KINDS = (
    Kind("learning.applied", _("Course application received")),
    Kind("learning.enrolled", _("Course place confirmed")),
    Kind("learning.waitlisted", _("Place on a course's waiting list")),
    Kind("learning.promoted", _("Place given from a course's waiting list")),
    Kind("learning.dropped", _("Course enrolment cancelled")),
    Kind("learning.completed", _("Course completed")),
    Kind("learning.course_cancelled", _("Course cancelled by the organiser")),
    Kind(
        "learning.reminder",
        _("Course reminders"),
        transactional=False,
        help_text=_("Two days before the first session of a course you are enrolled in."),
    ),
)

ON_STATUS: dict[str, tuple[str, bool]] = {
    Enrolment.Status.APPLIED: ("applied", False),
    Enrolment.Status.ENROLLED: ("enrolled", True),
    Enrolment.Status.WAITLISTED: ("waitlisted", False),
}


def _load(ids: Iterable[int]) -> list[Enrolment]:
    return list(
        Enrolment.objects.select_related("course", "course__cluster", "person", "organisation")
        .prefetch_related("course__sessions")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )


def _notify(enrolment: Enrolment, name: str, *, with_ics: bool = False, key: str = "") -> bool:
    person = enrolment.person
    if not person.email or person.anonymised_at:
        return False
    course = enrolment.course
    sessions = list(course.sessions.all())
    attachments = []
    if with_ics and sessions:
        attachments.append(
            Attachment(f"course-{course.pk}.ics", course_ics(course), "text/calendar")
        )
    notify(
        kind=f"learning.{name}",
        to=Recipient.of(person),
        template=f"learning/email/{name}",
        context={
            "enrolment": enrolment,
            "course": course,
            "person": person,
            "sessions": sessions,
            "course_url": absolute_url(course.get_absolute_url()),
            "manage_url": absolute_url(enrolment.get_manage_url()),
            "certificate_url": absolute_url(
                reverse("learning:certificate_by_token", args=[enrolment.token])
            ),
        },
        cluster=course.cluster_id,
        attachments=attachments,
        key=key,
    )
    return True


def send_enrolment_mail(enrolment_id: int) -> None:
    """Application received, place confirmed (with the sessions as .ics), or waiting-list notice."""
    for enrolment in _load([enrolment_id]):
        if enrolment.status in ON_STATUS:
            name, with_ics = ON_STATUS[enrolment.status]
            _notify(enrolment, name, with_ics=with_ics)


def send_promotion_mails(enrolment_ids: Iterable[int]) -> None:
    for enrolment in _load(enrolment_ids):
        if enrolment.status == Enrolment.Status.ENROLLED:
            _notify(enrolment, "promoted", with_ics=True)


def send_dropped_mail(enrolment_id: int) -> None:
    for enrolment in _load([enrolment_id]):
        if enrolment.status == Enrolment.Status.DROPPED:
            _notify(enrolment, "dropped")


def send_completion_mail(enrolment_id: int) -> None:
    for enrolment in _load([enrolment_id]):
        if enrolment.status == Enrolment.Status.COMPLETED:
            _notify(enrolment, "completed", key=f"learning.completed:{enrolment.pk}")


def send_reminder_mail(enrolment_id: int) -> bool:
    """Once per enrolment (the key), however often the reminder task runs."""
    for enrolment in _load([enrolment_id]):
        if enrolment.status == Enrolment.Status.ENROLLED:
            return _notify(
                enrolment, "reminder", with_ics=True, key=f"learning.reminder:{enrolment.pk}"
            )
    return False


def send_course_cancelled_mails(enrolment_ids: Iterable[int]) -> None:
    for enrolment in _load(enrolment_ids):
        _notify(enrolment, "course_cancelled", key=f"learning.course_cancelled:{enrolment.pk}")


PLACE_MAILS = Notices(
    taken=send_enrolment_mail, promoted=send_promotion_mails, left=send_dropped_mail
)
"""The mails the registration core (`klynge.registrations`) sends for these places."""
