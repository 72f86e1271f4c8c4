"""Organiser views of the schedule: the slots x tables grid, meetings (add, place, fix, remove,
order), every participant's agenda, and statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core import charts
from klynge.core.errors import DomainError
from klynge.core.exports import csv_response, xlsx_response
from klynge.core.links import local_next
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from .. import permissions as perms
from ..forms import MeetingAddForm, PrecedenceForm, SlotForm
from ..models import Meeting, Precedence
from ..pdf import agendas_pdf
from ..selectors.agendas import build_agendas, grid
from ..selectors.sessions import meeting_list, participant_list
from ..selectors.stats import schedule_statistics
from ..services.meetings import (
    meeting_add,
    meeting_set_fixed,
    meeting_unbook,
    precedence_add,
    precedence_remove,
)
from .helpers import form_error, session_or_404

GRID_HEADER = [
    "Slot",
    "Time",
    "Table",
    "Participant",
    "Organisation",
    "Participant",
    "Organisation",
    "Fixed",
    "Published",
]


@login_required
def schedule_grid(request: HttpRequest, pk: int) -> HttpResponseBase:
    session = session_or_404(request, pk)
    require(perms.can_view_schedule, request.user, session)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        data = (
            [
                m.slot,
                session.slot(m.slot).label,  # type: ignore[union-attr]  # placed: a slot of the session
                session.table_name(m.table),
                m.a.person.full_name,
                m.a.organisation_label,
                m.b.person.full_name,
                m.b.organisation_label,
                "yes" if m.fixed else "",
                "" if m.is_changed else "yes",
            ]
            for m in meeting_list(session=session, state="placed")
        )
        name = f"b2b-schedule-{session.pk}"
        if export == "csv":
            return csv_response(name, GRID_HEADER, data)
        return xlsx_response(name, GRID_HEADER, data, title="Schedule")
    return render(
        request,
        "matchmaking/grid.html",
        {"session": session, "event": session.event, "rows": grid(session)},
    )


@login_required
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_view_schedule, request.user, session)
    can_manage = perms.can_manage_session(request.user, session)
    form = MeetingAddForm(request.POST or None, session=session)
    if request.method == "POST":
        require(perms.can_manage_session, request.user, session)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting_add(
                    actor=acting(request.user),
                    session=session,
                    first=data["first"],
                    second=data["second"],
                    restriction=data["restriction"],
                    priority=data["priority"],
                    slot=data["slot"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The meeting was added."))
                return redirect("matchmaking:meetings", pk)
    state, search = request.GET.get("state", ""), request.GET.get("q", "").strip()
    precedences = Precedence.objects.filter(session=session).select_related(
        "before__a__person", "before__b__person", "after__a__person", "after__b__person"
    )
    page = paginate(request, meeting_list(session=session, state=state, search=search))
    for meeting in page.object_list:
        found = session.slot(meeting.slot)
        meeting.slot_label = found.label if found else ""
    return render(
        request,
        "matchmaking/meetings.html",
        {
            "session": session,
            "event": session.event,
            "page": page,
            "state": state,
            "search": search,
            "form": form,
            "slot_form": SlotForm(session=session, with_table=True),
            "precedence_form": PrecedenceForm(session=session),
            "precedences": precedences,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("session__event"), pk=pk)
    require(perms.can_manage_session, request.user, meeting.session)
    default = reverse("matchmaking:meetings", args=[meeting.session_id])
    try:
        if action == "fix":
            meeting_set_fixed(actor=acting(request.user), meeting=meeting, fixed=True)
        elif action == "unfix":
            meeting_set_fixed(actor=acting(request.user), meeting=meeting, fixed=False)
        elif action == "unplace":
            meeting_unbook(actor=acting(request.user), meeting=meeting, by_organiser=True)
        else:
            messages.error(request, _("Unknown action."))
            return redirect(local_next(request, default))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(local_next(request, default))


@login_required
@require_POST
def precedence(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_manage_session, request.user, session)
    if request.POST.get("remove"):
        found = get_object_or_404(Precedence, session=session, pk=request.POST["remove"])
        precedence_remove(actor=acting(request.user), precedence=found)
        messages.success(request, _("The order was removed."))
        return redirect("matchmaking:meetings", pk)
    form = PrecedenceForm(request.POST, session=session)
    if form.is_valid():
        try:
            precedence_add(
                actor=acting(request.user),
                before=form.cleaned_data["before"],
                after=form.cleaned_data["after"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The order was saved."))
    else:
        messages.error(request, _("Choose two meetings."))
    return redirect("matchmaking:meetings", pk)


@login_required
def agendas(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_view_schedule, request.user, session)
    planned = request.GET.get("view") != "published"
    people = participant_list(session=session, search=request.GET.get("q", "").strip())
    if request.GET.get("export") == "pdf":
        pdf = agendas_pdf(session, list(people), published=not planned)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="b2b-agendas-{session.pk}.pdf"'
        return response
    page = paginate(request, people, per_page=10)
    found = build_agendas(session, page.object_list, published=not planned)
    return render(
        request,
        "matchmaking/agendas.html",
        {
            "session": session,
            "event": session.event,
            "page": page,
            "agendas": [found[p.pk] for p in page.object_list],
            "planned": planned,
            "search": request.GET.get("q", ""),
        },
    )


@login_required
def statistics(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    require(perms.can_view_schedule, request.user, session)
    stats = schedule_statistics(session=session)
    charts_svg = {}
    if stats.placed:
        charts_svg["slots"] = charts.bar_chart(
            [s["slot"].starts_at.strftime("%H:%M") for s in stats.slot_use],
            [s["meetings"] for s in stats.slot_use],
            title=str(_("Meetings per slot")),
            chart_id=f"b2b-slots-{session.pk}",
        )
        charts_svg["gaps"] = charts.bar_chart(
            [str(k) for k in stats.gap_histogram],
            list(stats.gap_histogram.values()),
            title=str(_("Participants by idle gaps")),
            chart_id=f"b2b-gaps-{session.pk}",
        )
    return render(
        request,
        "matchmaking/statistics.html",
        {
            "session": session,
            "event": session.event,
            "stats": stats,
            "charts": charts_svg,
            "report": session.run_report or {},
            "can_manage": perms.can_manage_session(request.user, session),
        },
    )


urlpatterns = [
    path("b2b/<int:pk>/manage/schedule/", schedule_grid, name="grid"),
    path("b2b/<int:pk>/manage/meetings/", meetings, name="meetings"),
    path("b2b/meetings/<int:pk>/manage/<str:action>/", meeting_action, name="meeting_action"),
    path("b2b/<int:pk>/manage/precedences/", precedence, name="precedence"),
    path("b2b/<int:pk>/manage/agendas/", agendas, name="agendas"),
    path("b2b/<int:pk>/manage/statistics/", statistics, name="statistics"),
]
