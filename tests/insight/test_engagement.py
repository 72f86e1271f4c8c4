"""Engagement and reach from the activity other modules record; pages, exports, settings, the
organisation's activity tab; query counts that do not grow with the number of members."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from klynge.insight import scoring
from klynge.insight.models import EngagementSettings, Invitation
from klynge.insight.selectors.engagement import (
    activity_rows,
    cluster_engagement,
    cluster_reach,
    describe,
    dormant_members,
)
from klynge.members.models import Membership, Organisation
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.insight import SurveyFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.matchmaking import ParticipantFactory, SessionFactory, make_meeting
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.projects import ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def active(member_cast: Any) -> Any:
    """org_a does a bit of everything in cluster A; org_b nothing; org_c only long ago."""
    cast = member_cast
    today = timezone.localdate()
    person = cast.contact_a.person
    event = EventFactory(cluster=cast.cluster_a, starts_at=days_ago(30), ends_at=days_ago(30))
    RegistrationFactory(event=event, person=person, organisation=cast.org_a, status="attended")
    course = CourseFactory(cluster=cast.cluster_a)
    EnrolmentFactory(
        course=course,
        person=person,
        organisation=cast.org_a,
        status="completed",
        completed_on=today - datetime.timedelta(days=60),
    )
    project = ProjectFactory(
        lead_cluster=cast.cluster_a,
        start_date=today - datetime.timedelta(days=400),
        end_date=today + datetime.timedelta(days=300),
        status="running",
    )
    ProjectPartnerFactory(project=project, organisation=cast.org_a)
    session = SessionFactory(
        event=EventFactory(cluster=cast.cluster_a), day=today - datetime.timedelta(days=10)
    )
    other = PersonFactory(organisation=OrganisationFactory(name="Guest AS"))
    make_meeting(
        ParticipantFactory(session=session, person=person),
        ParticipantFactory(session=session, person=other),
        slot=1,
        table=1,
    )
    survey = SurveyFactory(cluster=cast.cluster_a, opens_at=days_ago(20), sent_at=days_ago(20))
    Invitation.objects.create(
        survey=survey,
        person=person,
        organisation=cast.org_a,
        email="a@x.org",
        source="members",
        token_salt="s1",
        token_hash="h1",
        sent_at=days_ago(20),
        completed=True,
    )
    cast.org_c = OrganisationFactory(name="Org C AS", kind="large", employees=400)
    MembershipFactory(cluster=cast.cluster_a, organisation=cast.org_c)
    old = EventFactory(cluster=cast.cluster_a, starts_at=days_ago(800), ends_at=days_ago(800))
    RegistrationFactory(
        event=old,
        person=PersonFactory(organisation=cast.org_c),
        organisation=cast.org_c,
        status="attended",
    )
    # Elsewhere: another cluster's event does not count for cluster A.
    RegistrationFactory(
        event=EventFactory(cluster=cast.cluster_b, starts_at=days_ago(5), ends_at=days_ago(5)),
        person=PersonFactory(organisation=cast.org_b),
        organisation=cast.org_b,
        status="attended",
    )
    return cast


def test_every_kind_of_activity_counts(active: Any) -> None:
    today = timezone.localdate()
    overview = cluster_engagement(cluster=active.cluster_a, as_of=today)
    by_org = {m.organisation_id: m.engagement for m in overview.members}
    a = by_org[active.org_a.pk]
    # The B2B day's event is still to come: its registration does not count yet.
    assert a.counts == {
        "checkin": 1,
        "registration": 1,
        "completion": 1,
        "project": 1,
        "b2b": 1,
        "survey": 1,
    }
    assert a.level == scoring.ACTIVE and a.last_activity == today  # the running project
    assert by_org[active.org_b.pk].level == scoring.DORMANT
    assert by_org[active.org_c.pk].level == scoring.DORMANT
    text = describe(a.counts, 12)
    assert (
        text
        == "1 project, 1 course completed, 1 event attended, 1 B2B meeting, 1 survey answer, 1 registration in the last 12 months"
    )
    # As of a year ago nothing of this had happened yet, except the project's start.
    earlier = cluster_engagement(
        cluster=active.cluster_a, as_of=today - datetime.timedelta(days=365)
    )
    assert {m.organisation_id: m.engagement.counts for m in earlier.members}[active.org_a.pk] == {
        "project": 1
    }


def test_reach_dormant_and_settings(active: Any) -> None:
    today = timezone.localdate()
    result = cluster_reach(cluster=active.cluster_a, as_of=today)
    assert (result.overall.members, result.overall.reached) == (3, 1)
    assert {label: (s.members, s.reached) for label, s in result.by_kind} == {
        "SME": (2, 1),
        "Large company": (1, 0),
    }
    assert len(result.trend) == 8 and result.trend[-1].reached == 1
    dormant = dormant_members(cluster=active.cluster_a, as_of=today)
    assert [d.member.name for d in dormant] == ["Org B AS", "Org C AS"]  # never, then longest ago
    assert dormant[1].last_activity == timezone.localdate(days_ago(800))
    assert dormant[0].last_activity is None and dormant[0].contact.full_name == "Contact B"
    # A cluster's own settings: a 36-month window wakes Org C up.
    EngagementSettings.objects.create(
        cluster=active.cluster_a,
        weights={"checkin": 1},
        half_life_days=90,
        window_months=36,
        active_threshold=2,
    )
    assert {
        m.name: m.engagement.level
        for m in cluster_engagement(cluster=active.cluster_a, as_of=today).members
    }["Org C AS"] == scoring.OCCASIONAL


def test_pages_and_exports(active: Any) -> None:
    client = Client()
    client.force_login(active.staff_a)
    page = client.get("/clusters/cluster-a/engagement/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 project, 1 course completed" in body and 'data-testid="reach">33 %' in body
    assert page.context["page"].object_list[0].name == "Org A AS"
    dormant_only = client.get("/clusters/cluster-a/engagement/?level=dormant&sort=name")
    assert [m.name for m in dormant_only.context["page"].object_list] == ["Org B AS", "Org C AS"]
    xlsx = client.get("/clusters/cluster-a/engagement/dormant/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Organisation", "Kind", "Size class", "Last activity", "Contact person")
    assert rows[1][0] == "Org B AS" and rows[1][4] == "Contact B"
    reach = client.get("/clusters/cluster-a/engagement/reach/")
    assert reach.status_code == 200 and reach.content.decode().count('class="klynge-chart"') == 3
    tab = client.get(f"/organisations/{active.org_a.pk}/?tab=activity").content.decode()
    assert 'data-testid="timeline"' in tab and "Course completed" in tab and "B2B meeting" in tab


def test_settings_page_for_the_manager(active: Any) -> None:
    client = Client()
    client.force_login(active.manager_a)
    url = "/clusters/cluster-a/engagement/settings/"
    form = {f"weight_{k}": "1" for k in scoring.KINDS} | {
        "half_life_days": "90",
        "window_months": "6",
        "active_threshold": "2",
    }
    assert client.post(url, form).status_code == 302
    row = EngagementSettings.objects.get(cluster=active.cluster_a)
    assert row.window_months == 6 and row.weights["project"] == 1.0
    bad = client.post(url, {**form, "half_life_days": "2"})
    assert bad.status_code == 200 and bad.context["form"].errors["half_life_days"]
    client.post(url, {"reset": "1"})
    assert not EngagementSettings.objects.exists()
    staff = Client()
    staff.force_login(active.staff_a)
    assert staff.get(url).status_code == 403


ROLES = ["anonymous", "contact_a", "staff_a", "manager_a", "staff_b", "officer"]
PAGES = {
    "/clusters/cluster-a/engagement/": (302, 403, 200, 200, 403, 200),
    "/clusters/cluster-a/engagement/?export=csv": (302, 403, 200, 200, 403, 200),
    "/clusters/cluster-a/engagement/reach/": (302, 403, 200, 200, 403, 200),
    "/clusters/cluster-a/engagement/dormant/": (302, 403, 200, 200, 403, 200),
    "/clusters/cluster-a/engagement/settings/": (302, 403, 403, 200, 403, 403),
}


@pytest.mark.parametrize("url", list(PAGES))
def test_engagement_page_permissions(member_cast: Any, url: str) -> None:
    got = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(member_cast.user(role))
        got.append(client.get(url).status_code)
    assert tuple(got) == PAGES[url]


def many_members(cluster: Any, count: int, start: int = 0) -> list[int]:
    """`count` member organisations written in bulk, half of them checked in at one event."""
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bulk {start + i:05d} AS", org_number=None, kind="sme", employees=5 + i % 300
            )
            for i in range(count)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(cluster=cluster, organisation=o, joined_on=datetime.date(2015, 1, 1))
            for o in organisations
        ]
    )
    from klynge.events.models import Registration
    from klynge.members.models import Person

    event = EventFactory(cluster=cluster, starts_at=days_ago(40), ends_at=days_ago(40))
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"P {o.pk}", email=f"p{o.pk}@x.org", organisation=o)
            for o in organisations[::2]
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                person=p,
                organisation_id=p.organisation_id,
                status="attended",
                token=f"t{p.pk}",
            )
            for p in people
        ]
    )
    return [o.pk for o in organisations]


def test_query_counts_do_not_grow_with_members(
    member_cast: Any, django_assert_num_queries: Any
) -> None:
    """10,000 members: the list, reach and dormant pages use as many queries as with 10."""
    client = Client()
    client.force_login(member_cast.staff_a)
    many_members(member_cast.cluster_a, 10)

    def count(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    urls = [
        "/clusters/cluster-a/engagement/",
        "/clusters/cluster-a/engagement/reach/",
        "/clusters/cluster-a/engagement/dormant/",
    ]
    small = [count(url) for url in urls]
    many_members(member_cast.cluster_a, 10_000, start=10)
    large = [count(url) for url in urls]
    assert large == small
    assert max(large) <= 30
    overview = cluster_engagement(cluster=member_cast.cluster_a, as_of=timezone.localdate())
    assert len(overview.members) == 10_012
    assert sum(1 for m in overview.members if m.engagement.level == scoring.OCCASIONAL) == 5_005


def test_activity_rows_is_one_query_per_kind(
    member_cast: Any, django_assert_num_queries: Any
) -> None:
    many_members(member_cast.cluster_a, 50)
    today = timezone.localdate()
    with django_assert_num_queries(7):  # events 1, courses 1, projects 2, B2B 2, surveys 1
        activity_rows(
            cluster=member_cast.cluster_a, start=today - datetime.timedelta(days=365), end=today
        )


def test_the_timeline_holds_what_happened_not_what_is_booked(active: Any) -> None:
    """A registration for a later event and a meeting booked for a later day count on their day
    (as the score does): the activity tab does not show them yet."""
    from klynge.insight.selectors.engagement import organisation_timeline

    cast = active
    today = timezone.localdate()
    person = cast.contact_a.person
    later = EventFactory(
        cluster=cast.cluster_a,
        title="Conference next spring",
        starts_at=timezone.now() + datetime.timedelta(days=70),
        ends_at=timezone.now() + datetime.timedelta(days=70),
    )
    RegistrationFactory(event=later, person=person, organisation=cast.org_a)
    session = SessionFactory(
        event=EventFactory(cluster=cast.cluster_a, title="Speed dating next month"),
        day=today + datetime.timedelta(days=30),
    )
    make_meeting(
        ParticipantFactory(session=session, person=person),
        ParticipantFactory(
            session=session, person=PersonFactory(organisation=OrganisationFactory())
        ),
        slot=1,
        table=1,
    )
    starting = ProjectFactory(
        lead_cluster=cast.cluster_a,
        title="Starts next year",
        start_date=today + datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=600),
        status="approved",
    )
    ProjectPartnerFactory(project=starting, organisation=cast.org_a)

    items = organisation_timeline(
        organisation=cast.org_a, cluster_ids=[cast.cluster_a.pk], until=today
    )
    assert items and all(item["on"] <= today for item in items)
    titles = {item["title"] for item in items}
    assert titles.isdisjoint({"Conference next spring", "Speed dating next month"})
    assert not any("Starts next year" in title for title in titles)
    client = Client()
    client.force_login(cast.staff_a)
    tab = client.get(f"/organisations/{cast.org_a.pk}/?tab=activity").content.decode()
    assert "Conference next spring" not in tab and "Speed dating next month" not in tab
    later_on = organisation_timeline(
        organisation=cast.org_a,
        cluster_ids=[cast.cluster_a.pk],
        until=today + datetime.timedelta(days=300),
    )
    assert {"Conference next spring", "Speed dating next month"} <= {
        item["title"] for item in later_on
    }
