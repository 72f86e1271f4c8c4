"""Per-request account rules: the user's saved language, and the session idle timeout."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from klynge.accounts.typing import Actor


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in dict(settings.LANGUAGES):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SessionIdleTimeoutMiddleware:
    """Log out a session that saw no request for `KLYNGE_SESSION_IDLE_MINUTES` (ASVS 3.3.2).

    The last activity is written at most once a minute, so a busy page does not write the session
    on every request.
    """

    KEY = "klynge_last_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - int(last) > settings.KLYNGE_SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif last is None or now - int(last) >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


def mark_session_active(
    sender: Any, request: HttpRequest | None, user: Actor, **kwargs: Any
) -> None:
    """user_logged_in receiver: a new session starts its idle clock at login (no extra write later)."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionIdleTimeoutMiddleware.KEY] = int(time.time())


class TwoFactorRequiredMiddleware:
    """When the setting requires it, officers and superusers without two-factor login set it up first."""

    ALLOWED = ("accounts:two_factor", "accounts:logout", "accounts:language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .two_factor import has_two_factor, two_factor_required

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and two_factor_required(user)
            and not request.path.startswith((settings.STATIC_URL, "/api/"))
            and request.path not in {reverse(name) for name in self.ALLOWED}
            and not has_two_factor(user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
