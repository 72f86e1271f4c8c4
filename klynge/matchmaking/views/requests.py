"""Meeting requests: send one, answer them, and the organiser's list of every request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.display import choice_labels
from klynge.core.errors import DomainError
from klynge.core.exports import QUERY_CHUNK_ROWS, csv_response, xlsx_response
from klynge.core.links import local_next
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from .. import permissions as perms
from ..forms import RequestForm, SlotForm
from ..models import MatchmakingSession, MeetingRequest
from ..selectors.sessions import request_list, session_counts
from ..services.requests import request_accept, request_create, request_decline, request_withdraw
from .helpers import form_error, participant_in, session_or_404


@login_required
def request_new(request: HttpRequest, pk: int, participant_id: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_request_meeting, request.user, session)
    me = perms.participant_of(request.user, session)
    invitee = participant_in(session, participant_id)
    form = RequestForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            sent = request_create(
                actor=acting(request.user),
                requester=me,  # type: ignore[arg-type]  # can_request_meeting: `me` is not None
                invitee=invitee,
                message=form.cleaned_data["message"],
                proposed_slot=form.cleaned_data.get("proposed_slot"),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            if sent.status == MeetingRequest.Status.ACCEPTED:
                messages.success(request, _("The meeting is on your list."))
            else:
                messages.success(
                    request,
                    _("Request sent to %(name)s. You get a mail when they answer.")
                    % {"name": invitee},
                )
            return redirect(local_next(request, reverse("matchmaking:participants", args=[pk])))
    return render(
        request,
        "matchmaking/request_form.html",
        {"session": session, "event": session.event, "invitee": invitee, "form": form},
    )


@login_required
def requests_mine(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    me = perms.participant_of(request.user, session)
    if me is None:
        return redirect(session.get_absolute_url())
    rows = list(request_list(session=session, participant=me)[:500])
    self_booking = session.booking_mode == MatchmakingSession.BookingMode.SELF
    return render(
        request,
        "matchmaking/requests_mine.html",
        {
            "session": session,
            "event": session.event,
            "me": me,
            "received": [r for r in rows if r.invitee_id == me.pk and r.status == "pending"],
            "sent": [r for r in rows if r.requester_id == me.pk and r.status == "pending"],
            "answered": [r for r in rows if r.status != "pending"],
            "slot_form": SlotForm(session=session) if self_booking else None,
            "open": session.accepts_requests,
        },
    )


def _request_or_404(pk: int) -> MeetingRequest:
    return get_object_or_404(
        MeetingRequest.objects.select_related(
            "session__event", "requester__person", "invitee__person"
        ),
        pk=pk,
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("accept", "decline", "withdraw"):
        raise Http404
    meeting_request = _request_or_404(pk)
    session = meeting_request.session
    default = reverse("matchmaking:requests_mine", args=[session.pk])
    try:
        if action == "accept":
            require(perms.can_answer_request, request.user, meeting_request)
            form = SlotForm(request.POST, session=session)
            slot = form.cleaned_data["slot"] if form.is_valid() else None
            request_accept(actor=acting(request.user), request=meeting_request, slot=slot)
            messages.success(request, _("Accepted: the meeting is on both agendas."))
        elif action == "decline":
            require(perms.can_answer_request, request.user, meeting_request)
            request_decline(actor=acting(request.user), request=meeting_request)
            messages.success(request, _("Declined."))
        else:
            require(perms.can_withdraw_request, request.user, meeting_request)
            request_withdraw(actor=acting(request.user), request=meeting_request)
            messages.success(request, _("Request withdrawn."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(local_next(request, default))


EXPORT_COLUMNS = (
    "requester__person__full_name",
    "requester__organisation__name",
    "requester__registration__organisation_name",
    "invitee__person__full_name",
    "invitee__organisation__name",
    "invitee__registration__organisation_name",
    "status",
    "created_at",
    "message",
)


def _export_rows(requests: QuerySet[MeetingRequest]) -> Iterator[list[Any]]:
    """Export rows, streamed in chunks as tuples of the exported columns (a participant's
    organisation, else the one named at registration, without a query per row); labels once."""
    statuses = choice_labels(MeetingRequest.Status.choices)
    rows = requests.values_list(*EXPORT_COLUMNS).iterator(chunk_size=QUERY_CHUNK_ROWS)
    for sender, sender_org, sender_named, to, to_org, to_named, status, sent, message in rows:
        yield [
            sender,
            sender_org if sender_org is not None else sender_named or "",
            to,
            to_org if to_org is not None else to_named or "",
            statuses.get(status, status),
            sent.strftime("%Y-%m-%d %H:%M"),
            message,
        ]


EXPORT_HEADER = ["From", "From organisation", "To", "To organisation", "Status", "Sent", "Message"]


@login_required
def requests_all(request: HttpRequest, pk: int) -> HttpResponseBase:
    session = session_or_404(request, pk)
    require(perms.can_view_schedule, request.user, session)
    status = request.GET.get("status", "")
    if status not in MeetingRequest.Status.values:
        status = ""
    search = request.GET.get("q", "").strip()
    rows = request_list(session=session, status=status, search=search)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        data = _export_rows(rows)
        name = f"b2b-requests-{session.pk}"
        if export == "csv":
            return csv_response(name, EXPORT_HEADER, data)
        return xlsx_response(name, EXPORT_HEADER, data, title="Requests")
    return render(
        request,
        "matchmaking/requests_all.html",
        {
            "session": session,
            "event": session.event,
            "page": paginate(request, rows),
            "status": status,
            "search": search,
            "statuses": MeetingRequest.Status.choices,
            "counts": session_counts(session=session),
            "can_manage": perms.can_manage_session(request.user, session),
        },
    )


urlpatterns = [
    path("b2b/<int:pk>/meet/<int:participant_id>/", request_new, name="request_new"),
    path("b2b/<int:pk>/requests/", requests_mine, name="requests_mine"),
    path(
        "b2b/requests/<int:pk>/<str:action>/",
        answer,
        name="answer",
    ),
    path("b2b/<int:pk>/manage/requests/", requests_all, name="requests_all"),
]
