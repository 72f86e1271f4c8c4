"""Levels as data and the status history: closing, overlaps, the level on a date, audit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.programme.models import ClusterStatus, Level
from klynge.programme.selectors.statuses import level_current, status_history, status_map
from klynge.programme.services.statuses import (
    cluster_status_add,
    cluster_status_remove,
    cluster_status_update,
)
from tests.factories.clusters import ClusterFactory
from tests.factories.programme import ClusterStatusFactory

pytestmark = pytest.mark.usefixtures("shipped")

D = datetime.date


def level(code: str) -> Level:
    return Level.objects.get(code=code)


def test_the_five_levels_are_shipped_in_rank_order() -> None:
    codes = list(Level.objects.order_by("rank").values_list("code", flat=True))
    assert codes == ["arena", "arena-pro", "nce", "gce", "mature"]
    mature = level("mature")
    assert mature.operating_support is False
    assert mature.introduced_on == D(2020, 9, 1)


def test_nce_2009_then_mature_2020_closes_nce_on_the_new_start(cast: Any) -> None:
    cluster = cast.cluster_a
    cluster_status_add(
        actor=cast.officer, cluster=cluster, level=level("nce"), starts_on=D(2009, 1, 1)
    )
    cluster_status_add(
        actor=cast.officer,
        cluster=cluster,
        level=level("mature"),
        starts_on=D(2020, 11, 20),
        decision_reference="IN 2020/123 (fictional)",
    )
    history = list(status_history(cluster=cluster))
    assert [(s.level.code, s.starts_on, s.ends_on) for s in history] == [
        ("mature", D(2020, 11, 20), None),
        ("nce", D(2009, 1, 1), D(2020, 11, 20)),
    ]
    assert level_current(cluster=cluster, on=D(2015, 5, 1)).code == "nce"
    assert level_current(cluster=cluster, on=D(2020, 11, 19)).code == "nce"
    assert level_current(cluster=cluster, on=D(2020, 11, 20)).code == "mature"
    assert level_current(cluster=cluster, on=D(2008, 12, 31)) is None
    actions = list(
        AuditEntry.objects.filter(cluster_id=cluster.pk).values_list("action", flat=True)
    )
    assert actions.count("klynge.programme.status.added") == 2


def test_a_closed_historic_period_can_be_recorded_before_the_open_one(cast: Any) -> None:
    cluster = cast.cluster_a
    ClusterStatusFactory(cluster=cluster, level=level("nce"), starts_on=D(2014, 1, 1))
    cluster_status_add(
        actor=cast.officer,
        cluster=cluster,
        level=level("arena"),
        starts_on=D(2009, 1, 1),
        ends_on=D(2014, 1, 1),
    )
    assert [s.level.code for s in status_history(cluster=cluster)] == ["nce", "arena"]


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (D(2012, 1, 1), D(2016, 1, 1)),  # reaches into the open period
        (D(2014, 1, 1), None),  # same start as the open period
        (D(2013, 1, 1), None),  # open period starting before the open one
    ],
)
def test_overlapping_periods_are_refused(cast: Any, starts_on: Any, ends_on: Any) -> None:
    ClusterStatusFactory(cluster=cast.cluster_a, level=level("nce"), starts_on=D(2014, 1, 1))
    with pytest.raises(ConflictError) as error:
        cluster_status_add(
            actor=cast.officer,
            cluster=cast.cluster_a,
            level=level("gce"),
            starts_on=starts_on,
            ends_on=ends_on,
        )
    assert error.value.field == "starts_on"
    assert ClusterStatus.objects.filter(cluster=cast.cluster_a).count() == 1


def test_end_before_start_is_a_field_error(cast: Any) -> None:
    with pytest.raises(DomainError) as error:
        cluster_status_add(
            actor=cast.officer,
            cluster=cast.cluster_a,
            level=level("arena"),
            starts_on=D(2014, 1, 1),
            ends_on=D(2013, 1, 1),
        )
    assert error.value.field == "ends_on"


def test_update_and_remove_are_audited_and_checked(cast: Any) -> None:
    old = ClusterStatusFactory(
        cluster=cast.cluster_a, level=level("arena"), starts_on=D(2010, 1, 1), ends_on=D(2014, 1, 1)
    )
    new = ClusterStatusFactory(cluster=cast.cluster_a, level=level("nce"), starts_on=D(2014, 1, 1))
    with pytest.raises(ConflictError):
        cluster_status_update(
            actor=cast.officer,
            status=old,
            level=old.level,
            starts_on=D(2010, 1, 1),
            ends_on=D(2015, 1, 1),
        )
    cluster_status_update(
        actor=cast.officer,
        status=new,
        level=level("gce"),
        starts_on=D(2014, 1, 1),
        ends_on=None,
        decision_reference="GCE-1",
    )
    assert ClusterStatus.objects.get(pk=new.pk).level.code == "gce"
    cluster_status_remove(actor=cast.officer, status=old)
    assert not ClusterStatus.objects.filter(pk=old.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"klynge.programme.status.updated", "klynge.programme.status.removed"} <= actions


def test_status_map_is_one_query_for_many_clusters(
    django_assert_max_num_queries: Any, shipped: None
) -> None:
    clusters = ClusterFactory.create_batch(12)
    for index, cluster in enumerate(clusters):
        ClusterStatusFactory(
            cluster=cluster,
            level=level("nce"),
            starts_on=D(2009, 1, 1),
            ends_on=D(2020, 1, 1) if index % 2 else None,
        )
        if index % 2:
            ClusterStatusFactory(cluster=cluster, level=level("mature"), starts_on=D(2020, 1, 1))
    with django_assert_max_num_queries(1):
        found = status_map([c.pk for c in clusters], on=D(2021, 1, 1))
        codes = [found[c.pk].level.code for c in clusters]
    assert codes == ["nce", "mature"] * 6


@pytest.mark.parametrize(
    "on", [D(2008, 6, 1), D(2009, 1, 1), D(2015, 3, 1), D(2020, 1, 1), D(2020, 6, 1), D(2030, 1, 1)]
)
def test_badge_from_history_picks_what_badge_map_picks(cast: Any, on: datetime.date) -> None:
    from klynge.programme.selectors.statuses import badge_from_history, badge_map, label_history
    from tests.factories.programme import CertificationLabelFactory

    cluster = cast.cluster_a
    ClusterStatusFactory(cluster=cluster, starts_on=D(2009, 1, 1), ends_on=D(2020, 1, 1))
    ClusterStatusFactory(
        cluster=cluster, level=Level.objects.get(code="mature"), starts_on=D(2020, 1, 1)
    )
    CertificationLabelFactory(cluster=cluster, grade="bronze", awarded_on=D(2014, 1, 1))
    CertificationLabelFactory(cluster=cluster, grade="gold", awarded_on=D(2015, 1, 1))
    CertificationLabelFactory(cluster=cluster, grade="silver", awarded_on=D(2019, 6, 1))
    from_history = badge_from_history(
        list(status_history(cluster=cluster)), list(label_history(cluster=cluster)), on=on
    )
    assert from_history == badge_map([cluster.pk], on=on)[cluster.pk]
