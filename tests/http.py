"""HTTP helpers for tests: a client logged in as someone, JSON requests, whole bodies."""

from __future__ import annotations

import json
from typing import Any, Protocol

from django.test import Client


class HasUsers(Protocol):
    """A cast (tests/conftest.py) or an app's own world fixture: users by role name."""

    def user(self, name: str) -> Any: ...


def user_of(users: Any, role: str) -> Any:
    """The user of ``role`` in a cast, an app's world or the permission world (its ``users``)."""
    if role == "anonymous":
        return None
    if isinstance(getattr(users, "users", None), dict):
        return users.users[role]
    return users.user(role)


def client_for(user: Any = None, **options: Any) -> Client:
    """A test client logged in as ``user``; anonymous for None or an AnonymousUser."""
    client = Client(**options)
    if user is not None and getattr(user, "is_authenticated", False):
        client.force_login(user)
    return client


def client_as(users: HasUsers | Any, role: str, **options: Any) -> Client:
    """A test client logged in as the user of ``role`` in a cast or world ("anonymous": nobody)."""
    return client_for(user_of(users, role), **options)


def send_json(client: Client, method: str, url: str, data: Any = None) -> Any:
    """A JSON request (POST, PUT, PATCH, DELETE) with ``data`` as its body."""
    send = getattr(client, method.lower())
    return send(url, json.dumps(data if data is not None else {}), content_type="application/json")


def body(response: Any) -> bytes:
    """The whole body of a response, streamed (large exports) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
