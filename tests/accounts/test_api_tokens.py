"""API tokens: scopes (a read token cannot change anything), expiry, and revocation of every token
when the password changes (on the page, by reset, or anywhere else)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from klynge.accounts.models import ApiToken
from klynge.accounts.services import api_token_authenticate, api_token_create
from klynge.core.audit import AuditEntry
from klynge.core.errors import DomainError
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterRoleFactory

pytestmark = pytest.mark.django_db
PASSWORD = "an old and long passphrase"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_org(raw: str) -> Any:
    return Client().post(
        "/api/v1/organisations",
        json.dumps({"name": "Scripted AS", "country": "NO"}),
        content_type="application/json",
        **bearer(raw),
    )


@pytest.fixture
def staff() -> Any:
    """A cluster staff member (may register organisations) with a known password."""
    user = UserFactory(email="staff@example.org")
    ClusterRoleFactory(user=user, role="staff")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_read_token_reads_but_cannot_write(staff: Any) -> None:
    _token, raw = api_token_create(actor=staff, name="reports")
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200
    refused = post_org(raw)
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "You do not have permission to do this.",
        "code": "forbidden",
        "field": None,
    }


def test_write_token_writes(staff: Any) -> None:
    _token, raw = api_token_create(actor=staff, name="sync", scope="write")
    assert post_org(raw).status_code == 201


def test_read_is_the_default_scope(staff: Any) -> None:
    token, _raw = api_token_create(actor=staff, name="default")
    assert token.scope == ApiToken.Scope.READ


def test_expired_token_is_refused(staff: Any) -> None:
    token, raw = api_token_create(actor=staff, name="short", days=7)
    assert token.expires_at - timezone.now() > timedelta(days=6, hours=23)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_token_authenticate(raw) is None
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401


@pytest.mark.parametrize(
    ("fields", "field"), [({"scope": "admin"}, "scope"), ({"days": 3650}, "days")]
)
def test_unknown_scope_or_lifetime_is_refused(staff: Any, fields: dict, field: str) -> None:
    with pytest.raises(DomainError) as error:
        api_token_create(actor=staff, name="x", **fields)
    assert error.value.field == field


def test_password_change_revokes_every_token(staff: Any) -> None:
    tokens = [api_token_create(actor=staff, name=f"t{n}", scope="write") for n in range(2)]
    client = Client()
    client.force_login(staff)
    new = "a new and even longer passphrase"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    for token, raw in tokens:
        token.refresh_from_db()
        assert token.revoked_at is not None and token.revoked_reason == "password_changed"
        assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401
    revoked = AuditEntry.objects.filter(action="klynge.accounts.api_token.revoked")
    assert revoked.count() == 2
    # A token made after the change works.
    staff.refresh_from_db()
    _token, fresh = api_token_create(actor=staff, name="after")
    assert Client().get("/api/v1/me", **bearer(fresh)).status_code == 200


def test_password_reset_revokes_every_token(staff: Any) -> None:
    token, raw = api_token_create(actor=staff, name="script")
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    key = default_token_generator.make_token(staff)
    client = Client()
    start = client.get(reverse("accounts:password_reset_confirm", args=[uid, key]))
    new = "a brand new long passphrase"
    client.post(start.url, {"new_password1": new, "new_password2": new})
    token.refresh_from_db()
    assert token.revoked_reason == "password_changed"
    assert api_token_authenticate(raw) is None
    assert mail.outbox == []


def test_a_password_set_anywhere_else_kills_the_token_at_its_next_use(staff: Any) -> None:
    token, raw = api_token_create(actor=staff, name="script")
    staff.set_password("changed in the admin site")
    staff.save()
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_reason == "password_changed"


def test_tokens_page_shows_scope_expiry_and_why_a_token_died(staff: Any) -> None:
    client = Client()
    client.force_login(staff)
    created = client.post(
        reverse("accounts:tokens"), {"name": "ci", "scope": "write", "days": "30"}
    )
    assert created.status_code == 200 and created.context["new_token"]
    token = ApiToken.objects.get(user=staff, name="ci")
    assert token.scope == "write"
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "Read and write" in page and "active" in page
    staff.set_password("changed elsewhere")
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "revoked: password changed" in page
