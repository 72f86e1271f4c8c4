"""Rate limits per client address and per email address, counted in the shared cache.

One mechanism for every anonymous write (login, password reset, guest registration for events,
courses and B2B, ...): a view is decorated with `@rate_limited("scope", address_field="email")`, an
API operation calls `check_rate(request, "scope", address=payload.email)`. Limits are declared per
scope in `settings.KLYNGE_RATE_LIMITS` ({"scope": {"ip": "20/h", "address": "5/h"}}) and counted in
`settings.KLYNGE_RATE_LIMIT_CACHE` (Redis through REDIS_URL when several app servers run; local
memory in development). A refusal is a `RateLimited` error: 429 in the one error format (the API's
handler, or `RateLimitMiddleware` for pages, which adds `Retry-After`).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .errors import DomainError, error_response
from .identity import normalise_email

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(DomainError):
    status_code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(_("Too many attempts. Wait a little and try again."), code="rate_limited")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "5/h", "30/m", "100/10m" (count per period)."""
        count, _slash, period = text.partition("/")
        unit = period[-1:]
        multiple = int(period[:-1] or 1)
        if unit not in PERIODS or not count.isdigit():
            raise ValueError(f"Rate {text!r} must look like '5/h' or '30/10m'.")
        return cls(int(count), multiple * PERIODS[unit])


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind a proxy, the first address it forwarded (trusted setting)."""
    if settings.KLYNGE_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def _hit(scope: str, kind: str, value: str, rate: Rate) -> int | None:
    """Count one attempt; the seconds to wait when over the limit, else None."""
    now = int(time.time())
    window = now - now % rate.seconds
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"klynge:rl:{scope}:{kind}:{digest}:{window}"
    cache = caches[settings.KLYNGE_RATE_LIMIT_CACHE]
    cache.add(key, 0, timeout=rate.seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.seconds + 5)
        count = 1
    return window + rate.seconds - now if count > rate.count else None


def check_rate(
    request: HttpRequest, scope: str, *, address: Any = None, only_anonymous: bool = True
) -> None:
    """Count this request against the scope's limits; raise RateLimited when one is exceeded.

    Logged-in people are not counted unless `only_anonymous=False` (colleagues behind one office
    address register for the same event; their logins are known and audited).
    """
    if not settings.KLYNGE_RATE_LIMITS_ENABLED:
        return
    if only_anonymous and getattr(request.user, "is_authenticated", False):
        return
    limits = settings.KLYNGE_RATE_LIMITS.get(scope)
    if limits is None:
        raise KeyError(f"No rate limit declared for {scope!r} in KLYNGE_RATE_LIMITS.")
    waits = []
    if "ip" in limits:
        waits.append(_hit(scope, "ip", client_ip(request), Rate.parse(limits["ip"])))
    email = normalise_email(address)
    if email and "address" in limits:
        waits.append(_hit(scope, "address", email, Rate.parse(limits["address"])))
    refused = [wait for wait in waits if wait is not None]
    if refused:
        raise RateLimited(retry_after=max(refused))


def rate_limited(scope: str, *, address_field: str | None = None) -> Callable[..., Any]:
    """View decorator: POSTs count against `scope` (per client, and per address in a form field)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                address = request.POST.get(address_field) if address_field else None
                check_rate(request, scope, address=address)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def refusal_response(request: HttpRequest, error: RateLimited) -> HttpResponse:
    """429 in the one error format (page or, under /api/, JSON) with `Retry-After`."""
    response = error_response(request, 429, detail=error.message, code=error.code)
    response["Retry-After"] = str(error.retry_after)
    return response


class RateLimitMiddleware:
    """Turns a RateLimited raised by a view into the 429 response (with its Retry-After)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return refusal_response(request, exception)
        return None
