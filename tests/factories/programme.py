from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from klynge.programme.models import CertificationLabel, ClusterStatus, Level

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
