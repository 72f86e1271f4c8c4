"""Small helpers shared by the course views."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.registrations.views import CapacityTexts

from ..models import Course, Enrolment
from ..permissions import can_view_course
from ..selectors import courses as course_selectors


def course_or_404(pk: int) -> Course:
    try:
        return course_selectors.course_get(pk=pk)
    except Course.DoesNotExist as exc:
        raise Http404(_("No such course.")) from exc


def visible_course_or_404(request: HttpRequest, pk: int) -> Course:
    """Courses a user may not see are 'not found' (their existence is not revealed)."""
    course = course_or_404(pk)
    if not can_view_course(request.user, course):
        raise Http404(_("No such course."))
    return course


def enrolment_or_404(pk: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related(
            "course", "course__cluster", "course__provider", "person", "organisation"
        ),
        pk=pk,
    )


CAPACITY_TEXTS = CapacityTexts(
    changed=gettext_lazy("The number of places was changed."),
    promoted=gettext_lazy(
        "%(n)s people moved from the waiting list to enrolled and were told by email."
    ),
    over=gettext_lazy(
        "The course is over capacity by %(n)s. Nobody was dropped; the waiting list "
        "fills freed places."
    ),
)
