"""One rule for the `next` page a flow returns to: klynge.core.links.local_next.

Every view that redirects to a `next` refuses another site (and plain http on an https request), and
no view checks a redirect target itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from klynge.clusters.models import ClusterRole
from tests.factories.matchmaking import build_world, make_meeting
from tests.http import client_for

pytestmark = pytest.mark.django_db

REFUSED = ["https://evil.example/", "//evil.example/", "http://testserver/clusters/"]


@pytest.mark.parametrize("target", REFUSED)
def test_language_switch_refuses_a_foreign_next(cast: Any, target: str) -> None:
    response = client_for(cast.staff_a).post(
        reverse("accounts:language"), {"language": "nb", "next": target}, secure=True
    )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("target", REFUSED)
def test_cluster_switch_refuses_a_foreign_next(cast: Any, target: str) -> None:
    ClusterRole.objects.create(user=cast.staff_a, cluster=cast.cluster_b, role="staff")
    response = client_for(cast.staff_a).post(
        reverse("clusters:switch"), {"cluster": "cluster-b", "next": target}, secure=True
    )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("target", REFUSED)
def test_matchmaking_refuses_a_foreign_next(member_cast: Any, target: str) -> None:
    world = build_world(member_cast)
    meeting = make_meeting(world.me, world.other)
    response = client_for(member_cast.staff_a).post(
        reverse("matchmaking:cancel_meeting", args=[meeting.pk]), {"next": target}, secure=True
    )
    assert response.status_code == 302
    assert response["Location"] == world.session.get_absolute_url()


def test_matchmaking_follows_a_local_next(member_cast: Any) -> None:
    world = build_world(member_cast)
    meeting = make_meeting(world.me, world.other)
    response = client_for(member_cast.staff_a).post(
        reverse("matchmaking:cancel_meeting", args=[meeting.pk]), {"next": "/events/"}
    )
    assert response["Location"] == "/events/"


def test_only_links_checks_a_redirect_target() -> None:
    root = Path(__file__).resolve().parents[2] / "klynge"
    checking = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(r"url_has_allowed_host_and_scheme\(", path.read_text())
    }
    assert checking == {"core/links.py"}
