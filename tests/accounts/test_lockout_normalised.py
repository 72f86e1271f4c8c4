"""The login lockout counts one address however it is typed (issue 12.2)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from klynge.core.identity import normalise_email
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_normalise_email_strips_and_folds_case() -> None:
    assert normalise_email("  Kari@Example.ORG \n") == "kari@example.org"
    assert normalise_email(None) == ""


def test_changing_case_or_adding_spaces_does_not_reset_the_lockout() -> None:
    UserFactory(email="kari@example.org")
    client = Client()
    url = reverse("accounts:login")
    for variant in ("Kari@Example.org", " kari@EXAMPLE.org ", "KARI@example.org"):  # limit 3
        client.post(url, {"username": variant, "password": "wrong"})
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["kari@example.org"]
    for variant in ("kari@example.org", "KaRi@example.org", " kari@example.org"):
        locked = client.post(url, {"username": variant, "password": PASSWORD})
        assert locked.status_code in (403, 429), variant
        assert "_auth_user_id" not in client.session


def test_admin_login_shares_the_lockout() -> None:
    UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client = Client()
    for variant in ("Root@example.org", "ROOT@example.org", "root@Example.org"):
        client.post(reverse("accounts:login"), {"username": variant, "password": "wrong"})
    response = client.post(
        reverse("admin:login"), {"username": "ROOT@EXAMPLE.ORG", "password": PASSWORD}
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_login_works_with_any_case_and_spaces() -> None:
    UserFactory(email="kari@example.org")
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": " KARI@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_password_reset_finds_the_address_in_any_case(run_on_commit: None) -> None:
    UserFactory(email="kari@example.org")
    Client().post(reverse("accounts:password_reset"), {"email": " KARI@Example.org "})
    assert [message.to for message in mail.outbox] == [["kari@example.org"]]
