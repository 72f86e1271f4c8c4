"""The programme demo: levels and history, labels, the 2020 decision, calls with every state."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from klynge.accounts.models import User
from klynge.programme.models import (
    AnnualReport,
    Application,
    Assessment,
    Call,
    CertificationLabel,
    ClusterStatus,
    FollowUpReport,
)
from klynge.programme.selectors.calls import quota_use
from klynge.programme.selectors.statuses import level_current

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_allowed")]
D = datetime.date


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (
            ClusterStatus,
            CertificationLabel,
            Assessment,
            Call,
            Application,
            AnnualReport,
            FollowUpReport,
        )
    )


def test_programme_demo_is_complete_and_idempotent() -> None:
    call_command("demo", stdout=io.StringIO())
    first = counts()
    call_command("demo", stdout=io.StringIO())
    assert counts() == first

    assert level_current(cluster=_pk("nce-smart-energy-markets"), on=D(2015, 1, 1)).code == "nce"
    assert (
        level_current(cluster=_pk("nce-smart-energy-markets"), on=D(2020, 11, 20)).code == "mature"
    )
    waiting = FollowUpReport.objects.get(status="submitted")  # on the officer's desk
    assert waiting.application.cluster.slug == "nce-smart-energy-markets"
    assert waiting.outcomes and waiting.due_on < timezone.localdate()
    assessment = Assessment.objects.get(cluster__slug="nce-smart-energy-markets", period="2020")
    assert (assessment.status, assessment.outcome, assessment.granted_level.code) == (
        "decided",
        "passed",
        "mature",
    )
    for slug in ("oslo-cancer-cluster", "eyde", "nce-media", "norway-health-tech"):
        assert level_current(cluster=_pk(slug), on=D(2021, 11, 15)).code == "mature"
    assert (
        level_current(cluster=_pk("arena-pro-gronn-logistikk"), on=D(2021, 1, 1)).code
        == "arena-pro"
    )
    assert (
        CertificationLabel.objects.filter(
            cluster__slug="nce-smart-energy-markets", grade="gold"
        ).count()
        == 4
    )

    pre = Call.objects.get(
        kind="pre_project",
        title__startswith="Pre-projects for mature clusters 2",
        is_published=True,
        quota_per_cluster=2,
        period__gt="2021",
    )
    states = set(Application.objects.values_list("status", flat=True))
    assert states == {
        "draft",
        "submitted",
        "sketch_submitted",
        "invited",
        "in_review",
        "approved",
        "rejected",
        "withdrawn",
    }
    sem = _pk("nce-smart-energy-markets")
    assert quota_use(call=pre, cluster=sem).used == 2
    approved = Application.objects.get(call=pre, status="approved")
    assert approved.project.status == "approved"
    flagged = Application.objects.get(call=pre, cluster_id=sem, status="in_review").assignments.get(
        evaluator__email="evaluator2@programme.demo"
    )
    assert flagged.flagged_conflict == "Høgskolen i Grenseland" and flagged.status == "recused"
    for email in ("evaluator1@programme.demo", "evaluator2@programme.demo"):
        assert User.objects.get(email=email).check_password("klynge-demo-2026")
    assert AnnualReport.objects.filter(status="submitted").count() == 1


def _pk(slug: str) -> int:
    from klynge.clusters.models import Cluster

    return Cluster.objects.get(slug=slug).pk
