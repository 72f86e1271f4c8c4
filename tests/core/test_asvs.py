"""ASVS level 2 where it applies: Content-Security-Policy with no inline script, a session idle
timeout, passwords of at least 12 characters that are not common (checked offline)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories.events import EventFactory
from tests.factories.learning import CourseFactory
from tests.factories.members import MembershipFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def inline_script_problems(html: str) -> list[str]:
    problems = [
        match.group(0)
        for match in SCRIPT.finditer(html)
        if "src=" not in match.group(1) and "application/json" not in match.group(1)
    ]
    problems += [match.group(0)[:80] for match in HANDLER.finditer(html)]
    problems += ["javascript: URL"] if re.search(r"""href=["']\s*javascript:""", html, re.I) else []
    return problems


def main_pages(member_cast: Any) -> list[tuple[Any, str]]:
    event = EventFactory(cluster=member_cast.cluster_a)
    course = CourseFactory(cluster=member_cast.cluster_a)
    project = ProjectFactory(lead_cluster=member_cast.cluster_a)
    MembershipFactory(cluster=member_cast.cluster_b)
    anonymous = [
        reverse("home"),
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("clusters:list"),
        reverse("events:list"),
        event.get_absolute_url(),
        reverse("learning:list"),
        course.get_absolute_url(),
        reverse("programme:calls"),
        "/api/v1/docs",
    ]
    manager = [
        reverse("home"),
        reverse("accounts:profile"),
        reverse("accounts:tokens"),
        reverse("members:directory", args=["cluster-a"]),
        reverse("members:composition", args=["cluster-a"]),
        reverse("clusters:audit", args=["cluster-a"]),
        project.get_absolute_url(),
        reverse("programme:cluster", args=["cluster-a"]),
    ]
    return [(None, url) for url in anonymous] + [(member_cast.manager_a, url) for url in manager]


def test_main_pages_have_no_inline_script_and_send_the_policy(member_cast: Any) -> None:
    failures = {}
    for user, url in main_pages(member_cast):
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        problems = inline_script_problems(response.content.decode())
        if problems:
            failures[url] = problems
    assert failures == {}


def test_the_cluster_switcher_works_without_an_inline_handler(cast: Any) -> None:
    from tests.factories.clusters import ClusterRoleFactory

    ClusterRoleFactory(user=cast.manager_a, cluster=cast.cluster_b, role="staff")
    client = Client()
    client.force_login(cast.manager_a)
    html = client.get(reverse("home")).content.decode()
    assert "data-submit-on-change" in html and "klynge/klynge.js" in html
    assert inline_script_problems(html) == []


def test_a_session_ends_after_the_idle_timeout(settings: Any, cast: Any) -> None:
    settings.KLYNGE_SESSION_IDLE_MINUTES = 30
    with time_machine.travel("2031-05-01 09:00:00+00:00", tick=False) as traveller:
        client = Client()
        client.force_login(cast.manager_a)
        url = reverse("accounts:profile")
        assert client.get(url).status_code == 200
        traveller.shift(29 * 60)
        assert client.get(url).status_code == 200, "activity keeps the session alive"
        traveller.shift(29 * 60)
        assert client.get(url).status_code == 200
        traveller.shift(31 * 60)
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response.url
        assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("password", ["Kort-pass1!", "password1234", "qwertyuiop123"])
def test_short_or_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_passes() -> None:
    validate_password("lunch-fjord-anchor-27")
