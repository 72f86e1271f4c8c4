"""Company registration: a member contact registers colleagues and sees who of them is coming."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from klynge.core.permissions import acting, require
from klynge.registrations.selectors import contact_organisation
from klynge.registrations.views import colleagues_page

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
    return colleagues_page(
        request,
        organisation=organisation,
        holders=coming,
        take=lambda chosen: registration_create_colleagues(
            actor=acting(request.user), event=event, organisation=organisation, people=chosen
        ),
        label=_("Colleagues to register"),
        done=_("%(n)s colleagues registered; each gets a confirmation by email."),
        back=reverse("events:colleagues", args=[event.pk]),
        template="events/colleagues.html",
        context=lambda: {
            "event": event,
            "coming": coming,
            "counts": selectors.event_counts(event=event),
            "open": event.registration_state() == "open",
        },
    )


urlpatterns = [
    path("events/<int:pk>/colleagues/", register_colleagues, name="colleagues"),
]
