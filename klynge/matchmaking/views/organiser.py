"""Organiser pages: create and edit a session, the dashboard with the scheduler, publishing,
reminders and adding participants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.events.models import SEAT_STATUSES, Event, Registration

from .. import permissions as perms
from ..forms import ProfileForm, RunForm, SessionForm
from ..models import MatchmakingSession, Participant
from ..selectors.sessions import session_counts
from ..services.participants import (
    opt_in_questions,
    participant_join,
    participant_update,
    participants_add_opted_in,
)
from ..services.reminders import participants_remind, without_meetings
from ..services.scheduling import schedule_publish, schedule_start
from ..services.sessions import session_create, session_set_status, session_update
from .helpers import form_error, participant_in, session_or_404


@login_required
def session_new(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    require(perms.can_create_session, request.user, event)
    initial = {"day": timezone.localtime(event.starts_at).date()}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(actor=acting(request.user), event=event, **form.values())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The B2B session was created. Open it when you are ready."))
            return redirect("matchmaking:dashboard", session.pk)
    return render(
        request, "matchmaking/session_form.html", {"form": form, "event": event, "session": None}
    )


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_manage_session, request.user, session)
    form = SessionForm(request.POST or None, instance=MatchmakingSession.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            session_update(actor=acting(request.user), session=session, **form.values())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("matchmaking:dashboard", session.pk)
    return render(
        request,
        "matchmaking/session_form.html",
        {"form": form, "event": session.event, "session": session},
    )


@login_required
@require_POST
def session_status(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_manage_session, request.user, session)
    try:
        session_set_status(
            actor=acting(request.user), session=session, status=request.POST.get("status", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Status: %(s)s.") % {"s": session.get_status_display()})
    return redirect("matchmaking:dashboard", pk)


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_view_schedule, request.user, session)
    taken = Participant.objects.filter(session=session).values("person_id")
    candidates = (
        Registration.objects.filter(event_id=session.event_id, status__in=SEAT_STATUSES)
        .exclude(person_id__in=taken)
        .select_related("person")
        .order_by("person__full_name")
    )
    return render(
        request,
        "matchmaking/dashboard.html",
        {
            "session": session,
            "event": session.event,
            "counts": session_counts(session=session),
            "run_form": RunForm(),
            "can_manage": perms.can_manage_session(request.user, session),
            "candidates": candidates[:500],
            "has_opt_in_question": bool(opt_in_questions(session)),
            "without_meetings": without_meetings(session).count(),
            "statuses": MatchmakingSession.Status.choices,
        },
    )


@login_required
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The scheduler panel; htmx polls it every 2 s while a run is queued or running."""
    session = session_or_404(request, pk)
    require(perms.can_view_schedule, request.user, session)
    response = render(
        request,
        "matchmaking/_run_status.html",
        {"session": session, "counts": session_counts(session=session)},
    )
    if getattr(request, "htmx", False) and not session.is_running:
        response["HX-Refresh"] = "true"  # the run ended: reload counts and buttons once
    return response


@login_required
@require_POST
def run(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_manage_session, request.user, session)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a time limit between 1 and 600 seconds."))
        return redirect("matchmaking:dashboard", pk)
    try:
        schedule_start(
            actor=acting(request.user),
            session=session,
            allow_moving=form.cleaned_data["allow_moving"],
            time_limit=float(form.cleaned_data["time_limit"]),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The scheduler has started."))
    return redirect(reverse("matchmaking:dashboard", args=[pk]) + "#scheduler")


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_manage_session, request.user, session)
    try:
        outcome = schedule_publish(actor=acting(request.user), session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Agendas published (version %(v)s): %(n)s meetings new or changed, %(p)s people mailed."
            )
            % {"v": outcome["version"], "n": outcome["changed"], "p": outcome["people"]},
        )
    return redirect("matchmaking:dashboard", pk)


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_manage_session, request.user, session)
    count = participants_remind(actor=acting(request.user), session=session)
    messages.success(
        request, _("%(n)s participants without meetings were reminded.") % {"n": count}
    )
    return redirect("matchmaking:dashboard", pk)


@login_required
@require_POST
def participants_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_manage_session, request.user, session)
    if request.POST.get("opted_in"):
        count = participants_add_opted_in(actor=acting(request.user), session=session)
        messages.success(request, _("%(n)s participants added.") % {"n": count})
        return redirect("matchmaking:dashboard", pk)
    registration = Registration.objects.filter(
        event_id=session.event_id, pk=request.POST.get("registration") or 0
    ).first()
    if registration is None:
        messages.error(request, _("Choose a registered participant."))
        return redirect("matchmaking:dashboard", pk)
    try:
        participant_join(
            actor=acting(request.user),
            session=session,
            registration=registration,
            by_organiser=True,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s takes part.") % {"name": registration.person})
    return redirect("matchmaking:dashboard", pk)


@login_required
def participant_edit(request: HttpRequest, pk: int, participant_id: int) -> HttpResponse:
    """The organiser changes a participant's profile or availability (late changes)."""
    session = session_or_404(request, pk)
    require(perms.can_manage_session, request.user, session)
    participant = participant_in(session, participant_id)
    initial = {
        "offers": participant.offers,
        "needs": participant.needs,
        "topics": list(participant.topics.all()),
        "arrives_at": participant.arrives_at,
        "leaves_at": participant.leaves_at,
        "unavailable_slots": participant.unavailable_slots,
        "max_meetings": participant.max_meetings,
    }
    form = ProfileForm(request.POST or None, initial=initial, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            participant_update(
                actor=acting(request.user),
                participant=participant,
                by_organiser=True,
                **form.cleaned_data,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved. Run the scheduler again if availability changed."))
            return redirect(participant.get_absolute_url())
    return render(
        request,
        "matchmaking/participant_edit.html",
        {"session": session, "event": session.event, "form": form, "participant": participant},
    )


urlpatterns = [
    path(
        "b2b/<int:pk>/manage/participants/<int:participant_id>/",
        participant_edit,
        name="participant_edit",
    ),
    path("events/<int:event_id>/b2b/new/", session_new, name="session_new"),
    path("b2b/<int:pk>/edit/", session_edit, name="session_edit"),
    path("b2b/<int:pk>/status/", session_status, name="session_status"),
    path("b2b/<int:pk>/manage/", dashboard, name="dashboard"),
    path("b2b/<int:pk>/manage/run/", run, name="run"),
    path("b2b/<int:pk>/manage/run/status/", run_status, name="run_status"),
    path("b2b/<int:pk>/manage/publish/", publish, name="publish"),
    path("b2b/<int:pk>/manage/remind/", remind, name="remind"),
    path("b2b/<int:pk>/manage/participants/add/", participants_add, name="participants_add"),
]
