"""Course team pages: create and edit courses, sessions, places, cancel and delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.registrations.views import cancel_page, capacity_changed, capacity_messages

from .. import permissions as perms
from ..forms.courses import CourseCreateForm, CourseForm, SessionForm
from ..models import CourseSession
from ..selectors.courses import course_counts
from ..services.courses import (
    course_cancel,
    course_create,
    course_delete,
    course_update,
    session_add,
    session_delete,
    session_update,
)
from ..services.enrolments import course_set_capacity
from .helpers import CAPACITY_TEXTS, course_or_404


def _clusters_of(user: Viewer) -> QuerySet[Cluster]:
    """The clusters `user` may offer courses for (can_create_course)."""
    active = Cluster.objects.filter(is_active=True)
    return active.filter(pk__in=[c.pk for c in active if perms.can_create_course(user, c)])


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data.pop("cluster", None)
    return {"topics": data.pop("topics"), "capacity": data.pop("capacity"), **data}


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def course_new(request: HttpRequest) -> HttpResponse:
    clusters = _clusters_of(request.user)
    if not clusters.exists():
        require(perms.can_create_course, request.user, None)
    initial = {"cluster": clusters.filter(slug=request.GET.get("cluster")).first()}
    form = CourseCreateForm(request.POST or None, clusters=clusters, initial=initial)
    if request.method == "POST" and form.is_valid():
        cluster = form.cleaned_data["cluster"]
        require(perms.can_create_course, request.user, cluster)
        try:
            course = course_create(
                actor=acting(request.user), cluster=cluster, **_fields(form.cleaned_data)
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The course was created. Add its sessions next."))
            return redirect("learning:sessions", pk=course.pk)
    return render(request, "learning/course_form.html", {"form": form, "course": None})


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(pk)
    require(perms.can_manage_course, request.user, course)
    form = CourseForm(
        request.POST or None,
        instance=type(course).objects.get(pk=course.pk),
        cluster=course.cluster,
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = course_update(
                actor=acting(request.user), course=course, **_fields(form.cleaned_data)
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The course was saved."))
            capacity_messages(request, outcome, CAPACITY_TEXTS)
            return redirect(course.get_absolute_url())
    return render(request, "learning/course_form.html", {"form": form, "course": course})


@login_required
def sessions(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(pk)
    require(perms.can_manage_course, request.user, course)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_add(actor=acting(request.user), course=course, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The session was added."))
            return redirect("learning:sessions", pk=course.pk)
    return render(
        request,
        "learning/sessions.html",
        {"course": course, "sessions": list(course.sessions.all()), "form": form},
    )


@login_required
def session_edit(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    course = course_or_404(pk)
    require(perms.can_manage_course, request.user, course)
    session = get_object_or_404(
        CourseSession.objects.select_related("course"), pk=session_id, course=course
    )
    form = SessionForm(request.POST or None, instance=CourseSession.objects.get(pk=session.pk))
    if request.method == "POST" and form.is_valid():
        try:
            session_update(actor=acting(request.user), session=session, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("learning:sessions", pk=course.pk)
    return render(
        request, "learning/session_form.html", {"course": course, "session": session, "form": form}
    )


@login_required
@require_POST
def session_remove(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    course = course_or_404(pk)
    require(perms.can_manage_course, request.user, course)
    session = get_object_or_404(
        CourseSession.objects.select_related("course"), pk=session_id, course=course
    )
    session_delete(actor=acting(request.user), session=session)
    messages.success(request, _("The session was removed."))
    return redirect("learning:sessions", pk=course.pk)


@login_required
@require_POST
def course_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(pk)
    require(perms.can_manage_course, request.user, course)
    return capacity_changed(
        request,
        course,
        lambda value: course_set_capacity(
            actor=acting(request.user), course=course, capacity_value=value
        ),
        CAPACITY_TEXTS,
    )


@login_required
def course_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(pk)
    require(perms.can_cancel_course, request.user, course)
    return cancel_page(
        request,
        course,
        cancel=lambda: course_cancel(actor=acting(request.user), course=course),
        done=_("The course is cancelled; %(n)s participants were told by email."),
        template="learning/course_cancel.html",
        context=lambda: {"course": course, "counts": course_counts(course=course)},
    )


@login_required
@require_POST
def course_remove(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(pk)
    require(perms.can_manage_course, request.user, course)
    try:
        course_delete(actor=acting(request.user), course=course)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(course.get_absolute_url())
    messages.success(request, _("The draft was deleted."))
    return redirect("learning:list")


urlpatterns = [
    path("courses/new/", course_new, name="new"),
    path("courses/<int:pk>/edit/", course_edit, name="edit"),
    path("courses/<int:pk>/sessions/", sessions, name="sessions"),
    path("courses/<int:pk>/sessions/<int:session_id>/edit/", session_edit, name="session_edit"),
    path(
        "courses/<int:pk>/sessions/<int:session_id>/delete/", session_remove, name="session_delete"
    ),
    path("courses/<int:pk>/capacity/", course_capacity, name="capacity"),
    path("courses/<int:pk>/cancel/", course_cancel_view, name="cancel"),
    path("courses/<int:pk>/delete/", course_remove, name="delete"),
]
