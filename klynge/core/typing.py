"""Who acts and who asks, as core names them; and the request an htmx view reads.

Core sits below accounts (DESIGN.md), so it cannot name Klynge's User model; it names Django's
base classes instead. Apps above accounts use `klynge.accounts.typing` (`Actor`, `Viewer`), whose
types fit these.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

# A logged-in user of any user model (whoever acts in a service).
BaseActor: TypeAlias = AbstractBaseUser
# Whoever asks: a logged-in user or an anonymous visitor (predicates, visibility filters).
BaseViewer: TypeAlias = AbstractBaseUser | AnonymousUser


class HtmxRequest(HttpRequest):
    """A request as a view gets it: django-htmx's middleware (settings.MIDDLEWARE) has set `htmx`,
    which is false unless htmx sent the request. Annotate a view's `request` with it to read it."""

    htmx: HtmxDetails
