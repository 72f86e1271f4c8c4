"""Optional TOTP two-factor login, required for officers and superusers by setting (ASVS 2.7/2.8)."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import TwoFactorDevice
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NOW = "2031-03-01 10:00:00+00:00"


def enrol(client: Client) -> tuple[str, list[str]]:
    page = client.get(reverse("accounts:two_factor"))
    html = page.content.decode()
    assert "<svg" in html and 'data-testid="qr"' in html, "the QR code is drawn locally as SVG"
    secret = page.context["secret"]
    done = client.post(reverse("accounts:two_factor"), {"code": pyotp.TOTP(secret).now()})
    return secret, done.context["recovery_codes"]


def test_enrol_then_login_needs_the_code_and_a_code_works_once() -> None:
    user = UserFactory(email="kari@example.org")
    with time_machine.travel(NOW, tick=False) as traveller:
        client = Client()
        client.force_login(user)
        secret, codes = enrol(client)
        assert len(codes) == 10 and TwoFactorDevice.objects.get(user=user).confirmed_at
        client.logout()
        login = client.post(
            reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
        )
        assert login.url == reverse("accounts:two_factor_verify")
        assert "_auth_user_id" not in client.session, "not logged in after the password alone"
        verify = reverse("accounts:two_factor_verify")
        assert client.post(verify, {"code": "000000"}).status_code == 200
        assert "_auth_user_id" not in client.session
        traveller.shift(60)
        code = pyotp.TOTP(secret).now()
        assert client.post(verify, {"code": code}).status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()
        client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
        assert client.post(verify, {"code": code}).status_code == 200, "no replay of a used step"
        assert client.post(verify, {"code": codes[0]}).status_code == 302, "a recovery code"
        client.logout()
        client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
        assert client.post(verify, {"code": codes[0]}).status_code == 200, "used only once"


def test_officers_and_superusers_must_enrol_when_the_setting_says_so(settings: Any) -> None:
    settings.KLYNGE_TWO_FACTOR_REQUIRED_FOR_STAFF = True
    officer = UserFactory(is_programme_officer=True)
    contact = UserFactory()
    with time_machine.travel(NOW, tick=False):
        client = Client()
        client.force_login(officer)
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response.url == reverse("accounts:two_factor")
        other = Client()
        other.force_login(contact)
        assert other.get(reverse("home")).status_code == 200, "optional for everyone else"
        enrol(client)
        assert client.get(reverse("home")).status_code == 200
        page = client.get(reverse("accounts:two_factor")).content.decode()
        assert "Turn off two-factor login" not in page, "cannot be turned off when required"


@pytest.mark.parametrize("required", [False, True])
def test_who_may_work_without_a_second_factor(cast: Any, settings: Any, required: bool) -> None:
    """Role by setting: only officers and superusers need it, and only when the setting says so."""
    from klynge.accounts.permissions import can_work_without_two_factor

    settings.KLYNGE_TWO_FACTOR_REQUIRED_FOR_STAFF = required
    roles = ["anonymous", "staff_a", "manager_a", "officer", "superuser"]
    needing = {role for role in roles if not can_work_without_two_factor(cast.user(role))}
    assert needing == ({"officer", "superuser"} if required else set())
