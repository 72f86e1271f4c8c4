"""Participant pages: the session, joining, the profile, the directory with suggestions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.models import Topic
from klynge.core.errors import DomainError
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from .. import permissions as perms
from ..forms import ProfileForm
from ..models import MeetingRequest
from ..selectors.sessions import participant_list, session_counts
from ..selectors.suggestions import contacted_ids, suggestion_list
from ..services.participants import participant_join, participant_update, participant_withdraw
from .helpers import form_error, my_registration, session_or_404


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    me = perms.participant_of(request.user, session)
    registration = None if me else my_registration(request.user, session)
    return render(
        request,
        "matchmaking/session_detail.html",
        {
            "session": session,
            "event": session.event,
            "me": me,
            "can_join": registration is not None and perms.can_join_session(request.user, session),
            "registered": registration is not None,
            "can_manage": perms.can_manage_session(request.user, session),
            "can_view_schedule": perms.can_view_schedule(request.user, session),
            "counts": session_counts(session=session),
            "suggestions": suggestion_list(participant=me, limit=5) if me else [],
            "my_pending": MeetingRequest.objects.filter(invitee=me, status="pending").count()
            if me
            else 0,
        },
    )


@login_required
@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_join_session, request.user, session)
    registration = my_registration(request.user, session)
    if registration is None:
        messages.error(request, _("Register for the event first."))
        return redirect(session.event.get_absolute_url())
    try:
        participant = participant_join(
            actor=acting(request.user), session=session, registration=registration
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(session.get_absolute_url())
    messages.success(request, _("You take part. Tell others what you offer and look for."))
    return redirect("matchmaking:profile", participant.session_id)


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    me = perms.participant_of(request.user, session)
    if me is None:
        return redirect(session.get_absolute_url())
    require(perms.can_edit_profile, request.user, me)
    initial = {
        "offers": me.offers,
        "needs": me.needs,
        "topics": list(me.topics.all()),
        "arrives_at": me.arrives_at,
        "leaves_at": me.leaves_at,
        "unavailable_slots": me.unavailable_slots,
        "max_meetings": me.max_meetings,
    }
    form = ProfileForm(request.POST or None, initial=initial, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            participant_update(actor=acting(request.user), participant=me, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("matchmaking:participants", session.pk)
    return render(
        request,
        "matchmaking/profile.html",
        {"session": session, "event": session.event, "form": form, "me": me},
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    me = perms.participant_of(request.user, session)
    if me is None:
        return redirect(session.get_absolute_url())
    require(perms.can_edit_profile, request.user, me)
    cancelled = participant_withdraw(actor=acting(request.user), participant=me)
    messages.success(
        request,
        _("You no longer take part. %(n)s meetings were cancelled.") % {"n": len(cancelled)},
    )
    return redirect(session.get_absolute_url())


EXPORT_HEADER = ["Name", "Organisation", "Email", "Topics", "Offers", "Looking for", "Meetings"]


@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponseBase:
    session = session_or_404(request, pk)
    require(perms.can_view_participants, request.user, session)
    me = perms.participant_of(request.user, session)
    search, topic = request.GET.get("q", "").strip(), request.GET.get("topic", "")
    rows = participant_list(session=session, search=search, topic=topic)
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and perms.can_view_schedule(request.user, session):
        data = (
            [
                p.person.full_name,
                p.organisation_label,
                p.person.email,
                ", ".join(t.name for t in p.topics.all()),
                p.offers,
                p.needs,
                p.meeting_count,
            ]
            for p in rows
        )
        name = f"b2b-participants-{session.pk}"
        if export == "csv":
            return csv_response(name, EXPORT_HEADER, data)
        return xlsx_response(name, EXPORT_HEADER, data, title="Participants")
    page = paginate(request, rows)
    return render(
        request,
        "matchmaking/participants.html",
        {
            "session": session,
            "event": session.event,
            "page": page,
            "me": me,
            "search": search,
            "topic": topic,
            "topics": Topic.objects.filter(b2b_profiles__session=session).distinct(),
            "suggestions": suggestion_list(participant=me) if me and not search else [],
            "contacted": contacted_ids(me) if me else set(),
            "can_request": perms.can_request_meeting(request.user, session),
            "can_export": perms.can_view_schedule(request.user, session),
            "profile_url": reverse("matchmaking:profile", args=[session.pk]),
        },
    )


urlpatterns = [
    path("b2b/<int:pk>/", session_detail, name="session"),
    path("b2b/<int:pk>/join/", join, name="join"),
    path("b2b/<int:pk>/profile/", profile, name="profile"),
    path("b2b/<int:pk>/withdraw/", withdraw, name="withdraw"),
    path("b2b/<int:pk>/participants/", participants, name="participants"),
]
