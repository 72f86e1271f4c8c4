"""Public course pages: catalogue, course page with enrolment, calendar, my courses, personal link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.models import Cluster
from klynge.clusters.selectors import topic_list
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require
from klynge.registrations.forms import CapacityForm
from klynge.registrations.selectors import person_of

from .. import permissions as perms
from ..calendars import course_ics
from ..forms.courses import CourseFilterForm
from ..models import Enrolment
from ..selectors.courses import course_counts, course_list_visible, price_for
from ..selectors.enrolments import (
    enrolment_for_user,
    enrolment_list_for_organisation_on_course,
    enrolment_list_mine,
)
from ..services.enrolments import enrolment_create, enrolment_drop
from .helpers import visible_course_or_404


def course_list(request: HttpRequest) -> HttpResponse:
    form = CourseFilterForm(request.GET or None, topics=topic_list())
    filters: dict[str, Any] = {"period": "upcoming"}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "period": data["period"] or "upcoming",
            "kind": data["kind"],
            "topic": data["topic"],
            "format": data["format"],
            "language": data["language"],
            "open_only": data["open"],
            "search": data["q"],
        }
    cluster = None
    if request.GET.get("cluster"):
        cluster = get_object_or_404(Cluster, slug=request.GET["cluster"])
    courses = course_list_visible(user=request.user, cluster=cluster, **filters)
    page = paginate(request, courses)
    return render(
        request,
        "learning/course_list.html",
        {
            "form": form,
            "page": page,
            "period": filters["period"],
            "cluster": cluster,
            "total": page.paginator.count,
            "filtered": any(v for k, v in filters.items() if k != "period"),
        },
    )


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = visible_course_or_404(request, pk)
    user = request.user
    person = person_of(user)
    mine = enrolment_for_user(course=course, user=user)
    colleagues = perms.can_enrol_colleagues(user, course)
    state = course.enrolment_state()
    context = {
        "course": course,
        "sessions": list(course.sessions.all()),
        "counts": course_counts(course=course),
        "state": state,
        "mine": mine,
        "person": person,
        "my_price": price_for(course, person.organisation) if person else None,
        "can_enrol": perms.can_enrol_self(user, course) and state == "open" and mine is None,
        "can_enrol_colleagues": colleagues and state == "open",
        "org_enrolments": (
            enrolment_list_for_organisation_on_course(
                course=course, organisation_id=person.organisation_id
            )
            if colleagues and person and person.organisation_id
            else None
        ),
        "can_manage": perms.can_manage_course(user, course),
        "can_view_enrolments": perms.can_view_enrolments(user, course),
        "can_cancel": perms.can_cancel_course(user, course),
        "capacity_form": CapacityForm(initial={"capacity": course.capacity}, label=_("Places")),
    }
    return render(request, "learning/course_detail.html", context)


@login_required
@require_POST
def course_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course = visible_course_or_404(request, pk)
    require(perms.can_enrol_self, request.user, course)
    person = person_of(request.user)
    try:
        enrolment = enrolment_create(actor=acting(request.user), course=course, person=person)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(course.get_absolute_url())
    notices: dict[str, str] = {
        Enrolment.Status.ENROLLED: _("You are enrolled. A confirmation is on its way by email."),
        Enrolment.Status.APPLIED: _(
            "Your application is received. You hear from the cluster whether you got a place."
        ),
    }
    if enrolment.status in notices:
        messages.success(request, notices[enrolment.status])
    else:
        messages.info(
            request,
            _("The course is full: you are number %(position)s on the waiting list.")
            % {"position": enrolment.waitlist_position},
        )
    return redirect(enrolment.get_manage_url())


def course_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    course = visible_course_or_404(request, pk)
    response = HttpResponse(course_ics(course), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}.ics"'
    return response


@login_required
def my_courses(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    enrolments = list(enrolment_list_mine(user=request.user)) if person else []
    return render(request, "learning/my_courses.html", {"person": person, "enrolments": enrolments})


def _by_token(token: str) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related(
            "course", "course__cluster", "course__provider", "person", "organisation"
        ),
        token=token,
    )


def manage_enrolment(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link from the mails: status, drop out, certificate (no login needed)."""
    enrolment = _by_token(token)
    if request.method == "POST":
        try:
            enrolment_drop(actor=request.user, enrolment=enrolment)
            messages.success(request, _("You are no longer enrolled on the course."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(enrolment.get_manage_url())
    return render(
        request,
        "learning/manage_enrolment.html",
        {"enrolment": enrolment, "course": enrolment.course},
    )


urlpatterns = [
    path("courses/", course_list, name="list"),
    path("courses/mine/", my_courses, name="mine"),
    path("courses/<int:pk>/", course_detail, name="course"),
    path("courses/<int:pk>/enrol/", course_enrol, name="enrol"),
    path("courses/<int:pk>/course.ics", course_calendar, name="ics"),
    path("courses/e/<str:token>/", manage_enrolment, name="manage_enrolment"),
]
