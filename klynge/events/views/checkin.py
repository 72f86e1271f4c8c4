"""Check-in on the day: search, one-click check-in (htmx partials), live counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_POST

from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require
from klynge.core.typing import HtmxRequest

from .. import permissions as perms
from .. import selectors
from ..models import Registration
from ..services.attendance import registration_check_in, registration_undo_check_in
from .helpers import event_or_404

CHECKIN_STATUSES = (
    Registration.Status.CONFIRMED,
    Registration.Status.ATTENDED,
    Registration.Status.NO_SHOW,
)


@login_required
def checkin(request: HtmxRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    search = request.GET.get("q", "").strip()[:100]
    registrations = selectors.registration_list_for_event(event=event, search=search).filter(
        status__in=CHECKIN_STATUSES
    )
    page = paginate(request, registrations, per_page=100)
    context = {
        "event": event,
        "page": page,
        "q": search,
        "counts": selectors.event_counts(event=event),
    }
    if request.htmx and request.htmx.target == "checkin-rows":
        return render(request, "events/checkin.html#rows", context)
    return render(request, "events/checkin.html", context)


@login_required
@require_POST
def checkin_toggle(request: HttpRequest, pk: int, registration_id: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    registration = get_object_or_404(
        Registration.objects.select_related("person", "organisation"),
        pk=registration_id,
        event=event,
    )
    error = ""
    try:
        if request.POST.get("undo"):
            registration = registration_undo_check_in(
                actor=acting(request.user), registration=registration
            )
        else:
            registration = registration_check_in(
                actor=acting(request.user), registration=registration
            )
    except DomainError as exc:
        error = exc.message
        registration.refresh_from_db()
    context = {
        "event": event,
        "r": registration,
        "error": error,
        "counts": selectors.event_counts(event=event),
        "oob": True,
    }
    return render(request, "events/checkin.html#row-and-counts", context)


@login_required
def checkin_counts(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(pk)
    require(perms.can_manage_event, request.user, event)
    return render(
        request,
        "events/checkin.html#counts",
        {"event": event, "counts": selectors.event_counts(event=event)},
    )


urlpatterns = [
    path("events/<int:pk>/check-in/", checkin, name="checkin"),
    path("events/<int:pk>/check-in/<int:registration_id>/", checkin_toggle, name="checkin_toggle"),
    path("events/<int:pk>/check-in/counts/", checkin_counts, name="checkin_counts"),
]
