"""Stored links are http(s) only, on every path in, and render safely (issue 12.3)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from klynge.core.errors import DomainError
from klynge.core.weblinks import WebURLField, is_web_url, normalise_web_url
from klynge.events.models import Event
from klynge.events.services.events import event_update
from klynge.learning.models import CourseSession
from klynge.members.imports.brreg import clean_website
from klynge.members.models import Organisation
from klynge.projects.models import Outcome, Project
from klynge.projects.services.outcomes import outcome_record
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.learning import CourseFactory
from tests.factories.members import OrganisationFactory
from tests.factories.projects import OutcomeFactory, ProjectFactory

# Fixed dates (2031) stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = pytest.mark.usefixtures("frozen_clock")

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example.org/x",
    "ftp://files.example.org/x",
    "https://exa mple.org",
]


def send(user: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(user)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("value", HOSTILE)
def test_only_http_and_https_links_pass(value: str) -> None:
    assert not is_web_url(value)


def test_links_are_normalised() -> None:
    assert normalise_web_url(" www.example.no ") == "https://www.example.no"
    assert normalise_web_url("http://example.no/a?b=1") == "http://example.no/a?b=1"
    assert normalise_web_url("") == ""


@pytest.mark.parametrize("raw", ["www.eksempel.no", "javascript:alert(1)", "http://x.no/a b"])
def test_brreg_websites_are_a_subset_of_the_one_validator(raw: str) -> None:
    cleaned = clean_website(raw)
    assert cleaned == "" or is_web_url(cleaned)


def test_every_url_field_uses_the_one_validator() -> None:
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("klynge.")
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField) and not isinstance(field, WebURLField)
    ]
    assert plain == []


@pytest.mark.django_db
def test_event_online_link_through_the_api(cast: Any) -> None:
    payload = {
        "cluster": "cluster-a",
        "title": "Webinar",
        "starts_at": "2031-03-04T09:00:00+01:00",
        "ends_at": "2031-03-04T10:00:00+01:00",
        "online_url": "javascript:alert(document.cookie)",
    }
    created = send(cast.staff_a, "post", "/api/v1/events", payload)
    assert created.status_code in (400, 422)
    assert not Event.objects.exists()
    event = EventFactory(cluster=cast.cluster_a)
    patched = send(cast.staff_a, "patch", f"/api/v1/events/{event.pk}", payload)
    assert patched.status_code in (400, 422)
    event.refresh_from_db()
    assert event.online_url == ""
    good = send(
        cast.staff_a, "patch", f"/api/v1/events/{event.pk}", {"online_url": "meet.example.org/x"}
    )
    assert good.status_code == 200
    event.refresh_from_db()
    assert event.online_url == "https://meet.example.org/x"


@pytest.mark.django_db
def test_outcome_evidence_and_project_website_through_the_api(member_cast: Any) -> None:
    project = ProjectFactory(lead_cluster=member_cast.cluster_a)
    outcome = send(
        member_cast.staff_a,
        "post",
        f"/api/v1/projects/{project.pk}/outcomes",
        {
            "kind": "jobs",
            "date": "2022-01-10",
            "description": "Hired",
            "evidence_url": "javascript:alert(1)",
        },
    )
    assert outcome.status_code in (400, 422)
    assert not Outcome.objects.exists()
    for method, url in (
        ("patch", f"/api/v1/projects/{project.pk}"),
        ("post", "/api/v1/clusters/cluster-a/projects"),
    ):
        response = send(
            member_cast.staff_a, method, url, {"title": "P", "website": "javascript:alert(1)"}
        )
        assert response.status_code in (400, 422), url
    assert not Project.objects.filter(website__startswith="javascript").exists()


@pytest.mark.django_db
def test_organisation_website_and_session_link_through_the_api(member_cast: Any) -> None:
    response = send(
        member_cast.staff_a,
        "patch",
        f"/api/v1/organisations/{member_cast.org_a.pk}",
        {"website": "javascript:alert(1)"},
    )
    assert response.status_code in (400, 422)
    assert not Organisation.objects.filter(website__startswith="javascript").exists()
    course = CourseFactory(cluster=member_cast.cluster_a, sessions=0)
    response = send(
        member_cast.staff_a,
        "post",
        f"/api/v1/courses/{course.pk}/sessions",
        {
            "starts_at": "2031-01-01T08:00:00Z",
            "ends_at": "2031-01-01T12:00:00Z",
            "online_url": "javascript:alert(1)",
        },
    )
    assert response.status_code in (400, 422)
    assert not CourseSession.objects.exists()


@pytest.mark.django_db
def test_label_evidence_through_the_api(cast: Any) -> None:
    response = send(
        cast.officer,
        "post",
        "/api/v1/programme/clusters/cluster-a/labels",
        {"grade": "gold", "awarded_on": "2024-01-01", "evidence_url": "javascript:alert(1)"},
    )
    assert response.status_code in (400, 422)
    assert not cast.cluster_a.labels.exists()


@pytest.mark.django_db
def test_services_refuse_script_links(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a)
    with pytest.raises(DomainError) as caught:
        event_update(actor=member_cast.staff_a, event=event, online_url="javascript:alert(1)")
    assert caught.value.field == "online_url"
    project = ProjectFactory(lead_cluster=member_cast.cluster_a)
    with pytest.raises(DomainError):
        outcome_record(
            actor=member_cast.staff_a,
            project=project,
            kind="jobs",
            date=project.created_at.date(),
            description="x",
            evidence_url="javascript:alert(1)",
        )


@pytest.mark.django_db
def test_web_forms_refuse_script_links(cast: Any) -> None:
    from tests.events.test_views_staff import event_form

    client = Client()
    client.force_login(cast.staff_a)
    response = client.post(
        "/events/new/", event_form(cluster=cast.cluster_a.pk, online_url="javascript:alert(1)")
    )
    assert response.status_code == 200 and response.context["form"].errors.get("online_url")
    assert not Event.objects.exists()
    organisation = OrganisationFactory()
    form_class = Organisation._meta.get_field("website").formfield().__class__
    assert form_class.__name__ == "WebURLFormField"
    assert organisation.website == "" or is_web_url(organisation.website)


@pytest.mark.django_db
def test_links_stored_before_the_fix_do_not_render_as_script(member_cast: Any) -> None:
    event = EventFactory(cluster=member_cast.cluster_a)
    Event.objects.filter(pk=event.pk).update(online_url="javascript:alert(document.cookie)")
    registration = RegistrationFactory(event=event)
    page = Client().get(registration.get_manage_url()).content.decode()
    assert 'href="javascript:' not in page
    project = ProjectFactory(lead_cluster=member_cast.cluster_a)
    OutcomeFactory(project=project)
    Outcome.objects.update(evidence_url="javascript:alert(1)")
    Project.objects.filter(pk=project.pk).update(website="javascript:alert(1)")
    client = Client()
    client.force_login(member_cast.staff_a)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "javascript:alert" in page  # shown as text, never as a link
    assert 'href="javascript:' not in page
