"""Automated abuse (issue 12.7): rate limits per client and per address in a shared cache, and a
bot check on public forms. One mechanism (klynge/core/ratelimit.py, klynge/core/botcheck.py)."""

from __future__ import annotations

import json
import os
import time
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from klynge.core.botcheck import HONEYPOT, STAMP
from klynge.core.ratelimit import Rate
from klynge.events.models import Registration
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("KLYNGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture
def limits(settings: Any) -> Any:
    settings.KLYNGE_RATE_LIMITS_ENABLED = True
    settings.KLYNGE_RATE_LIMITS = {
        "login": {"ip": "6/10m", "address": "4/10m"},
        "password_reset": {"ip": "10/h", "address": "3/h"},
        "registration": {"ip": "5/h", "address": "2/h"},
        "public_form": {"ip": "30/h"},
    }
    caches[settings.KLYNGE_RATE_LIMIT_CACHE].clear()
    yield settings
    caches[settings.KLYNGE_RATE_LIMIT_CACHE].clear()


def guest(n: int, email: str | None = None) -> dict[str, str]:
    return {"full_name": f"Guest {n}", "email": email or f"guest{n}@example.org"}


def test_rates_parse() -> None:
    assert Rate.parse("5/h") == Rate(5, 3600) and Rate.parse("30/10m") == Rate(30, 600)
    with pytest.raises(ValueError):
        Rate.parse("lots")


def test_guest_registration_is_limited_per_client_address(limits: Any) -> None:
    event = EventFactory(capacity=10)
    url = reverse("events:register", args=[event.pk])
    client = Client()
    answers = [client.post(url, guest(n)).status_code for n in range(8)]
    assert answers[:5] == [302] * 5 and answers[5:] == [429] * 3
    assert Registration.objects.filter(event=event).count() == 5
    refused = client.post(url, guest(99))
    assert "Too many attempts" in refused.content.decode() and int(refused["Retry-After"]) > 0
    other_client = Client(REMOTE_ADDR="10.9.8.7")
    assert other_client.post(url, guest(100)).status_code == 302


def test_guest_registration_is_limited_per_address_across_clients(limits: Any) -> None:
    event = EventFactory(capacity=10)
    url = reverse("events:register", args=[event.pk])
    statuses = [
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(url, guest(n, " Same@Example.org")).status_code
        for n in range(4)
    ]
    assert statuses[2:] == [429, 429]


def test_the_api_refuses_with_429_in_the_one_error_format(limits: Any) -> None:
    event = EventFactory(capacity=100)
    client = Client()
    url = f"/api/v1/events/{event.pk}/registrations"
    responses = [
        client.post(url, json.dumps(guest(n)), content_type="application/json") for n in range(6)
    ]
    assert [r.status_code for r in responses[:5]] == [201] * 5
    assert responses[5].status_code == 429
    assert responses[5].json() == {
        "detail": "Too many attempts. Wait a little and try again.",
        "code": "rate_limited",
        "field": None,
    }


def test_logged_in_people_are_not_counted(limits: Any, member_cast: Any) -> None:
    client = Client()
    client.force_login(member_cast.contact_a)
    for _ in range(8):
        event = EventFactory(capacity=10)
        assert client.post(reverse("events:register", args=[event.pk])).status_code == 302


def test_password_reset_is_limited_per_address(limits: Any, run_on_commit: None) -> None:
    UserFactory(email="kari@example.org")
    url = reverse("accounts:password_reset")
    statuses = [
        Client(REMOTE_ADDR=f"10.0.1.{n}").post(url, {"email": "KARI@example.org"}).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_login_is_limited_per_client_address(limits: Any) -> None:
    client = Client()
    url = reverse("accounts:login")
    statuses = [
        client.post(url, {"username": f"u{n}@example.org", "password": "x"}).status_code
        for n in range(8)
    ]
    assert statuses[:6] == [200] * 6 and statuses[6:] == [429, 429]


def test_the_window_passes(limits: Any) -> None:
    with time_machine.travel("2031-01-01 10:00:00+00:00", tick=False) as traveller:
        event = EventFactory(capacity=20)
        url = reverse("events:register", args=[event.pk])
        for n in range(5):
            assert Client().post(url, guest(n)).status_code == 302
        assert Client().post(url, guest(6)).status_code == 429
        traveller.shift(3601)
        assert Client().post(url, guest(7)).status_code == 302


def test_counts_are_shared_through_redis(limits: Any) -> None:
    """Several app servers share the counts: two cache clients see one counter in Redis."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # pragma: no cover - depends on the machine
        if os.environ.get("CI"):
            pytest.fail(f"Redis is needed at {REDIS_URL} (.ci/run starts it): {error}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    limits.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
    }
    limits.KLYNGE_RATE_LIMIT_CACHE = "ratelimit"
    caches["ratelimit"].clear()
    event = EventFactory(capacity=20)
    url = reverse("events:register", args=[event.pk])
    for n in range(5):
        assert Client().post(url, guest(n)).status_code == 302
    keys = redis.Redis.from_url(REDIS_URL).keys("*klynge:rl:registration:ip:*")
    assert keys, "the counter lives in Redis"
    caches["ratelimit"].close()  # as if another process asked
    assert Client().post(url, guest(6)).status_code == 429
    caches["ratelimit"].clear()


def test_bot_check_refuses_the_honeypot_and_instant_posts(settings: Any) -> None:
    settings.KLYNGE_BOTCHECK_ENABLED = True
    settings.KLYNGE_BOTCHECK_MIN_SECONDS = 3
    event = EventFactory(capacity=10)
    page = Client().get(event.get_absolute_url())
    form = page.context["form"]
    stamp = form.fields[STAMP].initial
    assert 'class="field bot-trap"' in page.content.decode()
    url = reverse("events:register", args=[event.pk])
    instant = Client().post(url, {**guest(1), STAMP: stamp})
    assert instant.status_code == 200 and "could not be accepted" in instant.content.decode()
    unsigned = Client().post(url, {**guest(2), STAMP: "123"})
    assert unsigned.status_code == 200
    later = time.time() + 5
    with time_machine.travel(later, tick=False):
        trapped = Client().post(url, {**guest(3), STAMP: stamp, HONEYPOT: "http://spam"})
        assert trapped.status_code == 200
        person = Client().post(url, {**guest(4), STAMP: stamp})
        assert person.status_code == 302
    assert list(Registration.objects.values_list("person__email", flat=True)) == [
        "guest4@example.org"
    ]


def test_password_reset_form_has_the_bot_check(settings: Any) -> None:
    settings.KLYNGE_BOTCHECK_ENABLED = True
    UserFactory(email="kari@example.org")
    response = Client().post(reverse("accounts:password_reset"), {"email": "kari@example.org"})
    assert response.status_code == 200 and not mail.outbox
