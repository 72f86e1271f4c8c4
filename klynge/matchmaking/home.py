"""B2B widgets on the home page: requests waiting in the cluster's sessions, a person's B2B day."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.accounts.typing import Viewer
from klynge.clusters.permissions import can_see_team_duties
from klynge.core.extensions import HomeScope, Section, register
from klynge.core.permissions import acting
from klynge.members.permissions import can_view_own_organisation


def _waiting_requests(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors.home import session_list_waiting_requests

    items = [
        {
            "text": ngettext(
                "%(n)d B2B request waits for an answer in %(session)s",
                "%(n)d B2B requests wait for an answer in %(session)s",
                session.waiting,
            )
            % {"n": session.waiting, "session": session.event.title},
            "url": reverse("matchmaking:requests_all", args=[session.pk]) + "?status=pending",
            "meta": formats.date_format(session.day, "SHORT_DATE_FORMAT"),
        }
        for session in session_list_waiting_requests(cluster=scope.cluster)
    ]
    return {
        "title": _("B2B requests"),
        "items": items,
        "empty": _("No B2B request waits for an answer."),
    }


def _my_b2b(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors.home import participation_list_for_user

    items = []
    for participant in participation_list_for_user(user=acting(viewer)):  # shown when logged in
        session = participant.session
        if participant.to_answer:
            items.append(
                {
                    "text": ngettext(
                        "%(n)d meeting request waits for your answer",
                        "%(n)d meeting requests wait for your answer",
                        participant.to_answer,
                    )
                    % {"n": participant.to_answer},
                    "url": reverse("matchmaking:requests_mine", args=[session.pk]),
                    "meta": session.event.title,
                    "urgent": True,
                }
            )
        items.append(
            {
                "text": ngettext(
                    "%(n)d B2B meeting at %(event)s",
                    "%(n)d B2B meetings at %(event)s",
                    participant.meetings,
                )
                % {"n": participant.meetings, "event": session.event.title},
                "url": reverse("matchmaking:my_agenda", args=[session.pk]),
                "meta": formats.date_format(session.day, "SHORT_DATE_FORMAT"),
            }
        )
    return {
        "title": _("My B2B meetings"),
        "items": items,
        "empty": _("You take part in no coming B2B session."),
    }


def register_home() -> None:
    template = "components/home_widget.html"
    register(
        "home",
        Section(
            "b2b-requests",
            gettext_lazy("B2B requests"),
            template,
            _waiting_requests,
            order=35,
            visible=lambda viewer, scope: can_see_team_duties(viewer, scope.cluster),
        ),
    )
    register(
        "home",
        Section(
            "my-b2b",
            gettext_lazy("My B2B meetings"),
            template,
            _my_b2b,
            order=20,
            visible=lambda viewer, scope: can_view_own_organisation(viewer),
        ),
    )
