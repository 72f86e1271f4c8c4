"""Personal agendas: the page, PDF and iCal; booking and cancelling one's own meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError
from klynge.core.links import local_next
from klynge.core.permissions import acting, require

from .. import permissions as perms
from ..calendars import agenda_ics as build_ics
from ..forms import SlotForm
from ..models import MatchmakingSession, Meeting, Participant
from ..pdf import agendas_pdf
from ..selectors.agendas import agenda_for, free_slots
from ..services.meetings import meeting_book, meeting_cancel
from .helpers import participant_in, session_or_404


@login_required
def my_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    me = perms.participant_of(request.user, session)
    if me is None:
        messages.info(request, _("You do not take part in this B2B session."))
        return redirect(session.get_absolute_url())
    return redirect(me.get_absolute_url())


@login_required
def agenda(request: HttpRequest, pk: int, participant_id: int) -> HttpResponse:
    session = session_or_404(request, pk)
    participant = participant_in(session, participant_id)
    require(perms.can_view_agenda, request.user, participant)
    is_organiser = perms.can_view_schedule(request.user, session)
    planned = is_organiser and request.GET.get("view") == "plan"
    own = perms.participant_of(request.user, session)
    is_mine = own is not None and own.pk == participant.pk
    self_booking = session.booking_mode == MatchmakingSession.BookingMode.SELF
    shown = agenda_for(participant, published=not planned)
    can_book = is_mine and self_booking and session.accepts_requests
    return render(
        request,
        "matchmaking/agenda.html",
        {
            "session": session,
            "event": session.event,
            "participant": participant,
            "agenda": shown,
            "planned": planned,
            "is_organiser": is_organiser,
            "can_manage": perms.can_manage_session(request.user, session),
            "is_mine": is_mine,
            "can_book": can_book,
            "free": free_slots(session, [i.meeting for i in shown.waiting]) if can_book else {},
            "can_cancel": is_mine and session.accepts_requests,
            "published": session.published_version > 0 or self_booking,
        },
    )


@login_required
def agenda_pdf(request: HttpRequest, pk: int, participant_id: int) -> HttpResponse:
    session = session_or_404(request, pk)
    participant = participant_in(session, participant_id)
    require(perms.can_view_agenda, request.user, participant)
    pdf = agendas_pdf(session, [participant], published=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="b2b-agenda-{participant.pk}.pdf"'
    return response


def agenda_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The secret calendar link from the agenda page and mails (no login: calendar apps)."""
    participant = (
        Participant.objects.select_related("session__event", "person")
        .filter(token=token, is_active=True)
        .first()
    )
    if participant is None:
        raise Http404(_("No such calendar."))
    response = HttpResponse(build_ics(participant), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="b2b-agenda-{participant.pk}.ics"'
    return response


def _meeting_or_404(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("session__event", "a__person", "b__person"), pk=pk
    )


@login_required
@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    require(perms.can_book_meeting, request.user, meeting)
    session = meeting.session
    organiser = perms.can_manage_session(request.user, session)
    form = SlotForm(request.POST, session=session, with_table=organiser)
    if not form.is_valid():
        messages.error(request, _("Choose a time."))
    else:
        try:
            meeting_book(
                actor=acting(request.user),
                meeting=meeting,
                slot=form.cleaned_data["slot"],
                table=form.cleaned_data.get("table"),
                by_organiser=organiser,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The meeting is booked."))
    return redirect(local_next(request, session.get_absolute_url()))


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    require(perms.can_cancel_meeting, request.user, meeting)
    try:
        meeting_cancel(actor=acting(request.user), meeting=meeting)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The meeting was cancelled."))
    return redirect(local_next(request, meeting.session.get_absolute_url()))


urlpatterns = [
    path("b2b/<int:pk>/agenda/", my_agenda, name="my_agenda"),
    path("b2b/<int:pk>/agenda/<int:participant_id>/", agenda, name="participant"),
    path("b2b/<int:pk>/agenda/<int:participant_id>/agenda.pdf", agenda_pdf, name="agenda_pdf"),
    path("b2b/calendar/<str:token>.ics", agenda_ics, name="agenda_ics"),
    path("b2b/meetings/<int:pk>/book/", book, name="book"),
    path("b2b/meetings/<int:pk>/cancel/", cancel, name="cancel_meeting"),
]
