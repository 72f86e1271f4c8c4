"""API authentication: the browser session (with CSRF) or a personal bearer token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from klynge.accounts.permissions import can_write_with_token
from klynge.accounts.services import api_token_authenticate
from klynge.core.permissions import require

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class BearerTokenAuth(HttpBearer):
    """A personal token: expired, revoked or stale ones are a 401; a read token that tries to
    change something is a 403 (`can_write_with_token`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_authenticate(token)
        if found is None:
            return None
        if request.method not in SAFE_METHODS:
            require(can_write_with_token, found.user, found)
        request.user = found.user
        return found.user


def anonymous(request: HttpRequest) -> Any:
    """Let a request through without credentials, but not one with bad credentials."""
    if request.headers.get("Authorization"):
        return None
    return AnonymousUser()


bearer_auth = BearerTokenAuth()
session_auth = django_auth
AUTH_REQUIRED = [bearer_auth, session_auth]
AUTH_OPTIONAL = [bearer_auth, session_auth, anonymous]
