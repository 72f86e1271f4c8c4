"""Registering colleagues can add one not listed yet: the person is written to the contact's
organisation with the registration, in one transaction (a refusal leaves nobody behind)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.accounts.typing import Actor
from klynge.core.models import AuditEntry
from klynge.events.models import Registration
from klynge.learning.models import Enrolment
from klynge.members.models import Person
from tests.factories.events import EventFactory
from tests.factories.learning import CourseFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.usefixtures("run_on_commit")


def logged_in(user: Actor) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_new_colleague_is_added_and_registered_for_an_event(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a)
    PersonFactory(full_name="Anna", organisation=member_cast.org_a)
    client = logged_in(member_cast.contact_a)
    url = reverse("events:colleagues", args=[event.pk])
    page = client.get(url)
    assert "new_name" in page.context["form"].fields
    response = client.post(url, {"new_name": "Nora Ny", "new_email": "nora@org-a.example"})
    assert response.status_code == 302
    nora = Person.objects.get(email="nora@org-a.example")
    assert nora.organisation == member_cast.org_a and nora.full_name == "Nora Ny"
    assert Registration.objects.get(person=nora).status == "confirmed"
    assert AuditEntry.objects.filter(action="klynge.members.person.created").exists()


def test_a_new_colleague_and_chosen_ones_for_a_course(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a)
    ida = PersonFactory(full_name="Ida", organisation=member_cast.org_a)
    client = logged_in(member_cast.contact_a)
    response = client.post(
        reverse("learning:colleagues", args=[course.pk]),
        {"people": [ida.pk], "new_name": "Ole Ny", "new_email": "ole@org-a.example"},
    )
    assert response.status_code == 302
    enrolled = set(Enrolment.objects.values_list("person__full_name", flat=True))
    assert enrolled == {"Ida", "Ole Ny"}


def test_a_refused_registration_leaves_no_new_person(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a)
    existing = PersonFactory(
        full_name="Taken", email="taken@org-a.example", organisation=member_cast.org_a
    )
    client = logged_in(member_cast.contact_a)
    url = reverse("events:colleagues", args=[event.pk])
    twice = client.post(url, {"new_name": "Taken again", "new_email": existing.email})
    assert twice.status_code == 200 and "new_email" in twice.context["form"].errors
    assert Person.objects.filter(email=existing.email).count() == 1
    registered_elsewhere = PersonFactory(
        full_name="Elsewhere", organisation=member_cast.org_b, email="e@org-b.example"
    )
    refused = client.post(
        url,
        {"people": [registered_elsewhere.pk], "new_name": "Kari", "new_email": "kari@a.example"},
    )
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not Person.objects.filter(email="kari@a.example").exists()
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"new_name": ""}, "people"),
        ({"new_name": "No Mail"}, "new_email"),
        ({"new_email": "who@a.example"}, "new_name"),
        ({"new_name": "Bad", "new_email": "not-an-address"}, "new_email"),
    ],
)
def test_what_the_form_refuses(member_cast: Any, data: dict[str, str], field: str) -> None:
    event = EventFactory(cluster=member_cast.cluster_a)
    response = logged_in(member_cast.contact_a).post(
        reverse("events:colleagues", args=[event.pk]), data
    )
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Registration.objects.exists()
