"""Small helpers shared by the event views."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Event
from ..permissions import can_view_event


def event_or_404(pk: int, *, team_page: bool = False) -> Event:
    """The event (with topics, co-hosts and questions; a team page needs only the co-hosts)."""
    try:
        if team_page:
            return selectors.event_get_for_team(pk=pk)
        return selectors.event_get(pk=pk)
    except Event.DoesNotExist as exc:
        raise Http404(_("No such event.")) from exc


def visible_event_or_404(request: HttpRequest, pk: int) -> Event:
    """Events a user may not see are 'not found' (their existence is not revealed)."""
    event = event_or_404(pk)
    if not can_view_event(request.user, event):
        raise Http404(_("No such event."))
    return event
