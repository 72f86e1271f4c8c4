"""The global search finds organisations, people, events, projects and courses, and only what the
person may open: every link it shows answers 200 to them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.core.search import search
from tests.factories.events import EventFactory
from tests.factories.learning import CourseFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.projects import ProjectFactory, ProjectPartnerFactory

ROLES = ["contact_a", "staff_a", "manager_a", "staff_b", "officer", "superuser"]


@pytest.fixture
def world(member_cast: Any) -> Any:
    cast = member_cast
    cast.shown_a = OrganisationFactory(name="Solkraft Fjord AS")
    MembershipFactory(cluster=cast.cluster_a, organisation=cast.shown_a)
    cast.only_b = OrganisationFactory(name="Solkraft Hidden AS")
    MembershipFactory(cluster=cast.cluster_b, organisation=cast.only_b)
    PersonFactory(organisation=cast.shown_a, full_name="Sol Visible", consent_directory=True)
    PersonFactory(organisation=cast.only_b, full_name="Sol Unseen", consent_directory=True)
    EventFactory(cluster=cast.cluster_a, title="Solkraft open day")
    EventFactory(cluster=cast.cluster_b, title="Solkraft draft", status="draft")
    project_b = ProjectFactory(lead_cluster=cast.cluster_b, title="Solkraft pilot B")
    project_a = ProjectFactory(lead_cluster=cast.cluster_a, title="Solkraft pilot A")
    ProjectPartnerFactory(project=project_a, organisation=cast.org_a)
    cast.project_b = project_b
    CourseFactory(cluster=cast.cluster_a, title="Solkraft basics", status="draft")
    CourseFactory(cluster=cast.cluster_b, title="Solkraft for everyone")
    return cast


def titles(user: Any, term: str = "sol") -> dict[str, set[str]]:
    return {g.key: {hit.title for hit in g.hits} for g in search(user=user, term=term)}


def test_a_member_contact_finds_only_what_they_may_open(world: Any) -> None:
    found = titles(world.contact_a)
    assert found["organisations"] == {"Solkraft Fjord AS"}
    assert found["people"] == {"Sol Visible"}
    assert found["events"] == {"Solkraft open day"}
    assert found["projects"] == {"Solkraft pilot A"}  # their organisation is a partner
    assert found["courses"] == {"Solkraft for everyone"}  # not the other cluster's draft


def test_the_team_finds_its_cluster_and_the_officer_every_cluster(world: Any) -> None:
    team = titles(world.staff_a)
    assert "Solkraft Hidden AS" not in team["organisations"]
    assert team["projects"] == {"Solkraft pilot A"}
    assert team["courses"] == {"Solkraft basics", "Solkraft for everyone"}
    assert "Solkraft draft" not in team["events"]
    officer = titles(world.officer)
    assert {"Solkraft Fjord AS", "Solkraft Hidden AS"} <= officer["organisations"]
    assert officer["projects"] == {"Solkraft pilot A", "Solkraft pilot B"}


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_the_search_page_opens(world: Any, role: str) -> None:
    client = Client()
    client.force_login(world.user(role))
    page = client.get(reverse("search"), {"q": "sol"})
    assert page.status_code == 200
    hits = [hit for group in page.context["groups"] for hit in group.hits]
    assert hits
    for hit in hits:
        assert hit.url in page.content.decode()
        assert client.get(hit.url).status_code == 200, (role, hit.url)


def test_short_or_missing_terms_and_anonymous_visitors(world: Any) -> None:
    client = Client()
    assert client.get(reverse("search"), {"q": "sol"}).status_code == 302
    client.force_login(world.staff_a)
    short = client.get(reverse("search"), {"q": "s"})
    assert short.status_code == 200 and short.context["too_short"] and not short.context["groups"]
    assert client.get(reverse("search")).status_code == 200
    long = client.get(reverse("search"), {"q": "x" * 5000})
    assert long.status_code == 200 and len(long.context["q"]) == 100
    none = client.get(reverse("search"), {"q": "zzqq"}).content.decode()
    assert 'data-testid="search-empty"' in none


def test_the_header_has_the_search_box_with_its_shortcut(world: Any) -> None:
    client = Client()
    client.force_login(world.contact_a)
    html = client.get("/").content.decode()
    assert 'data-testid="header-search"' in html and 'aria-keyshortcuts="/"' in html


def test_search_queries_are_bounded(world: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(15):
        ProjectFactory(lead_cluster=world.cluster_a, title="Solkraft many")
    with django_assert_max_num_queries(25):  # 21 measured: five sources
        groups = search(user=world.staff_a, term="sol", limit=8)
    projects = next(g for g in groups if g.key == "projects")
    assert len(projects.hits) == 8 and projects.more
