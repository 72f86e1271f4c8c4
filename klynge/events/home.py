"""The events' widgets on the home page: the team's new registrations, a person's coming events."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.accounts.typing import Viewer
from klynge.clusters.permissions import can_see_team_duties
from klynge.core.extensions import HomeScope, Section, register
from klynge.members.permissions import can_view_own_organisation


def _registrations_today(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors import registration_counts_today

    items = [
        {
            "text": ngettext(
                "%(n)d new registration for %(event)s",
                "%(n)d new registrations for %(event)s",
                event.new_today,
            )
            % {"n": event.new_today, "event": event.title},
            "url": reverse("events:participants", args=[event.pk]),
            "meta": formats.date_format(event.starts_at, "SHORT_DATE_FORMAT"),
        }
        for event in registration_counts_today(cluster=scope.cluster)
    ]
    return {
        "title": _("Registrations today"),
        "items": items,
        "empty": _("No new registrations today."),
        "links": [(_("Events"), reverse("events:list") + f"?cluster={scope.cluster.slug}")],
    }


def _my_events(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors import registration_list_upcoming_for_user

    items = [
        {
            "text": registration.event.title,
            "url": registration.event.get_absolute_url(),
            "meta": formats.date_format(registration.event.starts_at, "SHORT_DATETIME_FORMAT")
            + ("" if registration.status != "waitlisted" else " · " + _("waiting list")),
        }
        for registration in registration_list_upcoming_for_user(user=viewer)
    ]
    return {
        "title": _("My events"),
        "items": items,
        "empty": _("You are not registered for a coming event."),
        "links": [
            (_("All my events"), reverse("events:mine")),
            (_("Events"), reverse("events:list")),
        ],
    }


def register_home() -> None:
    template = "components/home_widget.html"
    register(
        "home",
        Section(
            "events-today",
            gettext_lazy("Registrations today"),
            template,
            _registrations_today,
            order=30,
            visible=lambda viewer, scope: can_see_team_duties(viewer, scope.cluster),
        ),
    )
    register(
        "home",
        Section(
            "my-events",
            gettext_lazy("My events"),
            template,
            _my_events,
            order=10,
            visible=lambda viewer, scope: can_view_own_organisation(viewer),
        ),
    )
