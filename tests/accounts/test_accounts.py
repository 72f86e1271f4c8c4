from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import ApiToken, User
from klynge.accounts.services import api_token_authenticate, api_token_create
from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_case_insensitive() -> None:
    user = User.objects.create_user("Kari@Example.org", "pw-123456789")
    assert user.email == "kari@example.org"
    assert User.objects.get_by_natural_key("KARI@example.ORG") == user


def test_login_form_and_lockout_after_repeated_failures() -> None:
    UserFactory(email="kari@example.org")
    client = Client()
    url = reverse("accounts:login")
    ok = client.post(url, {"username": "kari@example.org", "password": PASSWORD})
    assert ok.status_code == 302
    client.logout()
    for _ in range(3):  # AXES_FAILURE_LIMIT in test settings
        bad = client.post(url, {"username": "kari@example.org", "password": "wrong"})
    assert bad.status_code in (403, 429)
    locked = client.post(url, {"username": "kari@example.org", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "Too many failed logins" in locked.content.decode()


def test_password_reset_sends_mail_with_link(run_on_commit: None) -> None:
    UserFactory(email="kari@example.org")
    Client().post(reverse("accounts:password_reset"), {"email": "kari@example.org"})
    assert len(mail.outbox) == 1
    assert f"{settings.KLYNGE_BASE_URL}/accounts/password/reset/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["kari@example.org"]


def test_token_is_stored_hashed_and_shown_once() -> None:
    user = UserFactory()
    token, raw = api_token_create(actor=user, name="reporting")
    assert raw.startswith("kly_") and raw not in token.token_hash
    assert ApiToken.objects.filter(token_hash=raw).count() == 0
    found = api_token_authenticate(raw)
    assert found is not None and found.user == user
    assert api_token_authenticate(raw + "x") is None
    assert AuditEntry.objects.filter(action="klynge.accounts.api_token.created").count() == 1
    with pytest.raises(ConflictError):
        api_token_create(actor=user, name="reporting")
    with pytest.raises(DomainError):
        api_token_create(actor=user, name="  ")


def test_token_page_shows_new_token_once_and_revokes() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    created = client.post(reverse("accounts:tokens"), {"name": "ci", "scope": "read", "days": "90"})
    raw = created.context["new_token"]
    assert raw in created.content.decode()
    listing = client.get(reverse("accounts:tokens")).content.decode()
    assert raw not in listing and "ci" in listing
    token = ApiToken.objects.get(user=user)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(raw) is None


def test_cannot_revoke_someone_elses_token() -> None:
    owner, other = UserFactory(), UserFactory()
    token, _raw = api_token_create(actor=owner, name="mine")
    client = Client()
    client.force_login(other)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_language_switch_is_remembered_per_user() -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.post(reverse("accounts:language"), {"language": "nb", "next": "/"})
    user.refresh_from_db()
    assert user.language == "nb"
    other_client = Client()
    other_client.force_login(user)
    page = other_client.get("/")
    assert page.context["LANGUAGE_CODE"] == "nb"
    assert "Logg ut" in page.content.decode()


def test_anonymous_language_switch_uses_cookie_and_rejects_foreign_next() -> None:
    client = Client()
    response = client.post(
        reverse("accounts:language"), {"language": "nb", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert "Logg inn" in client.get("/").content.decode()


def test_profile_update_is_audited() -> None:
    user = UserFactory(full_name="Old")
    client = Client()
    client.force_login(user)
    client.post(reverse("accounts:profile"), {"full_name": "New Name", "language": "en"})
    user.refresh_from_db()
    assert user.full_name == "New Name"
    assert AuditEntry.objects.filter(action="klynge.accounts.user.updated", actor=user).exists()
