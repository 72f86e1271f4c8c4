"""Small helpers shared by the matchmaking views."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from klynge.accounts.typing import Viewer
from klynge.core.errors import DomainError
from klynge.events.models import Registration

from .. import permissions as perms
from ..models import MatchmakingSession, Participant
from ..selectors.sessions import registration_for_user, session_get


def session_or_404(request: HttpRequest, pk: int) -> MatchmakingSession:
    """A session the user may see; others are 'not found' (their existence is not revealed)."""
    try:
        session = session_get(pk=pk)
    except MatchmakingSession.DoesNotExist as exc:
        raise Http404(_("No such B2B session.")) from exc
    if not perms.can_view_session(request.user, session):
        raise Http404(_("No such B2B session."))
    return session


def participant_in(session: MatchmakingSession, pk: int) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("person", "organisation", "registration"),
        session=session,
        pk=pk,
    )


def my_registration(user: Viewer, session: MatchmakingSession) -> Registration | None:
    return registration_for_user(user=user, session=session)


def form_error(form: forms.BaseForm, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)
