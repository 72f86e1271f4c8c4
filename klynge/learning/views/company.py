"""Company enrolment: a member contact enrols colleagues and sees who of them takes part."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from klynge.core.permissions import acting, require
from klynge.registrations.selectors import contact_organisation
from klynge.registrations.views import colleagues_page

from .. import permissions as perms
from ..selectors.courses import course_counts, price_for
from ..selectors.enrolments import enrolment_list_for_organisation_on_course
from ..services.enrolments import enrolment_create_colleagues
from .helpers import visible_course_or_404


@login_required
def enrol_colleagues(request: HttpRequest, pk: int) -> HttpResponse:
    course = visible_course_or_404(request, pk)
    require(perms.can_enrol_colleagues, request.user, course)
    organisation = contact_organisation(request.user)
    taking_part = enrolment_list_for_organisation_on_course(
        course=course, organisation_id=organisation.pk
    )
    state = course.enrolment_state()
    return colleagues_page(
        request,
        organisation=organisation,
        holders=taking_part,
        take=lambda chosen: enrolment_create_colleagues(
            actor=acting(request.user), course=course, organisation=organisation, people=chosen
        ),
        label=_("Colleagues to enrol"),
        done=_("%(n)s colleagues enrolled; each gets a confirmation by email."),
        back=reverse("learning:colleagues", args=[course.pk]),
        template="learning/colleagues.html",
        context=lambda: {
            "course": course,
            "taking_part": taking_part,
            "counts": course_counts(course=course),
            "open": state == "open",
            "price": price_for(course, organisation),
        },
    )


urlpatterns = [path("courses/<int:pk>/colleagues/", enrol_colleagues, name="colleagues")]
