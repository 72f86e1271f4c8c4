from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from klynge.programme.models import Application, Call, CertificationLabel, ClusterStatus, Level

from .clusters import ClusterFactory


def shipped_level(code: str) -> Level:
    """A shipped level (loads the shipped data first: transactional tests flush it)."""
    level = Level.objects.filter(code=code).first()
    if level is None:
        from klynge.programme.loaders import load_shipped

        load_shipped()
        level = Level.objects.get(code=code)
    return level


class ClusterStatusFactory(DjangoModelFactory):
    class Meta:
        model = ClusterStatus

    cluster = factory.SubFactory(ClusterFactory)
    level = factory.LazyFunction(lambda: shipped_level("nce"))
    starts_on = datetime.date(2009, 1, 1)
    ends_on = None


class CertificationLabelFactory(DjangoModelFactory):
    class Meta:
        model = CertificationLabel

    cluster = factory.SubFactory(ClusterFactory)
    grade = CertificationLabel.Grade.GOLD
    awarded_on = datetime.date(2019, 6, 1)
    valid_until = factory.LazyAttribute(
        lambda o: o.awarded_on.replace(year=o.awarded_on.year + 2) - datetime.timedelta(days=1)
    )
    score_percent = 95
    assessor = "ESCA (fictional test assessor)"


def _now_plus(days: float) -> datetime.datetime:
    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=days)


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Pre-project call {n}")
    kind = Call.Kind.PRE_PROJECT
    opens_at = factory.LazyFunction(lambda: _now_plus(-10))
    closes_at = factory.LazyFunction(lambda: _now_plus(20))
    period = "2021"
    quota_per_cluster = 2
    max_grant = 1_000_000
    is_published = True


class ApplicationFactory(DjangoModelFactory):
    """An application row written directly; `ready_project` gives a project that can apply."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    cluster = factory.SubFactory(ClusterFactory)
    project = factory.LazyAttribute(lambda o: ready_project(o.cluster))
    amount_requested = 400_000
    summary = "A fictional pre-project."


def ready_project(cluster: object, **fields: object) -> object:
    """A planned pre-project led by `cluster` with a confirmed partner and a budget."""
    from .projects import ProjectFactory, ProjectPartnerFactory

    values = {
        "kind": "pre_project",
        "status": "planned",
        "total_eligible_cost": 1_000_000,
        "private_cash": 300_000,
        "in_kind": 300_000,
        **fields,
    }
    project = ProjectFactory(lead_cluster=cluster, **values)
    ProjectPartnerFactory(project=project, role="lead")
    return project
