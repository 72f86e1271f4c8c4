from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.clusters.models import ClusterRole
from klynge.core.models import AuditEntry
from tests.factories.clusters import ClusterFactory, TopicFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        ("anonymous", "Browse clusters"),
        ("staff_a", 'data-testid="cluster-home"'),
        ("officer", 'data-testid="programme-home"'),
    ],
)
def test_home_differs_by_role(cast: Any, role: str, marker: str) -> None:
    response = client_for(cast.user(role)).get("/")
    assert response.status_code == 200
    assert marker in response.content.decode()


def test_home_for_user_without_role_says_what_to_do(db: Any) -> None:
    from tests.factories.accounts import UserFactory

    response = client_for(UserFactory()).get("/")
    assert 'data-testid="no-role"' in response.content.decode()


def test_cluster_list_searches_and_paginates(db: Any) -> None:
    topic = TopicFactory(slug="smart-grids", name_en="Smart grids", name_nb="Smarte nett")
    for i in range(30):
        cluster = ClusterFactory(name=f"Energy cluster {i:02d}", slug=f"energy-{i}")
        if i == 7:
            cluster.focus_topics.add(topic)
    ClusterFactory(name="Media cluster", slug="media")
    client = Client()
    page1 = client.get(reverse("clusters:list"))
    assert "31 clusters" in page1.content.decode()
    assert "Page 1 of 2" in page1.content.decode()
    found = client.get(reverse("clusters:list"), {"q": "smart grids"}).content.decode()
    assert "Energy cluster 07" in found and "Energy cluster 08" not in found
    assert "1 cluster" in found


def test_cluster_export_only_for_programme_view(cast: Any) -> None:
    url = reverse("clusters:list") + "?export=csv"
    public = client_for(cast.staff_a).get(url)
    assert public["Content-Type"].startswith("text/html")
    officer = client_for(cast.officer).get(url)
    assert officer["Content-Type"].startswith("text/csv")
    assert "Cluster A" in officer.content.decode("utf-8-sig")
    xlsx = client_for(cast.officer).get(reverse("clusters:list") + "?export=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_cluster_list_query_count_is_bounded(cast: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(60):
        ClusterFactory(name=f"Many {i}", slug=f"many-{i}").focus_topics.add(
            TopicFactory(slug=f"t{i}")
        )
    client = client_for(cast.officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("clusters:list")).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("staff_a", 403),
        ("staff_b", 403),
        ("officer", 403),
        ("manager_a", 200),
        ("superuser", 200),
    ],
)
def test_edit_page_access(cast: Any, role: str, status: int) -> None:
    response = client_for(cast.user(role)).get(reverse("clusters:edit", args=["cluster-a"]))
    assert response.status_code == status


def test_manager_edits_profile_with_field_errors_and_audit(cast: Any) -> None:
    client = client_for(cast.manager_a)
    url = reverse("clusters:edit", args=["cluster-a"])
    bad = client.post(url, {"name": "", "short_name": "A", "country": "NO", "founded": "1700"})
    assert bad.status_code == 200
    assert bad.context["form"].errors.keys() >= {"name", "founded"}
    good = client.post(
        url,
        {
            "name": "Cluster A renamed",
            "short_name": "A",
            "country": "NO",
            "founded": "2009",
            "description_en": "Energy",
            "description_nb": "Energi",
        },
    )
    assert good.status_code == 302
    cast.cluster_a.refresh_from_db()
    assert cast.cluster_a.name == "Cluster A renamed"
    entry = AuditEntry.objects.get(action="klynge.clusters.cluster.updated")
    assert entry.actor == cast.manager_a and entry.cluster_id == cast.cluster_a.pk
    assert "name" in entry.data["changed"]


def test_team_assign_and_last_manager_rule(cast: Any) -> None:
    client = client_for(cast.manager_a)
    url = reverse("clusters:team", args=["cluster-a"])
    unknown = client.post(url, {"email": "nobody@example.org", "role": "staff"})
    assert "No user has the email address" in unknown.content.decode()
    assert client.post(url, {"email": "staff-b@example.org", "role": "staff"}).status_code == 302
    assert ClusterRole.objects.filter(user=cast.staff_b, cluster=cast.cluster_a).exists()
    manager_role = ClusterRole.objects.get(user=cast.manager_a, cluster=cast.cluster_a)
    response = client.post(
        reverse("clusters:role_remove", args=["cluster-a", manager_role.pk]), follow=True
    )
    assert "at least one manager" in response.content.decode()
    assert ClusterRole.objects.filter(pk=manager_role.pk).exists()


def test_switcher_changes_active_cluster_only_to_own(cast: Any) -> None:
    ClusterRole.objects.create(user=cast.staff_a, cluster=cast.cluster_b, role="staff")
    client = client_for(cast.staff_a)
    home = client.get("/").content.decode()
    assert 'data-testid="cluster-switcher"' in home
    client.post(reverse("clusters:switch"), {"cluster": "cluster-b", "next": "/"})
    assert client.get("/").context["active_cluster"] == cast.cluster_b
    other = ClusterFactory(slug="not-mine")
    assert client.post(reverse("clusters:switch"), {"cluster": other.slug}).status_code == 403


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/clusters/cluster-a/members/?kind=sme", "/clusters/cluster-b/members/?kind=sme"),
        ("/events/?cluster=cluster-a&period=past", "/events/?cluster=cluster-b&period=past"),
        ("/programme/clusters/cluster-a/", "/programme/clusters/cluster-b/"),
        ("/events/12/", "/"),
        ("/courses/", "/courses/"),
        ("/no/such/page/", "/"),
    ],
)
def test_switcher_shows_the_same_page_of_the_new_cluster(
    cast: Any, next_url: str, expected: str
) -> None:
    ClusterRole.objects.create(user=cast.staff_a, cluster=cast.cluster_b, role="staff")
    response = client_for(cast.staff_a).post(
        reverse("clusters:switch"), {"cluster": "cluster-b", "next": next_url}
    )
    assert response.status_code == 302 and response["Location"] == expected


def test_audit_page_lists_cluster_entries_only(cast: Any) -> None:
    from klynge.core.audit import log_action

    log_action(
        actor=cast.manager_a, action="klynge.clusters.cluster.updated", target=cast.cluster_a
    )
    log_action(actor=cast.staff_b, action="klynge.clusters.cluster.updated", target=cast.cluster_b)
    body = client_for(cast.manager_a).get(reverse("clusters:audit", args=["cluster-a"])).content
    assert b"manager-a@example.org" in body and b"staff-b@example.org" not in body
    assert b"Cluster updated" in body and b"klynge.clusters" not in body


def test_home_shows_the_active_clusters_module_sections(cast: Any) -> None:
    body = client_for(cast.manager_a).get("/").content.decode()
    assert 'data-testid="cluster-members"' in body
    assert 'data-testid="upcoming-events"' in body
    assert 'data-testid="cluster-projects"' in body


def test_cluster_page_sections_follow_permissions(cast: Any) -> None:
    url = reverse("clusters:detail", args=["cluster-a"])
    public = client_for(cast.anonymous).get(url).content.decode()
    assert 'data-testid="upcoming-events"' in public
    assert reverse("members:composition", args=["cluster-a"]) not in public
    team = client_for(cast.staff_a).get(url).content.decode()
    assert reverse("members:composition", args=["cluster-a"]) in team
    assert reverse("members:import", args=["cluster-a"]) in team


CLUSTER_PAGE_QUERIES = 12


@pytest.mark.parametrize("size", [1, 6])
def test_cluster_page_query_count_is_bounded(
    cast: Any, size: int, django_assert_max_num_queries: Any
) -> None:
    """Every section of the manager's cluster page filled with `size` rows: the same queries."""
    import datetime

    from django.utils import timezone

    from klynge.communication.models import Post
    from tests.factories.events import EventFactory
    from tests.factories.insight import SurveyFactory
    from tests.factories.learning import CourseFactory
    from tests.factories.members import MembershipFactory
    from tests.factories.programme import CertificationLabelFactory, ClusterStatusFactory

    cluster = cast.cluster_a
    ClusterStatusFactory(cluster=cluster)
    CertificationLabelFactory(cluster=cluster, awarded_on=timezone.localdate())
    for i in range(size):
        cluster.focus_topics.add(TopicFactory(slug=f"topic-{i}"))
        MembershipFactory(cluster=cluster)
        event = EventFactory(cluster=cluster)
        event.co_hosts.add(cast.cluster_b)
        SurveyFactory(cluster=cluster)
        CourseFactory(cluster=cluster)
        Post.objects.create(
            cluster=cluster,
            title_en=f"News {i}",
            visibility="public",
            publish_at=timezone.now() - datetime.timedelta(hours=1),
        )
    client = client_for(cast.manager_a)
    with django_assert_max_num_queries(CLUSTER_PAGE_QUERIES):
        response = client.get(reverse("clusters:detail", args=[cluster.slug]))
    assert response.status_code == 200
    assert response.content.count(b"Seminar ") == min(size, 5)
    assert b'data-testid="level-badge"' in response.content
