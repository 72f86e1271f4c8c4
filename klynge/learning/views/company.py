"""Company enrolment: a member contact enrols colleagues and sees who of them takes part."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from klynge.core.errors import DomainError
from klynge.core.permissions import require

from .. import permissions as perms
from ..forms.enrolments import ColleaguesForm
from ..models import Enrolment
from ..selectors.courses import course_counts, price_for
from ..selectors.enrolments import colleagues_of, enrolment_list_for_organisation_on_course
from ..services.enrolments import enrolment_create_colleagues
from .helpers import person_of, visible_course_or_404


@login_required
def enrol_colleagues(request: HttpRequest, pk: int) -> HttpResponse:
    course = visible_course_or_404(request, pk)
    require(perms.can_enrol_colleagues, request.user, course)
    organisation = person_of(request.user).organisation
    taking_part = enrolment_list_for_organisation_on_course(
        course=course, organisation_id=organisation.pk
    )
    enrolled_ids = {e.person_id for e in taking_part}
    people = colleagues_of(user=request.user).exclude(pk__in=enrolled_ids)
    form = ColleaguesForm(request.POST or None, people=people)
    state = course.enrolment_state()
    if request.method == "POST" and form.is_valid():
        try:
            made = enrolment_create_colleagues(
                actor=request.user,
                course=course,
                organisation=organisation,
                people=list(form.cleaned_data["people"]),
            )
        except DomainError as error:
            form.add_error("people", error.message)
        else:
            messages.success(
                request,
                _("%(n)s colleagues enrolled; each gets a confirmation by email.")
                % {"n": len(made)},
            )
            waiting = sum(1 for e in made if e.status == Enrolment.Status.WAITLISTED)
            if waiting:
                messages.info(request, _("%(n)s of them are on the waiting list.") % {"n": waiting})
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
