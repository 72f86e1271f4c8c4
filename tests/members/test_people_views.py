"""Person pages on the web: role-by-action tables, what each viewer sees, forms with field errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from klynge.core.models import AuditEntry
from klynge.members.models import Invitation, Person
from tests.factories.members import PersonFactory
from tests.http import client_as

ROLES = [
    "anonymous",
    "contact_a",
    "contact_b",
    "staff_a",
    "staff_b",
    "manager_a",
    "officer",
    "superuser",
]

# action -> (consent of the org A person, allowed roles)
TABLE: dict[str, tuple[bool, set[str]]] = {
    "view_consented": (
        True,
        {"contact_a", "contact_b", "staff_a", "manager_a", "officer", "superuser"},
    ),
    "view": (False, {"contact_a", "staff_a", "manager_a", "officer", "superuser"}),
    "edit": (False, {"contact_a", "staff_a", "manager_a", "superuser"}),
    "export": (False, {"manager_a", "superuser"}),
    "anonymise": (False, {"manager_a", "superuser"}),
    "invite": (True, {"manager_a", "superuser"}),
    "add_colleague": (False, {"contact_a", "staff_a", "manager_a", "superuser"}),
}


def _request(client: Client, action: str, person: Person) -> Any:
    if action in {"view", "view_consented"}:
        return client.get(reverse("members:person", args=[person.pk]))
    if action == "edit":
        return client.get(reverse("members:person_edit", args=[person.pk]))
    if action == "export":
        return client.get(reverse("members:person_export", args=[person.pk]))
    if action == "anonymise":
        return client.get(reverse("members:person_anonymise", args=[person.pk]))
    if action == "invite":
        return client.post(reverse("members:person_invite", args=[person.pk]))
    return client.get(reverse("members:person_create", args=[person.organisation_id]))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(TABLE))
def test_person_actions_role_table(
    member_cast: Any, action: str, role: str, django_capture_on_commit_callbacks: Any
) -> None:
    consent, allowed = TABLE[action]
    person = PersonFactory(organisation=member_cast.org_a, consent_directory=consent)
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(client_as(member_cast, role), action, person)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif role in allowed:
        expected = 302 if action == "invite" else 200
        assert response.status_code == expected, response.content[:300]
    else:
        assert response.status_code == 403
    invited = Invitation.objects.filter(person=person).exists()
    assert invited is (action == "invite" and role in allowed)
    assert len(mail.outbox) == (1 if invited else 0)


def test_page_shows_consents_with_times_and_login_status_to_the_team(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a, full_name="Kari Nordmann")
    from klynge.members.services.people import person_update

    person_update(actor=member_cast.staff_a, person=person, consent_directory=True)
    person.refresh_from_db()
    response = client_as(member_cast, "staff_a").get(person.get_absolute_url())
    body = response.content.decode()
    assert "Kari Nordmann" in body
    assert 'data-testid="consents"' in body
    assert 'data-testid="login-status"' in body
    assert "No login" in body
    assert str(person.consent_directory_at.year) in body
    # staff cannot invite: only managers
    assert reverse("members:person_invite", args=[person.pk]) not in body
    assert reverse("members:person_export", args=[person.pk]) not in body


def test_other_member_contact_sees_contact_details_but_not_private_sections(
    member_cast: Any,
) -> None:
    person = PersonFactory(
        organisation=member_cast.org_a, consent_directory=True, email="kari@example.org"
    )
    body = client_as(member_cast, "contact_b").get(person.get_absolute_url()).content.decode()
    assert "kari@example.org" in body
    assert 'data-testid="consents"' not in body
    assert 'data-testid="login-status"' not in body
    assert reverse("members:person_edit", args=[person.pk]) not in body


def test_manager_sees_invite_export_and_anonymise(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a)
    body = client_as(member_cast, "manager_a").get(person.get_absolute_url()).content.decode()
    for name in ("person_invite", "person_export", "person_anonymise", "person_edit"):
        assert reverse(f"members:{name}", args=[person.pk]) in body


def test_linked_person_shows_login_and_no_invite_button(member_cast: Any) -> None:
    person = member_cast.contact_a.person
    body = client_as(member_cast, "manager_a").get(person.get_absolute_url()).content.decode()
    assert "Can log in as member contact" in body
    assert reverse("members:person_invite", args=[person.pk]) not in body


def test_person_page_query_count_is_bounded(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    person = PersonFactory(organisation=member_cast.org_a)
    client = client_as(member_cast, "manager_a")
    # The page's own reads plus the events and learning sections other apps register.
    with django_assert_max_num_queries(20):
        assert client.get(person.get_absolute_url()).status_code == 200


def test_person_page_shows_sections_from_events_and_learning(member_cast: Any) -> None:
    from tests.factories.events import EventFactory, RegistrationFactory

    person = PersonFactory(organisation=member_cast.org_a)
    RegistrationFactory(event=EventFactory(title="Grid day"), person=person)
    team = client_as(member_cast, "staff_a").get(person.get_absolute_url()).content.decode()
    assert 'data-testid="person-events"' in team and "Grid day" in team
    other = client_as(member_cast, "contact_b")
    person.consent_directory = True
    person.save()
    assert "Grid day" not in other.get(person.get_absolute_url()).content.decode()


def test_unknown_person_is_404(member_cast: Any) -> None:
    response = client_as(member_cast, "superuser").get(reverse("members:person", args=[999999]))
    assert response.status_code == 404


def test_edit_saves_and_shows_field_errors(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a, full_name="Old Name")
    PersonFactory(organisation=member_cast.org_a, email="taken@example.org")
    client = client_as(member_cast, "contact_a")
    url = reverse("members:person_edit", args=[person.pk])
    data = {"full_name": "New Name", "email": "taken@example.org", "language": "en"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Someone in this organisation already has this email address."]
    }
    response = client.post(url, {**data, "email": "new@example.org", "phone": "abc"})
    assert list(response.context["form"].errors) == ["phone"]
    response = client.post(url, {**data, "email": "new@example.org", "consent_directory": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.email, person.language) == (
        "New Name",
        "new@example.org",
        "en",
    )
    assert person.consent_directory_at is not None
    assert AuditEntry.objects.filter(action="klynge.members.person.updated").count() == 1


def test_add_colleague(member_cast: Any) -> None:
    client = client_as(member_cast, "contact_a")
    url = reverse("members:person_create", args=[member_cast.org_a.pk])
    response = client.post(url, {"full_name": "", "language": "nb"})
    assert list(response.context["form"].errors) == ["full_name"]
    response = client.post(url, {"full_name": "Ny Kollega", "language": "nb", "title": "Analyst"})
    person = Person.objects.get(full_name="Ny Kollega")
    assert response["Location"] == person.get_absolute_url()
    assert person.organisation == member_cast.org_a
    assert not person.consent_directory


def test_anonymised_person_cannot_be_edited_through_the_form(member_cast: Any) -> None:
    person = PersonFactory(organisation=member_cast.org_a)
    from klynge.members.services.personal_data import person_anonymise

    person_anonymise(actor=member_cast.manager_a, person=person)
    client = client_as(member_cast, "staff_a")
    response = client.post(
        reverse("members:person_edit", args=[person.pk]), {"full_name": "Back", "language": "nb"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == f"Anonymised person #{person.pk}"
