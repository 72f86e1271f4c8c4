"""Participants: list, search, CSV/XLSX exports, add, cancel, no-shows, feedback requests, badges."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.core.display import choice_labels
from klynge.core.errors import DomainError
from klynge.core.exports import QUERY_CHUNK_ROWS, csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require
from klynge.registrations.forms import GuestForm

from .. import permissions as perms
from .. import selectors
from ..badges import badges_pdf
from ..forms import ParticipantFilterForm
from ..models import ACTIVE_STATUSES, Registration
from ..services.attendance import event_mark_no_shows
from ..services.feedback import feedback_request_send
from ..services.registrations import registration_cancel, registration_create
from .helpers import event_or_404

PARTICIPANT_HEADER = [
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Organisation"),
    gettext_lazy("Status"),
    gettext_lazy("Waiting position"),
    gettext_lazy("Source"),
    gettext_lazy("Registered"),
    gettext_lazy("Checked in"),
]


EXPORT_COLUMNS = (
    "person__full_name",
    "person__email",
    "organisation__name",
    "organisation_name",
    "status",
    "waitlist_position",
    "source",
    "created_at",
    "checked_in_at",
    "answers",
)


def _participant_rows(questions: list[Any], registrations: Any) -> Iterator[list[Any]]:
    """Export rows, streamed over the registrations in chunks as tuples of the exported columns
    (no model instances per row); labels translated once."""
    statuses = choice_labels(Registration.Status.choices)
    sources = choice_labels(Registration.Source.choices)
    zone = timezone.get_current_timezone()

    def moment(value: Any) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    rows = registrations.values_list(*EXPORT_COLUMNS)
    for (
        name,
        email,
        org,
        org_name,
        status,
        position,
        source,
        created,
        checked,
        answers,
    ) in rows.iterator(chunk_size=QUERY_CHUNK_ROWS):
        yield [
            name,
            email,
            org if org is not None else org_name,
            statuses.get(status, status),
            position,
            sources.get(source, source),
            moment(created),
            moment(checked),
            *(_answer(answers.get(q.key)) for q in questions),
        ]


def _answer(value: Any) -> Any:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return value if value is not None else ""


@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    event = event_or_404(pk, team_page=True)
    require(perms.can_view_participants, request.user, event)
    form = ParticipantFilterForm(request.GET or None)
    search = status = ""
    if form.is_valid():
        search, status = form.cleaned_data["q"], form.cleaned_data["status"]
    registrations = selectors.registration_list_for_event(event=event, search=search, status=status)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        questions = list(event.questions.all())
        header = [str(h) for h in PARTICIPANT_HEADER] + [q.label for q in questions]
        rows = _participant_rows(questions, registrations)
        filename = f"event-{event.pk}-participants"
        if export == "csv":
            return csv_response(filename, header, rows)
        return xlsx_response(filename, header, rows, title=_("Participants"))
    counts = selectors.event_counts(event=event)
    everyone = None if search or status else sum(counts[s] or 0 for s in ACTIVE_STATUSES)
    page = paginate(request, registrations, per_page=50, count=everyone)
    can_manage = perms.can_manage_event(request.user, event)
    return render(
        request,
        "events/participants.html",
        {
            "event": event,
            "form": form,
            "page": page,
            "counts": counts,
            "can_manage": can_manage,
            "add_form": GuestForm() if can_manage else None,
            "comments": selectors.feedback_comments(event=event)[:50],
            "feedback": selectors.feedback_summary(event=event, attended=counts["attended"]),
        },
    )


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff register someone (also for invitation-only or closed events)."""
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    form = GuestForm(request.POST)
    if form.is_valid():
        try:
            registration = registration_create(
                actor=request.user,
                event=event,
                guest=form.guest(),
                source=Registration.Source.STAFF,
            )
            messages.success(
                request,
                _("%(name)s was registered (%(status)s).")
                % {
                    "name": registration.person.full_name,
                    "status": registration.get_status_display(),
                },
            )
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Give a name and a valid email address."))
    return redirect("events:participants", pk=event.pk)


@login_required
@require_POST
def registration_cancel_view(request: HttpRequest, pk: int, registration_id: int) -> HttpResponse:
    """Cancel on someone's behalf: host team, or the member contact of the person's organisation."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "person"), pk=registration_id, event_id=pk
    )
    require(perms.can_cancel_registration, request.user, registration)
    try:
        registration_cancel(actor=request.user, registration=registration)
        messages.success(
            request, _("The registration of %(name)s is cancelled.") % {"name": registration.person}
        )
    except DomainError as error:
        messages.error(request, error.message)
    next_url = "events:detail"
    if perms.can_view_participants(request.user, registration.event):
        next_url = "events:participants"
    elif perms.can_register_colleagues(request.user, registration.event):
        next_url = "events:colleagues"
    return redirect(next_url, pk=pk)


@login_required
@require_POST
def mark_no_shows(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    try:
        count = event_mark_no_shows(actor=acting(request.user), event=event)
        messages.success(request, _("%(n)s people were marked as no-shows.") % {"n": count})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("events:participants", pk=pk)


@login_required
@require_POST
def request_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    try:
        count = feedback_request_send(actor=acting(request.user), event=event)
        messages.success(
            request, _("The feedback form was mailed to %(n)s attendees.") % {"n": count}
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("events:participants", pk=pk)


@login_required
def badges(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    response = HttpResponse(badges_pdf(event), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="event-{event.pk}-badges.pdf"'
    return response


urlpatterns = [
    path("events/<int:pk>/participants/", participants, name="participants"),
    path("events/<int:pk>/participants/add/", participant_add, name="participant_add"),
    path(
        "events/<int:pk>/registrations/<int:registration_id>/cancel/",
        registration_cancel_view,
        name="registration_cancel",
    ),
    path("events/<int:pk>/no-shows/", mark_no_shows, name="no_shows"),
    path("events/<int:pk>/feedback-requests/", request_feedback, name="request_feedback"),
    path("events/<int:pk>/badges.pdf", badges, name="badges"),
]
