"""Personal data: the JSON export and anonymisation (identity gone everywhere, counts kept)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import ApiToken
from klynge.accounts.services import api_token_create
from klynge.core.models import AuditEntry
from klynge.members.models import Invitation, Person
from klynge.members.services import personal_data
from klynge.members.services.invitations import invitation_send
from klynge.members.services.people import person_create, person_update
from klynge.members.services.personal_data import (
    person_anonymise,
    person_export_data,
)
from tests.factories.accounts import UserFactory
from tests.factories.members import PersonFactory


@pytest.fixture
def kari(member_cast: Any) -> Person:
    """A member contact of org A with consents, an accepted invitation history and a login."""
    person = person_create(
        actor=member_cast.staff_a,
        organisation=member_cast.org_a,
        full_name="Kari Nordmann",
        email="kari@example.org",
        phone="+47 911 22 333",
        title="CTO",
        consent_directory=True,
        consent_newsletter=True,
    )
    invitation_send(actor=member_cast.manager_a, person=person, cluster=member_cast.cluster_a)
    login = UserFactory(email="kari.login@example.org", full_name="Kari N")
    person.user = login
    person.save()
    person_update(actor=login, person=person, title="CEO")
    return Person.objects.get(pk=person.pk)


def test_export_contains_every_section(member_cast: Any, kari: Person) -> None:
    data = person_export_data(actor=member_cast.manager_a, person=kari)
    assert data["format"] == "klynge.person.v1" and data["person_id"] == kari.pk
    assert data["profile"]["full_name"] == "Kari Nordmann"
    assert data["profile"]["email"] == "kari@example.org"
    assert data["profile"]["title"] == "CEO"
    assert data["consents"]["directory"]["given"] is True
    assert data["consents"]["directory"]["at"] == kari.consent_directory_at
    assert data["consents"]["newsletter"]["at"] == kari.consent_newsletter_at
    assert data["organisation"]["name"] == "Org A AS"
    assert data["login"]["email"] == "kari.login@example.org"
    [invitation] = data["invitations"]
    assert invitation["cluster"] == "Cluster A" and invitation["state"] == "open"
    assert invitation["invited_by"] == "manager-a@example.org"
    actions = [entry["action"] for entry in data["audit"]]
    assert actions == [
        "klynge.members.person.created",
        "klynge.members.invitation.sent",
        "klynge.members.person.updated",
    ]


def test_export_is_audited_without_personal_data(member_cast: Any, kari: Person) -> None:
    person_export_data(actor=member_cast.manager_a, person=kari)
    entry = AuditEntry.objects.get(action="klynge.members.person.exported")
    assert entry.actor == member_cast.manager_a
    assert entry.cluster_id == member_cast.cluster_a.pk
    dumped = json.dumps(entry.data)
    assert "Kari" not in dumped and "example.org" not in dumped
    assert "profile" in entry.data["sections"]


def test_other_apps_can_register_sections_and_erasers(
    member_cast: Any, kari: Person, monkeypatch: Any
) -> None:
    from klynge.core import personal_data as registry

    erased: list[int] = []
    monkeypatch.setattr(registry, "_HOOKS", dict(registry._HOOKS))
    registry.register_personal_data(
        registry.PersonalData(
            key="extra",
            fields={},
            export=lambda person: [{"person": person.pk}],
            erase=lambda *, actor, person: erased.append(person.pk),
        )
    )
    data = personal_data.person_export_data(actor=member_cast.manager_a, person=kari)
    assert data["extra"] == [{"person": kari.pk}]
    personal_data.person_anonymise(actor=member_cast.manager_a, person=kari)
    assert erased == [kari.pk]


def test_web_export_is_a_json_download(member_cast: Any, kari: Person) -> None:
    client = Client()
    client.force_login(member_cast.manager_a)
    response = client.get(reverse("members:person_export", args=[kari.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="klynge-person-{kari.pk}.json"'
    )
    assert json.loads(response.content)["profile"]["phone"] == "+47 911 22 333"


def test_anonymise_erases_identity_and_login(member_cast: Any, kari: Person) -> None:
    login = kari.user
    _token, raw = api_token_create(actor=login, name="script")
    people_before = Person.objects.filter(organisation=member_cast.org_a).count()

    person = person_anonymise(actor=member_cast.manager_a, person=kari)

    person.refresh_from_db()
    name = f"Anonymised person #{person.pk}"
    assert person.full_name == name
    assert (person.email, person.phone, person.title) == ("", "", "")
    assert not person.consent_directory and person.consent_directory_at is None
    assert not person.consent_newsletter and person.consent_newsletter_at is None
    assert person.user is None and person.anonymised_at is not None
    assert Person.objects.filter(organisation=member_cast.org_a).count() == people_before
    login.refresh_from_db()
    assert login.email == f"anonymised-{login.pk}@invalid"
    assert not login.is_active and not login.has_usable_password() and login.full_name == ""
    assert not ApiToken.objects.filter(user=login, revoked_at__isnull=True).exists()
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    invitation = Invitation.objects.get(person=person)
    assert invitation.revoked_at is not None
    # no trace of the identity in the audit trail, and none in the new entry's data
    for entry in AuditEntry.objects.all():
        text = f"{entry.actor_label} {entry.target_repr} {json.dumps(entry.data)}"
        assert "Kari" not in text and "kari" not in text, text
    entry = AuditEntry.objects.get(action="klynge.members.person.anonymised")
    assert entry.data["login_deactivated"] is True and entry.data["invitations_revoked"] == 1
    assert "event_registrations" in entry.data["erased"]
    assert entry.target_repr == name


def test_anonymise_is_idempotent(member_cast: Any, kari: Person) -> None:
    first = person_anonymise(actor=member_cast.manager_a, person=kari)
    second = person_anonymise(actor=member_cast.manager_a, person=kari)
    assert first.anonymised_at == second.anonymised_at
    assert AuditEntry.objects.filter(action="klynge.members.person.anonymised").count() == 1


def test_anonymised_identity_is_gone_from_page_api_and_later_export(
    member_cast: Any, kari: Person
) -> None:
    person_anonymise(actor=member_cast.manager_a, person=kari)
    client = Client()
    client.force_login(member_cast.manager_a)
    page = client.get(kari.get_absolute_url()).content.decode()
    api_one = client.get(f"/api/v1/people/{kari.pk}").content.decode()
    api_list = client.get(
        f"/api/v1/organisations/{member_cast.org_a.pk}/people?include_anonymised=true"
    )
    export = client.get(reverse("members:person_export", args=[kari.pk])).content.decode()
    for text in (page, api_one, api_list.content.decode(), export):
        # the whole phone number, not a fragment: "911" alone can occur in a timestamp or an id
        assert "Kari" not in text and "kari@example.org" not in text and "911 22 333" not in text
    assert f"Anonymised person #{kari.pk}" in page
    assert api_list.json()["count"] == 2  # contact_a's person and the anonymised row
    default_list = client.get(f"/api/v1/organisations/{member_cast.org_a.pk}/people").json()
    assert [p["id"] for p in default_list["items"]] == [member_cast.contact_a.person.pk]


def test_anonymise_page_needs_confirmation(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a, full_name="Ola Nordmann")
    client = Client()
    client.force_login(member_cast.manager_a)
    url = reverse("members:person_anonymise", args=[person.pk])
    assert "Ola Nordmann" in client.get(url).content.decode()
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200
    assert list(unconfirmed.context["form"].errors) == ["confirm"]
    person.refresh_from_db()
    assert person.anonymised_at is None
    assert client.post(url, {"confirm": "on"})["Location"] == person.get_absolute_url()
    person.refresh_from_db()
    assert person.anonymised_at is not None
    # a second visit says it is done already instead of asking again
    assert client.get(url)["Location"] == person.get_absolute_url()


def test_staff_cannot_anonymise_by_post(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a)
    client = Client()
    client.force_login(member_cast.staff_a)
    response = client.post(reverse("members:person_anonymise", args=[person.pk]), {"confirm": "on"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.anonymised_at is None
