"""Organisation page tabs: filled by other apps through the extension registry, else placeholders."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(user: Any, organisation: Any, **params: str) -> str:
    client = Client()
    client.force_login(user)
    url = reverse("members:organisation", args=[organisation.pk])
    return client.get(url, params).content.decode()


@pytest.mark.parametrize(
    ("tab", "marker"),
    [
        ("events", 'data-testid="events-attended"'),
        ("projects", 'data-testid="organisation-projects"'),
        ("courses", 'data-testid="organisation-courses"'),
    ],
)
def test_tabs_registered_by_other_apps_render_on_their_tab(
    member_cast: Any, tab: str, marker: str
) -> None:
    overview = page(member_cast.staff_a, member_cast.org_a)
    assert f'href="?tab={tab}"' in overview and marker not in overview
    html = page(member_cast.staff_a, member_cast.org_a, tab=tab)
    assert marker in html
    assert 'data-testid="profile"' not in html


def test_a_registered_tab_the_viewer_may_not_see_is_absent(member_cast: Any) -> None:
    html = page(member_cast.officer, member_cast.org_a)
    assert 'href="?tab=courses"' not in html  # learning shows it to contacts and teams


@pytest.mark.parametrize(
    ("tab", "text"),
    [
        ("events", "appear when the meeting places module is in use"),
        ("projects", "appears when the projects module is in use"),
        ("courses", "appear when the learning module is in use"),
    ],
)
def test_tabs_of_modules_not_installed_say_so(
    member_cast: Any, monkeypatch: Any, tab: str, text: str
) -> None:
    from klynge.core import extensions
    from klynge.members.views import organisations as views

    monkeypatch.setattr(views, "module_in_use", lambda app: False)
    monkeypatch.setattr(extensions, "_REGISTRY", {})
    html = page(member_cast.staff_a, member_cast.org_a, tab=tab)
    assert 'data-testid="tab-empty"' in html and text in html
    assert 'data-testid="profile"' not in html
