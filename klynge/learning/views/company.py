"""Company enrolment: a member contact enrols colleagues and sees who of them takes part."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from klynge.core.permissions import require
from klynge.members.permissions import can_add_person
from klynge.registrations.forms import ColleaguesForm
from klynge.registrations.selectors import colleagues_of, contact_organisation
from klynge.registrations.views import colleagues_taken

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
    enrolled_ids = {e.person_id for e in taking_part}
    people = colleagues_of(user=request.user).exclude(pk__in=enrolled_ids)
    form = ColleaguesForm(
        request.POST or None,
        people=people,
        label=_("Colleagues to enrol"),
        allow_new=can_add_person(request.user, organisation),
    )
    state = course.enrolment_state()
    if (
        request.method == "POST"
        and form.is_valid()
        and colleagues_taken(
            request,
            form,
            lambda chosen: enrolment_create_colleagues(
                actor=request.user, course=course, organisation=organisation, people=chosen
            ),
            organisation=organisation,
            done=_("%(n)s colleagues enrolled; each gets a confirmation by email."),
        )
    ):
        return redirect("learning:colleagues", pk=course.pk)
    return render(
        request,
        "learning/colleagues.html",
        {
            "course": course,
            "organisation": organisation,
            "form": form,
            "taking_part": taking_part,
            "counts": course_counts(course=course),
            "open": state == "open",
            "price": price_for(course, organisation),
        },
    )


urlpatterns = [path("courses/<int:pk>/colleagues/", enrol_colleagues, name="colleagues")]
