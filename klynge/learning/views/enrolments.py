"""The course team's participant list: filters, exports, bulk completion, admission, drop, add."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.core.display import choice_labels
from klynge.core.errors import DomainError
from klynge.core.exports import QUERY_CHUNK_ROWS, csv_response, xlsx_response
from klynge.core.links import local_next
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require
from klynge.members.models import Organisation
from klynge.registrations.forms import GuestForm

from .. import permissions as perms
from ..forms.courses import provider_choices
from ..forms.enrolments import ORGANISATION_HELP, BulkActionForm, EnrolmentFilterForm
from ..models import Course, Enrolment
from ..selectors.courses import course_counts
from ..selectors.enrolments import enrolment_list_for_course
from ..services.bulk import enrolments_admit, enrolments_drop
from ..services.completions import enrolment_complete, enrolment_uncomplete
from ..services.enrolments import enrolment_create, enrolment_drop
from .helpers import course_or_404, enrolment_or_404

HEADER = [
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Organisation"),
    gettext_lazy("Size class"),
    gettext_lazy("Status"),
    gettext_lazy("Waiting position"),
    gettext_lazy("Source"),
    gettext_lazy("Price (NOK)"),
    gettext_lazy("Enrolled"),
    gettext_lazy("Completed"),
    gettext_lazy("Credits"),
    gettext_lazy("Evidence"),
    gettext_lazy("Certificate number"),
]


EXPORT_COLUMNS = (
    "person__full_name",
    "person__email",
    "organisation__name",
    "organisation__size_class",
    "status",
    "waitlist_position",
    "source",
    "fee",
    "enrolled_at",
    "completed_on",
    "credits_earned",
    "completion_evidence",
    "certificate_code",
)


def _rows(enrolments: Any) -> Iterator[list[Any]]:
    """Export rows, streamed in chunks as tuples of the exported columns; labels translated once."""
    sizes = choice_labels(Organisation.SizeClass.choices)
    statuses = choice_labels(Enrolment.Status.choices)
    sources = choice_labels(Enrolment.Source.choices)
    rows = enrolments.values_list(*EXPORT_COLUMNS).iterator(chunk_size=QUERY_CHUNK_ROWS)
    for (
        name,
        email,
        org,
        size,
        status,
        position,
        source,
        fee,
        enrolled,
        completed,
        credits,
        evidence,
        certificate,
    ) in rows:
        yield [
            name,
            email,
            org or "",
            sizes.get(size, ""),
            statuses.get(status, status),
            position or "",
            sources.get(source, source),
            fee,
            timezone.localtime(enrolled).strftime("%Y-%m-%d") if enrolled else "",
            completed.isoformat() if completed else "",
            credits if credits is not None else "",
            evidence,
            certificate,
        ]


def _filtered(request: HttpRequest, course: Course) -> tuple[EnrolmentFilterForm, Any]:
    form = EnrolmentFilterForm(request.GET or None)
    search, status = "", ""
    if form.is_valid():
        search, status = form.cleaned_data["q"], form.cleaned_data["status"]
    return form, enrolment_list_for_course(course=course, search=search, status=status)


@login_required
def enrolment_list(
    request: HttpRequest, pk: int, bulk: BulkActionForm | None = None
) -> HttpResponse | StreamingHttpResponse:
    course = course_or_404(pk)
    require(perms.can_view_enrolments, request.user, course)
    form, enrolments = _filtered(request, course)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        name = f"course-{course.pk}-participants"
        rows = _rows(enrolments)
        if export == "csv":
            return csv_response(name, [str(h) for h in HEADER], rows)
        return xlsx_response(name, [str(h) for h in HEADER], rows, title=_("Participants"))
    page = paginate(request, enrolments, per_page=100)
    manage = perms.can_manage_course(request.user, course)
    return render(
        request,
        "learning/enrolments.html",
        {
            "course": course,
            "form": form,
            "page": page,
            "counts": course_counts(course=course),
            "can_manage": manage,
            "bulk": bulk or BulkActionForm(enrolment_ids=[]),
        },
    )


@login_required
@require_POST
def enrolment_action(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    course = course_or_404(pk)
    require(perms.can_manage_course, request.user, course)
    ids = list(Enrolment.objects.filter(course=course).values_list("pk", flat=True))
    form = BulkActionForm(request.POST, enrolment_ids=ids)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: see the errors below the list."))
        return enrolment_list(request, pk, bulk=form)
    data, chosen = form.cleaned_data, form.cleaned_data["enrolments"]
    try:
        if data["action"] == "complete":
            done = enrolment_complete(
                actor=acting(request.user),
                course=course,
                enrolment_ids=chosen,
                completed_on=data["completed_on"],
                credits=data["credits"],
                evidence=data["evidence"],
            )
            messages.success(
                request,
                _("%(n)s marked completed; certificates are ready and new ones were mailed.")
                % {"n": len(done)},
            )
        else:
            service = enrolments_admit if data["action"] == "admit" else enrolments_drop
            count = service(actor=acting(request.user), course=course, enrolment_ids=chosen)
            messages.success(request, _("%(n)s participants updated.") % {"n": count})
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return enrolment_list(request, pk, bulk=form)
    return redirect("learning:enrolments", pk=course.pk)


@login_required
def enrolment_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(pk)
    require(perms.can_manage_course, request.user, course)
    form = GuestForm(
        request.POST or None,
        organisations=provider_choices(course.cluster, None),
        organisation_help=ORGANISATION_HELP,
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = enrolment_create(
                actor=acting(request.user),
                course=course,
                guest=form.guest(),
                source=Enrolment.Source.STAFF,
            )
        except DomainError as error:
            field = "email" if error.field == "person" else error.field
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s was added (%(status)s).")
                % {"name": enrolment.person.full_name, "status": enrolment.get_status_display()},
            )
            return redirect("learning:enrolments", pk=course.pk)
    return render(request, "learning/enrolment_add.html", {"course": course, "form": form})


@login_required
@require_POST
def enrolment_drop_view(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """Drop from a logged-in page: the team, the person, or their organisation's member contact."""
    enrolment = enrolment_or_404(enrolment_id)
    require(perms.can_drop_enrolment, request.user, enrolment)
    try:
        enrolment_drop(actor=acting(request.user), enrolment=enrolment)
        messages.success(
            request, _("%(name)s is no longer enrolled.") % {"name": enrolment.person.full_name}
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(local_next(request, enrolment.course.get_absolute_url()))


@login_required
@require_POST
def enrolment_uncomplete_view(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = enrolment_or_404(enrolment_id)
    require(perms.can_manage_course, request.user, enrolment.course)
    try:
        enrolment_uncomplete(actor=acting(request.user), enrolment=enrolment)
        messages.success(
            request, _("The completion was undone; the certificate is no longer valid.")
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("learning:enrolments", pk=enrolment.course_id)


urlpatterns = [
    path("courses/<int:pk>/enrolments/", enrolment_list, name="enrolments"),
    path("courses/<int:pk>/enrolments/action/", enrolment_action, name="enrolments_action"),
    path("courses/<int:pk>/enrolments/add/", enrolment_add, name="enrolment_add"),
    path("courses/enrolments/<int:enrolment_id>/drop/", enrolment_drop_view, name="drop"),
    path(
        "courses/enrolments/<int:enrolment_id>/uncomplete/",
        enrolment_uncomplete_view,
        name="uncomplete",
    ),
]
