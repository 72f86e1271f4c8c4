"""Lists and the decision pack run a bounded number of queries, however many rows there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from klynge.programme.models import Framework
from klynge.programme.selectors.decision_pack import decision_pack
from klynge.programme.services.applications import application_transition
from klynge.programme.services.reviews import (
    assignment_create,
    conflict_declare,
    evaluator_add,
    review_save,
)
from tests.factories.clusters import ClusterFactory
from tests.factories.programme import ApplicationFactory, CallFactory

pytestmark = pytest.mark.usefixtures("shipped")


@pytest.fixture
def many(cast: Any) -> Any:
    framework = Framework.objects.get(code="pre-project")
    call = CallFactory(framework=framework, quota_per_cluster=None)
    evaluators = [
        evaluator_add(actor=cast.officer, email=f"ev{i}@example.org").user for i in range(2)
    ]
    criteria = list(framework.criteria.all())
    for _ in range(12):
        application = ApplicationFactory(call=call, cluster=ClusterFactory(), status="submitted")
        application_transition(actor=cast.officer, application=application, action="start_review")
        for user in evaluators:
            assignment = assignment_create(
                actor=cast.officer, application=application, evaluator=user
            )
            conflict_declare(actor=user, assignment=assignment, has_conflict=False)
            review_save(
                actor=user,
                assignment=assignment,
                submit=True,
                recommendation="fund",
                scores={c.pk: {"score": 5} for c in criteria},
            )
    cast.call = call
    return cast


def test_application_list_page_is_bounded(many: Any, django_assert_max_num_queries: Any) -> None:
    client = Client()
    client.force_login(many.officer)
    with django_assert_max_num_queries(12):
        response = client.get("/programme/applications/")
    assert len(response.context["page"].object_list) == 12


def test_decision_pack_is_bounded(many: Any, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(12):
        entries = decision_pack(call=many.call)
        assert all(e.summary.submitted == 2 for e in entries)
    assert len(entries) == 12


def test_call_list_is_bounded(many: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(10):
        CallFactory()
    client = Client()
    with django_assert_max_num_queries(8):
        response = client.get("/programme/calls/")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_cluster_programme_page_is_bounded(
    cast: Any, size: int, django_assert_max_num_queries: Any
) -> None:
    """Levels, labels, assessments, applications and reports of any length: at most 8 queries."""
    import datetime

    from django.utils import timezone

    from klynge.programme.services.assessments import assessment_create
    from klynge.programme.services.reports import report_create
    from tests.factories.programme import (
        CertificationLabelFactory,
        ClusterStatusFactory,
        shipped_level,
    )

    cluster, today = cast.cluster_a, timezone.localdate()
    for i in range(size):
        start = datetime.date(2000 + 2 * i, 1, 1)
        last = i == size - 1
        ClusterStatusFactory(
            cluster=cluster,
            level=shipped_level("nce" if last else "arena"),
            starts_on=start,
            ends_on=None if last else datetime.date(2002 + 2 * i, 1, 1),
        )
        CertificationLabelFactory(cluster=cluster, awarded_on=start, grade="silver")
        assessment_create(
            actor=cast.officer,
            cluster=cluster,
            framework=Framework.objects.get(code="mature-cluster"),
            period=str(2000 + i),
            as_of=start,
        )
        ApplicationFactory(cluster=cluster, call=CallFactory())
        report_create(actor=cast.manager_a, cluster=cluster, year=2010 + i)
    CertificationLabelFactory(cluster=cluster, awarded_on=today - datetime.timedelta(days=30))
    client = Client()
    client.force_login(cast.officer)
    with django_assert_max_num_queries(8):
        response = client.get(f"/programme/clusters/{cluster.slug}/")
    assert response.status_code == 200
    badge = response.context["badge"]
    assert (badge.level.code, badge.label.grade) == ("nce", "gold")
    assert len(response.context["history"]) == size
    assert b'data-testid="level-badge"' in response.content
