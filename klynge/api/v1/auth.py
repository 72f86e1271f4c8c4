"""API authentication: the browser session (with CSRF) or a personal bearer token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from klynge.accounts.services import api_token_authenticate


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


def anonymous(request: HttpRequest) -> Any:
    """Let a request through without credentials, but not one with bad credentials."""
    if request.headers.get("Authorization"):
        return None
    return AnonymousUser()


bearer_auth = BearerTokenAuth()
session_auth = django_auth
AUTH_REQUIRED = [bearer_auth, session_auth]
AUTH_OPTIONAL = [bearer_auth, session_auth, anonymous]
