"""Menus come from the pages' own predicates: an entry is shown exactly when its page opens."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.core import navigation
from tests.factories.accounts import UserFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff_a", "staff_b", "manager_a", "officer", "superuser", "contact_a"]


def _evaluator() -> Any:
    from klynge.programme.models import Evaluator

    return Evaluator.objects.create(user=UserFactory()).user


@pytest.mark.parametrize("role", ROLES)
def test_cluster_menu_shows_what_opens(member_cast: Any, role: str) -> None:
    user = member_cast.user(role)
    client = client_for(user)
    for entry in navigation.registered("cluster"):
        shown = entry.visible(user, member_cast.cluster_a)
        status = client.get(entry.path(member_cast.cluster_a)).status_code
        assert shown == (status == 200), (entry.key, role, status)


@pytest.mark.parametrize("role", [*ROLES, "evaluator"])
def test_main_and_account_menus_show_what_opens(member_cast: Any, role: str) -> None:
    user = _evaluator() if role == "evaluator" else member_cast.user(role)
    client = client_for(user)
    for menu in ("main", "account"):
        for entry in navigation.registered(menu):
            shown = entry.visible(user, None)
            response = client.get(entry.path(None), follow=shown)
            if shown:
                assert response.status_code == 200, (entry.key, role)
            elif entry.key in {"admin", "profile"}:
                assert response.status_code in (302, 403), (entry.key, role)


def test_menus_differ_by_role(member_cast: Any) -> None:
    def keys(user: Any, menu: str = "main", obj: Any = None) -> set[str]:
        return {e["key"] for e in navigation.entries(menu, user, obj)}

    evaluator = _evaluator()
    assert "reviews" in keys(evaluator) and "programme" not in keys(evaluator)
    assert "my-organisation" in keys(member_cast.contact_a)
    assert "programme" not in keys(member_cast.contact_a)
    assert {"programme", "reviews"} & keys(member_cast.officer) == {"programme"}
    assert "ideas" not in keys(member_cast.officer, "cluster", member_cast.cluster_a)
    assert "composition" not in keys(member_cast.contact_a, "cluster", member_cast.cluster_a)


def test_current_entry_is_the_longest_match() -> None:
    from django.contrib.auth.models import AnonymousUser

    found = navigation.entries("main", AnonymousUser(), current="/events/12/")
    assert [e["key"] for e in found if e["current"]] == ["events"]


def test_unknown_menu_is_refused() -> None:
    with pytest.raises(ValueError):
        navigation.add("sidebar", "x", "X", "home", lambda user, obj: True)
