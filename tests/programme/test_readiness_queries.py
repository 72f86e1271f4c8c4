"""The readiness page runs the same few queries whatever the cluster's size (issue 15)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klynge.events.models import Feedback
from klynge.members.figures import invalidate_member_figures
from klynge.programme.models import ClusterFinance
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.events import EventFactory, RegistrationFactory, in_days
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.programme import CertificationLabelFactory
from tests.factories.projects import (
    FundingSourceFactory,
    OutcomeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")

# Layout (session user, role clusters), cluster, frameworks, criteria, the composition's two reads
# (only when its cached figure is gone) and one query for every other input.
COLD = 8
WARM = 6


def _grow(cluster: Any, n: int) -> None:
    """n more members, each at an event of the last year with feedback, and n projects of the
    window with two member partners, funding and an outcome; n more team members."""
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=300)
    for _ in range(n):
        organisations = [OrganisationFactory(kind=kind) for kind in ("sme", "university")]
        for organisation in organisations:
            MembershipFactory(cluster=cluster, organisation=organisation, joined_on=year_ago)
        event = EventFactory(cluster=cluster, starts_at=in_days(-30))
        registration = RegistrationFactory(
            event=event,
            person=PersonFactory(organisation=organisations[0]),
            status="attended",
        )
        Feedback.objects.create(registration=registration, score=7)
        project = ProjectFactory(
            lead_cluster=cluster, status="running", start_date=year_ago, end_date=None
        )
        for organisation in organisations:
            ProjectPartnerFactory(project=project, organisation=organisation, status="confirmed")
        FundingSourceFactory(project=project)
        OutcomeFactory(project=project, date=today)
        ClusterRoleFactory(cluster=cluster)


def _counts(client: Any, url: str, capture_on_commit: Any) -> tuple[int, int, Any]:
    """Queries of the page with the composition's cached figure gone, then with it cached."""
    with capture_on_commit(execute=True):
        invalidate_member_figures()
    counted = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counted.append(len(captured))
    return counted[0], counted[1], response.context["readiness"]


def test_readiness_page_queries_do_not_grow(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cluster = cast.cluster_a
    today = timezone.localdate()
    ClusterFinance.objects.create(cluster=cluster, year=today.year, membership_fees=100)
    CertificationLabelFactory(cluster=cluster, awarded_on=today - datetime.timedelta(days=10))
    client = client_for(cast.officer)
    url = f"/programme/clusters/{cluster.slug}/readiness/?framework=esca-gold"
    client.get(url)  # the session and the layout's own caches

    _grow(cluster, 2)
    small = _counts(client, url, django_capture_on_commit_callbacks)
    _grow(cluster, 12)
    large = _counts(client, url, django_capture_on_commit_callbacks)

    assert small[:2] == large[:2]
    assert large[0] <= COLD and large[1] <= WARM, large[:2]
    inputs = large[2].inputs
    assert (inputs.total_members, inputs.events_held, inputs.cooperation_projects) == (28, 14, 14)
    assert (inputs.feedback_answers, inputs.outcomes, inputs.label_grade) == (14, 14, "gold")
