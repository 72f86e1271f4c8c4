"""Project pages: who sees what, forms with field errors, status buttons, exports."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from klynge.core.models import AuditEntry
from klynge.projects.models import Project, ProjectPartner
from tests.factories.members import OrganisationFactory
from tests.factories.projects import (
    FundingSourceFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from tests.http import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(member_cast: Any) -> dict[str, Project]:
    mine = ProjectFactory(lead_cluster=member_cast.cluster_a, title="Mine", kind="pre_project")
    ProjectPartnerFactory(project=mine, organisation=member_cast.org_a, role="lead")
    other = ProjectFactory(lead_cluster=member_cast.cluster_a, title="Other", kind="collaboration")
    ProjectPartnerFactory(project=other, organisation=member_cast.org_b)
    foreign = ProjectFactory(lead_cluster=member_cast.cluster_b, title="Elsewhere")
    return {"mine": mine, "other": other, "foreign": foreign}


@pytest.mark.parametrize(
    ("role", "status", "visible"),
    [
        ("anonymous", 302, None),
        ("staff_b", 403, None),
        ("contact_a", 200, {"Mine"}),
        ("contact_b", 200, {"Other"}),
        ("staff_a", 200, {"Mine", "Other"}),
        ("officer", 200, {"Mine", "Other"}),
    ],
)
def test_portfolio_visibility(
    member_cast: Any, projects: Any, role: str, status: int, visible: Any
) -> None:
    response = client_for(member_cast.user(role)).get(
        reverse("projects:portfolio", args=["cluster-a"])
    )
    assert response.status_code == status
    if visible is not None:
        shown = {p.title for p in response.context["page"].object_list}
        assert shown == visible
        assert ("Export CSV" in response.content.decode()) is (role in {"staff_a", "officer"})


def test_portfolio_filters(member_cast: Any, projects: Any) -> None:
    foreign_org = OrganisationFactory(country="SE", org_number=None)
    ProjectPartnerFactory(project=projects["other"], organisation=foreign_org)
    big = OrganisationFactory(employees=900)
    ProjectPartnerFactory(project=projects["mine"], organisation=big)
    projects["mine"].objectives.create(kind="international")
    url = reverse("projects:portfolio", args=["cluster-a"])
    client = client_for(member_cast.staff_a)

    def titles(**params: Any) -> set[str]:
        return {p.title for p in client.get(url, params).context["page"].object_list}

    assert titles(kind="pre_project") == {"Mine"}
    assert titles(international="on") == {"Other"}
    assert titles(sme="on") == {"Mine", "Other"}  # factory organisations have 20 staff
    assert titles(objective="international") == {"Mine"}
    assert titles(q="oth") == {"Other"}
    assert titles(year="2021") == {"Mine", "Other"}
    assert titles(status="running") == set()
    assert (
        "No projects match these filters."
        in client.get(url, {"status": "running"}).content.decode()
    )


def test_portfolio_csv_export_and_refusal_for_contacts(member_cast: Any, projects: Any) -> None:
    FundingSourceFactory(project=projects["mine"], amount=400)
    Project.objects.filter(pk=projects["mine"].pk).update(total_eligible_cost=1000)
    url = reverse("projects:portfolio", args=["cluster-a"])
    response = client_for(member_cast.staff_a).get(url, {"export": "csv", "kind": "pre_project"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("ID,Title,Acronym,Kind,Status")
    assert len(lines) == 2 and ",Mine," in lines[1] and ",400,0.4," in lines[1]
    as_contact = client_for(member_cast.contact_a).get(url, {"export": "csv"})
    assert as_contact["Content-Type"].startswith("text/html")
    xlsx = client_for(member_cast.officer).get(url, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_empty_portfolio_says_what_to_do(member_cast: Any) -> None:
    page = client_for(member_cast.staff_a).get(reverse("projects:portfolio", args=["cluster-a"]))
    assert "Register the cluster's first project" in page.content.decode()
    page = client_for(member_cast.contact_a).get(reverse("projects:portfolio", args=["cluster-a"]))
    assert "Have a look at the ideas board" in page.content.decode()


def test_pipeline_columns(member_cast: Any, projects: Any) -> None:
    Project.objects.filter(pk=projects["other"].pk).update(status="running")
    response = client_for(member_cast.staff_a).get(reverse("projects:pipeline", args=["cluster-a"]))
    columns = {c.status: c.count for c in response.context["columns"]}
    assert columns["planned"] == 1 and columns["running"] == 1 and columns["idea"] == 0
    assert (
        client_for(member_cast.contact_a)
        .get(reverse("projects:pipeline", args=["cluster-a"]))
        .status_code
        == 403
    )


def test_pipeline_all_link_keeps_the_filter(member_cast: Any) -> None:
    ProjectFactory.create_batch(13, lead_cluster=member_cast.cluster_a, kind="collaboration")
    ProjectFactory(lead_cluster=member_cast.cluster_a, kind="pre_project")
    url = reverse("projects:pipeline", args=["cluster-a"])
    response = client_for(member_cast.staff_a).get(url, {"kind": "collaboration"})
    html = response.content.decode()
    portfolio = reverse("projects:portfolio", args=["cluster-a"])
    start = html.index(f'href="{portfolio}?')
    href = html[start + 6 : html.index('"', start + 6)].replace("&amp;", "&")
    assert "??" not in href
    listed = client_for(member_cast.staff_a).get(href)
    assert listed.context["page"].paginator.count == 13  # the planned collaborations only
    assert "kind=collaboration" in href and "status=planned" in href


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("contact_a", 200),
        ("contact_b", 404),
        ("staff_b", 404),
        ("officer", 200),
    ],
)
def test_project_page_visibility(member_cast: Any, projects: Any, role: str, status: int) -> None:
    response = client_for(member_cast.user(role)).get(projects["mine"].get_absolute_url())
    assert response.status_code == status


def test_project_page_shows_budget_warning_lineage_and_buttons(
    member_cast: Any, projects: Any
) -> None:
    mine = projects["mine"]
    Project.objects.filter(pk=mine.pk).update(total_eligible_cost=1000, private_cash=300)
    FundingSourceFactory(project=mine, name="Innovation Norway", amount=700)
    follower = ProjectFactory(
        lead_cluster=member_cast.cluster_a, title="Follower", predecessor=mine
    )
    page = client_for(member_cast.staff_a).get(mine.get_absolute_url()).content.decode()
    assert 'data-testid="public-share-warning"' in page
    assert "70 %" in page and "<svg" in page
    assert "Follower" in page and 'data-testid="lineage"' in page
    assert 'value="apply"' in page and "Edit details" in page
    as_contact = client_for(member_cast.contact_a).get(mine.get_absolute_url()).content.decode()
    assert 'data-testid="status-actions"' not in as_contact and "Edit details" not in as_contact
    assert follower.get_absolute_url() in page


def test_status_button_and_refused_transition_message(member_cast: Any, projects: Any) -> None:
    mine = projects["mine"]
    client = client_for(member_cast.staff_a)
    url = reverse("projects:transition", args=[mine.pk])
    response = client.post(url, {"action": "apply", "note": "sent"}, follow=True)
    assert "The project is now ‘Applied’." in response.content.decode()
    response = client.post(url, {"action": "complete"}, follow=True)
    assert "where ‘Complete’ is not possible" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == "applied"
    assert client_for(member_cast.contact_a).post(url, {"action": "approve"}).status_code == 403


def test_create_project_with_field_errors_then_success(member_cast: Any) -> None:
    client = client_for(member_cast.staff_a)
    url = reverse("projects:create", args=["cluster-a"])
    bad = client.post(
        url,
        {
            "title": "",
            "kind": "pre_project",
            "status": "forming_consortium",
            "start_date": "2021-05-01",
            "end_date": "2021-01-01",
        },
    )
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"title", "end_date"}
    ok = client.post(
        url,
        {
            "title": "Flex",
            "kind": "pre_project",
            "status": "forming_consortium",
            "objectives": ["sme_competence"],
            "other_objectives": "Open data\n",
        },
    )
    project = Project.objects.get(title="Flex")
    assert ok.url == project.get_absolute_url()
    assert project.status == "forming_consortium"
    assert sorted(str(o) for o in project.objectives.all()) == ["Open data", "SME competence lift"]
    assert client_for(member_cast.contact_a).get(url).status_code == 403


def test_edit_project(member_cast: Any, projects: Any) -> None:
    mine = projects["mine"]
    url = reverse("projects:edit", args=[mine.pk])
    client = client_for(member_cast.staff_a)
    assert client.get(url).context["form"].initial["title"] == "Mine"
    response = client.post(url, {"title": "Mine, renamed", "kind": "pre_project"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Mine, renamed"
    assert client_for(member_cast.contact_a).get(url).status_code == 403


def test_partner_add_confirm_edit_remove(member_cast: Any, projects: Any) -> None:
    mine = projects["mine"]
    client = client_for(member_cast.staff_a)
    add_url = reverse("projects:partner_add", args=[mine.pk])
    page = client.get(add_url)
    shown = [label for _value, label in page.context["form"].fields["organisation"].widget.choices]
    assert "Org B AS" in shown and "Org A AS" not in shown  # A is already in
    foreign = OrganisationFactory(name="Fraunhofer IWES", country="DE", org_number=None)
    found = (
        client.get(add_url, {"q": "fraun"}).context["form"].fields["organisation"].widget.choices
    )
    assert [label for _v, label in found][1:] == ["Fraunhofer IWES (DE)"]
    response = client.post(
        add_url, {"organisation": foreign.pk, "role": "lead", "status": "candidate"}
    )
    assert "already the lead partner" in response.content.decode()
    client.post(add_url, {"organisation": foreign.pk, "role": "partner", "status": "candidate"})
    partner = ProjectPartner.objects.get(project=mine, organisation=foreign)
    client.post(reverse("projects:partner_confirm", args=[mine.pk, partner.pk]))
    partner.refresh_from_db()
    assert partner.status == "confirmed"
    edit_url = reverse("projects:partner_edit", args=[mine.pk, partner.pk])
    response = client.post(
        edit_url,
        {
            "role": "partner",
            "status": "confirmed",
            "cash": "-1",
            "in_kind_hours": "0",
            "in_kind_value": "0",
        },
    )
    assert "cash" in response.context["form"].errors
    client.post(
        edit_url,
        {
            "role": "partner",
            "status": "confirmed",
            "cash": "25000",
            "in_kind_hours": "10",
            "in_kind_value": "9000",
            "notes": "x",
        },
    )
    partner.refresh_from_db()
    assert (partner.cash, partner.in_kind_value) == (25000, 9000)
    assert AuditEntry.objects.filter(action="klynge.projects.partner.updated").count() == 2
    client.post(reverse("projects:partner_remove", args=[mine.pk, partner.pk]))
    assert not ProjectPartner.objects.filter(pk=partner.pk).exists()


def test_budget_page_saves_lines_and_sources(member_cast: Any, projects: Any) -> None:
    mine = projects["mine"]
    client = client_for(member_cast.staff_a)
    url = reverse("projects:budget", args=[mine.pk])
    client.post(
        url,
        {
            "save_budget": "1",
            "total_eligible_cost": "2000",
            "private_cash": "500",
            "in_kind": "400",
        },
    )
    client.post(
        url,
        {
            "add_source": "1",
            "source-name": "Regional fund",
            "source-kind": "public",
            "source-amount": "1100",
        },
    )
    response = client.post(
        url,
        {
            "add_source": "1",
            "source-name": "regional fund",
            "source-kind": "public",
            "source-amount": "1",
        },
    )
    assert "This source is already listed" in response.content.decode()
    page = client.get(url).content.decode()
    assert "55 %" in page and 'data-testid="public-share-warning"' in page
    source = mine.funding_sources.get()
    client.post(reverse("projects:source_remove", args=[mine.pk, source.pk]))
    assert not mine.funding_sources.exists()


def test_milestone_and_outcome_pages(member_cast: Any, projects: Any) -> None:
    mine = projects["mine"]
    client = client_for(member_cast.staff_a)
    client.post(
        reverse("projects:milestone_add", args=[mine.pk]),
        {"title": "Kick-off", "due_date": "2021-03-01", "status": "planned"},
    )
    milestone = mine.milestones.get()
    client.post(
        reverse("projects:milestone_edit", args=[mine.pk, milestone.pk]),
        {"title": "Kick-off", "due_date": "2021-03-01", "status": "done", "done_on": "2021-03-02"},
    )
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2021, 3, 2)
    response = client.post(
        reverse("projects:outcome_add", args=[mine.pk]),
        {"kind": "competence", "date": "", "description": ""},
    )
    assert {"date", "description"} <= set(response.context["form"].errors)
    client.post(
        reverse("projects:outcome_add", args=[mine.pk]),
        {
            "kind": "competence",
            "date": "2021-10-01",
            "description": "Course",
            "quantity": "12",
            "organisations": [member_cast.org_a.pk],
        },
    )
    outcome = mine.outcomes.get()
    client.post(
        reverse("projects:outcome_edit", args=[mine.pk, outcome.pk]),
        {"kind": "competence", "date": "2021-10-01", "description": "Course", "quantity": "15"},
    )
    outcome.refresh_from_db()
    assert outcome.quantity == 15 and not outcome.organisations.exists()
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Course" in page and "Kick-off" in page
    client.post(reverse("projects:outcome_remove", args=[mine.pk, outcome.pk]))
    client.post(reverse("projects:milestone_remove", args=[mine.pk, milestone.pk]))
    assert not mine.outcomes.exists() and not mine.milestones.exists()


def test_lineage_form_refuses_cycle(member_cast: Any, projects: Any) -> None:
    mine, other = projects["mine"], projects["other"]
    client = client_for(member_cast.staff_a)
    client.post(reverse("projects:predecessor", args=[other.pk]), {"predecessor": mine.pk})
    response = client.post(
        reverse("projects:predecessor", args=[mine.pk]), {"predecessor": other.pk}, follow=True
    )
    assert "go round in a circle" in response.content.decode()
    mine.refresh_from_db()
    assert mine.predecessor is None


def test_history_page(member_cast: Any, projects: Any) -> None:
    client = client_for(member_cast.staff_a)
    client.post(reverse("projects:transition", args=[projects["mine"].pk]), {"action": "apply"})
    page = client.get(reverse("projects:history", args=[projects["mine"].pk])).content.decode()
    assert "Project moved to a new status" in page and "klynge.projects" not in page
    assert (
        client_for(member_cast.contact_a)
        .get(reverse("projects:history", args=[projects["mine"].pk]))
        .status_code
        == 403
    )


def test_admin_lists_projects_read_only(member_cast: Any, projects: Any) -> None:
    client = client_for(member_cast.superuser)
    assert client.get("/admin/projects/project/").status_code == 200
    page = client.get(f"/admin/projects/project/{projects['mine'].pk}/change/")
    assert page.status_code == 200 and "Save" not in page.content.decode()
    assert client.get("/admin/projects/project/add/").status_code == 403
