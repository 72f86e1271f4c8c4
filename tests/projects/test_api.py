"""The projects API: whole bodies for a few endpoints, same predicates as the pages, errors."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from klynge.projects.models import Idea, IdeaInterest, Project, ProjectPartner
from tests.factories.clusters import TopicFactory
from tests.factories.projects import (
    FundingSourceFactory,
    IdeaFactory,
    OutcomeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from tests.http import client_for as api
from tests.http import send_json as send

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(member_cast: Any) -> Project:
    topic = TopicFactory(slug="smart-grids")
    project = ProjectFactory(
        lead_cluster=member_cast.cluster_a,
        title="Flex",
        acronym="FLX",
        kind="pre_project",
        status="planned",
        total_eligible_cost=1000,
        private_cash=300,
        in_kind=100,
    )
    project.topics.add(topic)
    project.objectives.create(kind="sme_competence")
    FundingSourceFactory(project=project, name="Innovation Norway", amount=600)
    ProjectPartnerFactory(project=project, organisation=member_cast.org_a, role="lead")
    return project


def test_project_detail_whole_body(member_cast: Any, project: Project) -> None:
    body = api(member_cast.staff_a).get(f"/api/v1/projects/{project.pk}").json()
    source = project.funding_sources.get()
    assert body == {
        "id": project.pk,
        "title": "Flex",
        "acronym": "FLX",
        "kind": "pre_project",
        "status": "planned",
        "summary": "",
        "lead_cluster": "cluster-a",
        "clusters": [],
        "topics": ["smart-grids"],
        "objectives": [{"kind": "sme_competence", "text": ""}],
        "start_date": "2021-03-01",
        "end_date": "2022-02-28",
        "predecessor": None,
        "origin_idea": None,
        "funder": "",
        "funder_reference": "",
        "website": "",
        "budget": {
            "total_eligible_cost": 1000,
            "private_cash": 300,
            "in_kind": 100,
            "public_funding": 600,
            "private_funding": 0,
            "public_share": 0.6,
            "max_public_share": 0.5,
            "over_public_limit": True,
        },
        "funding_sources": [
            {"id": source.pk, "name": "Innovation Norway", "kind": "public", "amount": 600}
        ],
        "partner_count": 1,
        "can_edit": True,
        "actions": [
            {"action": "apply", "label": "Apply for funding", "blocked_reason": None},
            {"action": "start", "label": "Start", "blocked_reason": None},
            {"action": "cancel", "label": "Cancel", "blocked_reason": None},
        ],
        "url": f"/projects/{project.pk}/",
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("contact_b", 404),
        ("staff_b", 404),
        ("contact_a", 200),
        ("officer", 200),
    ],
)
def test_project_detail_visibility(
    member_cast: Any, project: Project, role: str, status: int
) -> None:
    assert api(member_cast.user(role)).get(f"/api/v1/projects/{project.pk}").status_code == status


def test_portfolio_list_paginated_and_filtered(member_cast: Any, project: Project) -> None:
    ProjectFactory(lead_cluster=member_cast.cluster_a, title="Other", kind="collaboration")
    client = api(member_cast.staff_a)
    body = client.get("/api/v1/clusters/cluster-a/projects", {"page_size": 1}).json()
    assert body["count"] == 2 and body["pages"] == 2 and len(body["items"]) == 1
    body = client.get("/api/v1/clusters/cluster-a/projects", {"kind": "pre_project"}).json()
    assert body == {
        "items": [
            {
                "id": project.pk,
                "title": "Flex",
                "acronym": "FLX",
                "kind": "pre_project",
                "status": "planned",
                "lead_cluster": "cluster-a",
                "start_date": "2021-03-01",
                "end_date": "2022-02-28",
                "predecessor": None,
                "partner_count": 1,
                "has_sme": True,
                "has_international": False,
                "public_funding": 600,
                "url": f"/projects/{project.pk}/",
            }
        ],
        "count": 1,
        "page": 1,
        "pages": 1,
    }
    contact = api(member_cast.contact_b).get("/api/v1/clusters/cluster-a/projects").json()
    assert contact["count"] == 0
    assert api(member_cast.staff_b).get("/api/v1/clusters/cluster-a/projects").status_code == 403


def test_create_patch_and_field_errors(member_cast: Any) -> None:
    TopicFactory(slug="ai")
    client = api(member_cast.staff_a)
    response = send(
        client,
        "post",
        "/api/v1/clusters/cluster-a/projects",
        {"title": "X", "start_date": "2022-01-01", "end_date": "2021-01-01"},
    )
    assert response.status_code == 400 and response.json()["field"] == "end_date"
    response = send(
        client, "post", "/api/v1/clusters/cluster-a/projects", {"title": "X", "topics": ["nope"]}
    )
    assert response.json() == {
        "detail": "Unknown topics: nope",
        "code": "invalid",
        "field": "topics",
    }
    response = send(
        client,
        "post",
        "/api/v1/clusters/cluster-a/projects",
        {"title": "New", "kind": "feasibility", "topics": ["ai"], "clusters": ["cluster-b"]},
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["kind"], created["status"], created["clusters"], created["topics"]) == (
        "feasibility",
        "idea",
        ["cluster-b"],
        ["ai"],
    )
    response = send(
        client, "patch", f"/api/v1/projects/{created['id']}", {"title": "Renamed", "topics": []}
    )
    assert response.json()["title"] == "Renamed" and response.json()["topics"] == []
    assert (
        send(
            api(member_cast.contact_a),
            "post",
            "/api/v1/clusters/cluster-a/projects",
            {"title": "Y"},
        ).status_code
        == 403
    )


def test_transition_endpoint_refuses_outside_table(member_cast: Any, project: Project) -> None:
    client = api(member_cast.staff_a)
    response = send(
        client, "post", f"/api/v1/projects/{project.pk}/transitions", {"action": "complete"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "This project is in status ‘Planned’, where ‘Complete’ is not possible. "
        "Allowed from here: ‘Apply for funding’, ‘Start’, ‘Cancel’.",
        "code": "invalid_transition",
        "field": "action",
    }
    response = send(
        client, "post", f"/api/v1/projects/{project.pk}/transitions", {"action": "apply"}
    )
    assert response.json() == {"action": "apply", "from_status": "planned", "to_status": "applied"}
    denied = send(
        api(member_cast.contact_a),
        "post",
        f"/api/v1/projects/{project.pk}/transitions",
        {"action": "approve"},
    )
    assert denied.status_code == 403


def test_lineage_predecessor_and_main_project(member_cast: Any, project: Project) -> None:
    client = api(member_cast.staff_a)
    Project.objects.filter(pk=project.pk).update(status="completed")
    response = send(
        client, "post", f"/api/v1/projects/{project.pk}/main-project", {"title": "Flex main"}
    )
    assert response.status_code == 201
    main = response.json()
    assert main["predecessor"] == project.pk and main["status"] == "forming_consortium"
    cycle = send(
        client, "put", f"/api/v1/projects/{project.pk}/predecessor", {"predecessor": main["id"]}
    )
    assert cycle.status_code == 400 and cycle.json()["code"] == "lineage_cycle"
    again = send(client, "post", f"/api/v1/projects/{project.pk}/main-project", {})
    assert again.status_code == 409
    body = client.get(f"/api/v1/projects/{main['id']}/lineage").json()
    assert [(n["id"], n["depth"]) for n in body["nodes"]] == [(project.pk, -1), (main["id"], 0)]
    assert body["idea"] is None


def test_budget_and_sources(member_cast: Any, project: Project) -> None:
    client = api(member_cast.staff_a)
    body = send(
        client,
        "put",
        f"/api/v1/projects/{project.pk}/budget",
        {"total_eligible_cost": 2000, "private_cash": 900, "in_kind": 500},
    ).json()
    assert body["budget"]["public_share"] == 0.3 and body["budget"]["over_public_limit"] is False
    response = send(
        client,
        "post",
        f"/api/v1/projects/{project.pk}/funding-sources",
        {"name": "Regional fund", "amount": 500},
    )
    assert response.status_code == 201
    duplicate = send(
        client,
        "post",
        f"/api/v1/projects/{project.pk}/funding-sources",
        {"name": "Regional fund", "amount": 5},
    )
    assert duplicate.status_code == 409
    assert (
        client.delete(
            f"/api/v1/projects/{project.pk}/funding-sources/{response.json()['id']}"
        ).status_code
        == 204
    )


def test_partners_endpoints(member_cast: Any, project: Project) -> None:
    client = api(member_cast.staff_a)
    response = send(
        client,
        "post",
        f"/api/v1/projects/{project.pk}/partners",
        {"organisation": member_cast.org_b.pk, "status": "candidate"},
    )
    assert response.status_code == 201
    partner = response.json()
    assert partner["organisation"] == {
        "id": member_cast.org_b.pk,
        "name": "Org B AS",
        "country": "NO",
        "size_class": "small",
        "sme_estimated": True,
        "international": False,
    }
    patched = send(
        client,
        "patch",
        f"/api/v1/projects/{project.pk}/partners/{partner['id']}",
        {"status": "confirmed", "cash": 10_000},
    )
    assert patched.json()["status"] == "confirmed" and patched.json()["cash"] == 10_000
    bad = send(
        client, "patch", f"/api/v1/projects/{project.pk}/partners/{partner['id']}", {"role": "lead"}
    )
    assert bad.status_code == 409 and bad.json()["field"] == "role"
    listing = api(member_cast.contact_a).get(f"/api/v1/projects/{project.pk}/partners").json()
    assert listing["count"] == 2
    assert (
        client.delete(f"/api/v1/projects/{project.pk}/partners/{partner['id']}").status_code == 204
    )
    assert not ProjectPartner.objects.filter(organisation=member_cast.org_b).exists()


def test_outcomes_endpoints(member_cast: Any, project: Project) -> None:
    client = api(member_cast.staff_a)
    response = send(
        client,
        "post",
        f"/api/v1/projects/{project.pk}/outcomes",
        {
            "kind": "jobs",
            "date": "2022-01-10",
            "description": "Two engineers hired",
            "quantity": 2,
            "organisations": [member_cast.org_a.pk],
        },
    )
    assert response.status_code == 201
    outcome = response.json()
    assert outcome == {
        "id": outcome["id"],
        "kind": "jobs",
        "date": "2022-01-10",
        "description": "Two engineers hired",
        "quantity": 2,
        "evidence_url": "",
        "organisations": [{"id": member_cast.org_a.pk, "name": "Org A AS"}],
    }
    OutcomeFactory(project=project, date=datetime.date(2020, 1, 1))
    assert (
        api(member_cast.contact_a).get(f"/api/v1/projects/{project.pk}/outcomes").json()["count"]
        == 2
    )
    bad = send(
        client,
        "post",
        f"/api/v1/projects/{project.pk}/outcomes",
        {"kind": "fame", "date": "2022-01-10", "description": "x"},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "kind"
    assert (
        send(
            api(member_cast.contact_a),
            "post",
            f"/api/v1/projects/{project.pk}/outcomes",
            {"kind": "jobs", "date": "2022-01-10", "description": "x"},
        ).status_code
        == 403
    )


def test_ideas_and_interest(member_cast: Any) -> None:
    poster = api(member_cast.contact_a)
    response = send(
        poster,
        "post",
        "/api/v1/clusters/cluster-a/ideas",
        {"title": "Batteries", "description": "Pool", "partners_needed": "Grid"},
    )
    assert response.status_code == 201
    idea = response.json()
    assert idea == {
        "id": idea["id"],
        "cluster": "cluster-a",
        "organisation": {"id": member_cast.org_a.pk, "name": "Org A AS"},
        "title": "Batteries",
        "description": "Pool",
        "partners_needed": "Grid",
        "topics": [],
        "status": "open",
        "interest_count": 0,
        "interested": False,
        "project": None,
        "created_at": idea["created_at"],
    }
    other = api(member_cast.contact_b)
    assert other.put(f"/api/v1/ideas/{idea['id']}/interest").json() == {
        "interested": True,
        "interest_count": 1,
    }
    assert other.put(f"/api/v1/ideas/{idea['id']}/interest").json() == {
        "interested": True,
        "interest_count": 1,
    }
    assert other.get(f"/api/v1/ideas/{idea['id']}").json()["interested"] is True
    assert poster.put(f"/api/v1/ideas/{idea['id']}/interest").status_code == 403
    listing = other.get("/api/v1/clusters/cluster-a/ideas").json()
    assert listing["count"] == 1 and listing["items"][0]["interest_count"] == 1
    assert api(member_cast.officer).get("/api/v1/clusters/cluster-a/ideas").status_code == 403
    assert other.delete(f"/api/v1/ideas/{idea['id']}/interest").json() == {
        "interested": False,
        "interest_count": 0,
    }


def test_convert_idea(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a)
    IdeaInterest.objects.create(idea=idea, organisation=member_cast.org_b)
    assert (
        send(api(member_cast.contact_a), "post", f"/api/v1/ideas/{idea.pk}/convert", {}).status_code
        == 403
    )
    response = send(
        api(member_cast.staff_a),
        "post",
        f"/api/v1/ideas/{idea.pk}/convert",
        {"kind": "collaboration"},
    )
    assert response.status_code == 201
    assert response.json()["origin_idea"] == idea.pk and response.json()["partner_count"] == 2
    assert Idea.objects.get(pk=idea.pk).status == "converted"
    again = send(api(member_cast.staff_a), "post", f"/api/v1/ideas/{idea.pk}/convert", {})
    assert again.status_code == 409


def test_kpi_endpoint(member_cast: Any, project: Project) -> None:
    client = api(member_cast.officer)
    body = client.get(
        "/api/v1/clusters/cluster-a/project-kpis", {"start": "2021-01-01", "end": "2021-12-31"}
    ).json()
    assert body["cluster"] == "cluster-a" and body["start"] == "2021-01-01"
    assert body["total"] == 1 and body["portfolio"] == 1
    assert body["with_sme"] == 1 and body["sme_share"] == 1.0
    assert (
        body["public_funding"] == 600
        and body["private_funding"] == 400
        and body["public_share"] == 0.6
    )
    assert {r["key"]: r["count"] for r in body["by_kind"]}["pre_project"] == 1
    bad = client.get(
        "/api/v1/clusters/cluster-a/project-kpis", {"start": "2021-12-31", "end": "2021-01-01"}
    )
    assert bad.status_code == 400 and bad.json()["field"] == "end"
    assert (
        api(member_cast.contact_a).get("/api/v1/clusters/cluster-a/project-kpis").status_code == 403
    )
    assert client.get("/api/v1/clusters/nope/project-kpis").status_code == 404
