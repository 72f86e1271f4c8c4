"""Company registration: a member contact registers colleagues and sees who of them is coming."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from klynge.core.permissions import require
from klynge.members.permissions import can_add_person
from klynge.registrations.forms import ColleaguesForm
from klynge.registrations.selectors import colleagues_of, contact_organisation
from klynge.registrations.views import colleagues_taken

from .. import permissions as perms
from .. import selectors
from ..services.registrations import registration_create_colleagues
from .helpers import visible_event_or_404


@login_required
def register_colleagues(request: HttpRequest, pk: int) -> HttpResponse:
    event = visible_event_or_404(request, pk)
    require(perms.can_register_colleagues, request.user, event)
    organisation = contact_organisation(request.user)
    coming = selectors.registration_list_for_organisation(
        event=event, organisation_id=organisation.pk
    )
    registered_ids = {r.person_id for r in coming}
    people = colleagues_of(user=request.user).exclude(pk__in=registered_ids)
    form = ColleaguesForm(
        request.POST or None,
        people=people,
        label=_("Colleagues to register"),
        allow_new=can_add_person(request.user, organisation),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and colleagues_taken(
            request,
            form,
            lambda chosen: registration_create_colleagues(
                actor=request.user, event=event, organisation=organisation, people=chosen
            ),
            organisation=organisation,
            done=_("%(n)s colleagues registered; each gets a confirmation by email."),
        )
    ):
        return redirect("events:colleagues", pk=event.pk)
    return render(
        request,
        "events/colleagues.html",
        {
            "event": event,
            "organisation": organisation,
            "form": form,
            "coming": coming,
            "counts": selectors.event_counts(event=event),
            "open": event.registration_state() == "open",
        },
    )


urlpatterns = [
    path("events/<int:pk>/colleagues/", register_colleagues, name="colleagues"),
]
