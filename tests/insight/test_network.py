"""The collaboration network from the records: rows from every module, the pages and exports for
each role, the manager's settings, the organisation's own network, and a query count that does
not grow with the number of organisations."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from klynge.insight.models import NetworkSettings
from klynge.insight.network import graph as g
from klynge.insight.selectors.network import Period, cluster_graph, network_rows
from klynge.members.models import Membership, Organisation
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.matchmaking import ParticipantFactory, SessionFactory, make_meeting
from tests.factories.members import OrganisationFactory, PersonFactory
from tests.factories.projects import ProjectFactory, ProjectPartnerFactory
from tests.http import client_as

pytestmark = pytest.mark.django_db


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def linked(member_cast: Any) -> Any:
    """In cluster A: org_a and org_b share a project with an outside partner (2024), org_a met a
    guest organisation at B2B (2025), org_b and org_c completed a course together (2025), and a
    big event (3 organisations, threshold 2) links nobody."""
    cast = member_cast
    cast.partner = OrganisationFactory(name="Outside Research AS", kind="research_institute")
    cast.org_c = OrganisationFactory(name="Org C AS", kind="university")
    Membership.objects.create(
        cluster=cast.cluster_a, organisation=cast.org_c, joined_on=datetime.date(2015, 1, 1)
    )
    project = ProjectFactory(
        lead_cluster=cast.cluster_a,
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2026, 3, 1),
        status="running",
    )
    for org in (cast.org_a, cast.org_b, cast.partner):
        ProjectPartnerFactory(project=project, organisation=org)
    cast.guest = OrganisationFactory(name="Guest AS", kind="large")
    session = SessionFactory(
        event=EventFactory(cluster=cast.cluster_a), day=datetime.date(2025, 5, 5)
    )
    make_meeting(
        ParticipantFactory(session=session, person=cast.contact_a.person),
        ParticipantFactory(session=session, person=PersonFactory(organisation=cast.guest)),
        slot=1,
        table=1,
    )
    course = CourseFactory(cluster=cast.cluster_a)
    for org in (cast.org_b, cast.org_c):
        EnrolmentFactory(
            course=course,
            person=PersonFactory(organisation=org),
            organisation=org,
            status="completed",
            completed_on=datetime.date(2025, 6, 1),
        )
    big = EventFactory(
        cluster=cast.cluster_a,
        starts_at=at(datetime.date(2025, 9, 1)),
        ends_at=at(datetime.date(2025, 9, 1)),
    )
    for org in (cast.org_a, cast.org_c, cast.guest):
        RegistrationFactory(
            event=big, person=PersonFactory(organisation=org), organisation=org, status="attended"
        )
    NetworkSettings.objects.create(cluster=cast.cluster_a, small_gathering=2)
    return cast


def test_the_graph_from_the_records(linked: Any) -> None:
    c = linked
    graph = cluster_graph(cluster=c.cluster_a, period=Period(last_year=2025))
    names = {v: d["name"] for v, d in graph.nodes(data=True)}
    edges = {tuple(sorted((names[a], names[b]))): d["kinds"] for a, b, d in graph.edges(data=True)}
    assert edges == {
        ("Org A AS", "Org B AS"): {"project": 1},
        ("Org A AS", "Outside Research AS"): {"project": 1},
        ("Org B AS", "Outside Research AS"): {"project": 1},
        ("Guest AS", "Org A AS"): {"b2b": 1},
        ("Org B AS", "Org C AS"): {"course": 1},
    }
    assert not graph.nodes[c.partner.pk]["member"] and graph.nodes[c.org_a.pk]["member"]
    # as of 2024 only the project exists; cluster B sees none of it
    assert cluster_graph(cluster=c.cluster_a, period=Period(last_year=2024)).number_of_edges() == 3
    assert cluster_graph(cluster=c.cluster_b, period=Period(last_year=2025)).number_of_edges() == 0
    projects_only = cluster_graph(cluster=c.cluster_a, period=Period(2025), kinds=[g.PROJECT])
    assert projects_only.number_of_edges() == 3


def many_organisations(cluster: Any, count: int) -> None:
    """`count` members in bulk, partners of ten projects and checked in at twenty events."""
    from klynge.events.models import Registration
    from klynge.members.models import Person
    from klynge.projects.models import ProjectPartner

    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Bulk {i:05d} AS", org_number=None, kind="sme") for i in range(count)]
    )
    Membership.objects.bulk_create(
        [
            Membership(cluster=cluster, organisation=o, joined_on=datetime.date(2015, 1, 1))
            for o in organisations
        ]
    )
    projects = [
        ProjectFactory(
            lead_cluster=cluster,
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2026, 1, 1),
            status="running",
        )
        for _ in range(10)
    ]
    ProjectPartner.objects.bulk_create(
        [
            ProjectPartner(project=projects[i % 10], organisation=o, status="confirmed")
            for i, o in enumerate(organisations)
        ]
    )
    events = [
        EventFactory(
            cluster=cluster,
            starts_at=at(datetime.date(2025, 2, 1)),
            ends_at=at(datetime.date(2025, 2, 1)),
        )
        for _ in range(20)
    ]
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"P {o.pk}", email=f"p{o.pk}@x.org", organisation=o)
            for o in organisations
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=events[i % 20],
                person=p,
                organisation_id=p.organisation_id,
                status="attended",
                token=f"t{p.pk}",
            )
            for i, p in enumerate(people)
        ]
    )


def test_rows_take_seven_queries_at_a_thousand_organisations(
    linked: Any, django_assert_num_queries: Any
) -> None:
    many_organisations(linked.cluster_a, 1000)
    with django_assert_num_queries(7):
        rows = network_rows(cluster=linked.cluster_a, period=Period(last_year=2025))
    assert len(rows.organisations) == 1005
    client = client_as(linked, "staff_a")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/clusters/cluster-a/network/?year=2025").status_code == 200
    assert len(captured.captured_queries) <= 20


ROLES = ["anonymous", "contact_a", "staff_a", "manager_a", "staff_b", "officer"]
PAGES = {
    "/clusters/cluster-a/network/": (302, 403, 200, 200, 403, 200),
    "/clusters/cluster-a/network/?export=gexf": (302, 403, 200, 200, 403, 200),
    "/clusters/cluster-a/network/settings/": (302, 403, 403, 200, 403, 403),
}


@pytest.mark.parametrize("url", list(PAGES))
def test_network_page_permissions(linked: Any, url: str) -> None:
    got = tuple(client_as(linked, role).get(url).status_code for role in ROLES)
    assert got == PAGES[url]


def test_members_see_the_whole_network_only_when_the_manager_shares_it(linked: Any) -> None:
    manager, contact = client_as(linked, "manager_a"), client_as(linked, "contact_a")
    assert contact.get("/clusters/cluster-a/network/").status_code == 403
    response = manager.post(
        "/clusters/cluster-a/network/settings/", {"small_gathering": 5, "shared_with_members": "on"}
    )
    assert response.status_code == 302
    assert contact.get("/clusters/cluster-a/network/").status_code == 200
    assert client_as(linked, "staff_b").get("/clusters/cluster-a/network/").status_code == 403
    bad = manager.post("/clusters/cluster-a/network/settings/", {"small_gathering": 1})
    assert bad.status_code == 200 and NetworkSettings.objects.get().small_gathering == 5


def test_page_filter_and_exports(linked: Any) -> None:
    client = client_as(linked, "staff_a")
    page = client.get("/clusters/cluster-a/network/?year=2025").content.decode()
    assert 'data-testid="network-figures"' in page and "<svg" in page and "Org A AS" in page
    projects = client.get("/clusters/cluster-a/network/?year=2025&kinds=project").content.decode()
    assert 'data-kind="b2b"' not in projects and 'data-kind="project"' in projects
    gexf = client.get("/clusters/cluster-a/network/?year=2025&export=gexf")
    assert gexf["Content-Type"].startswith("application/gexf+xml")
    assert "attachment" in gexf["Content-Disposition"] and b"Outside Research AS" in gexf.content
    graphml = client.get("/clusters/cluster-a/network/?year=2025&export=graphml")
    assert b"<graphml" in graphml.content
    for query in ("year=abc", "year=1800", "first_year=2025&year=2024", "kinds=nonsense"):
        response = client.get(f"/clusters/cluster-a/network/?{query}")
        assert response.status_code == 200, query
        assert b'class="error"' in response.content or b"errorlist" in response.content, query


def test_the_organisation_page_shows_its_own_network(linked: Any) -> None:
    response = client_as(linked, "contact_a").get(f"/organisations/{linked.org_a.pk}/?tab=network")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="network-tab"' in body and "Guest AS" in body
    # the contact cannot open the whole network (not shared)
    assert "/clusters/cluster-a/network/" not in body
    staff_b = client_as(linked, "staff_b").get(f"/organisations/{linked.org_a.pk}/?tab=network")
    assert b"Guest AS" not in staff_b.content


API_ROLES = {
    "/api/v1/clusters/cluster-a/network?year=2025": (401, 403, 200, 200, 403, 200),
    "/api/v1/clusters/cluster-a/network/organisations/{org}?year=2025": (
        401,
        200,
        200,
        200,
        403,
        200,
    ),
}


@pytest.mark.parametrize("url", list(API_ROLES))
def test_api_permissions(linked: Any, url: str) -> None:
    path = url.format(org=linked.org_a.pk)
    got = tuple(client_as(linked, role).get(path).status_code for role in ROLES)
    assert got == API_ROLES[url]


def test_api_network_and_bad_input(linked: Any) -> None:
    client = client_as(linked, "officer")
    body = client.get("/api/v1/clusters/cluster-a/network?year=2025&kinds=project").json()
    assert body["kinds"] == ["project"] and len(body["edges"]) == 3
    figures = {f["key"]: f["value"] for f in body["figures"]}
    assert figures["nodes"] == len(body["nodes"]) and figures["edges"] == 3
    ego = client.get(
        f"/api/v1/clusters/cluster-a/network/organisations/{linked.org_a.pk}?year=2025"
    )
    assert {n["name"] for n in ego.json()["nodes"]} >= {"Guest AS", "Org A AS", "Org B AS"}
    for query in ("year=1800", "year=abc", "first_year=2025&year=2024", "kinds=nonsense"):
        response = client.get(f"/api/v1/clusters/cluster-a/network?{query}")
        assert response.status_code in (400, 422), query
        assert set(response.json()) == {"detail", "code", "field"}
    missing = client.get("/api/v1/clusters/cluster-a/network/organisations/999999999")
    assert missing.status_code == 404
