"""Creating and editing projects and their budgets."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from klynge.core.errors import DomainError
from klynge.core.models import AuditEntry
from klynge.projects.models import Project
from klynge.projects.services import project_budget_update, project_create, project_update
from tests.factories.clusters import TopicFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def test_create_sets_topics_clusters_objectives_and_audits(cast: Any) -> None:
    topic = TopicFactory()
    project = project_create(
        actor=cast.staff_a,
        cluster=cast.cluster_a,
        title="  Smart Energi Hvaler ",
        kind=Project.Kind.COLLABORATION,
        topics=[topic],
        clusters=[cast.cluster_a, cast.cluster_b],
        objectives=["new_technology", "sme_competence"],
        other_objectives=["Local energy community", "  "],
        start_date=datetime.date(2016, 1, 1),
    )
    assert project.title == "Smart Energi Hvaler"
    assert project.status == Project.Status.IDEA
    assert project.created_by == cast.staff_a
    assert list(project.clusters.all()) == [cast.cluster_b]
    assert sorted(o.kind for o in project.objectives.all()) == [
        "new_technology",
        "other",
        "sme_competence",
    ]
    entry = AuditEntry.objects.get(action="klynge.projects.project.created")
    assert entry.cluster_id == cast.cluster_a.pk and entry.data == {
        "kind": "collaboration",
        "status": "idea",
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "X", "kind": "nonsense"}, "kind"),
        ({"title": "X", "status": "running"}, "status"),
        (
            {
                "title": "X",
                "start_date": datetime.date(2022, 1, 1),
                "end_date": datetime.date(2021, 1, 1),
            },
            "end_date",
        ),
        ({"title": "X", "objectives": ["world_peace"]}, "objectives"),
    ],
)
def test_create_refuses_bad_input_on_the_field(cast: Any, kwargs: dict, field: str) -> None:
    with pytest.raises(DomainError) as info:
        project_create(actor=cast.staff_a, cluster=cast.cluster_a, **kwargs)
    assert info.value.field == field
    assert Project.objects.count() == 0


def test_update_records_only_what_changed(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, title="Old")
    project_update(actor=cast.staff_a, project=project, title="Old", summary="")
    assert not AuditEntry.objects.filter(action="klynge.projects.project.updated").exists()
    project_update(
        actor=cast.staff_a,
        project=project,
        title="New",
        objectives=["international"],
        other_objectives=[],
    )
    entry = AuditEntry.objects.get(action="klynge.projects.project.updated")
    assert entry.data == {"changed": ["objectives", "title"]}


def test_update_checks_dates_against_stored_ones(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, start_date=datetime.date(2021, 5, 1))
    with pytest.raises(DomainError) as info:
        project_update(actor=cast.staff_a, project=project, end_date=datetime.date(2021, 1, 1))
    assert info.value.field == "end_date"


def test_update_cannot_touch_status(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    with pytest.raises(DomainError):
        project_update(actor=cast.staff_a, project=project, status="completed")


def test_budget_update_audits_before_and_after(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    project_budget_update(
        actor=cast.staff_a, project=project, total_eligible_cost=1000, private_cash=300, in_kind=200
    )
    project.refresh_from_db()
    assert (project.total_eligible_cost, project.private_cash, project.in_kind) == (1000, 300, 200)
    entry = AuditEntry.objects.get(action="klynge.projects.budget.updated")
    assert entry.data["after"] == {"total_eligible_cost": 1000, "private_cash": 300, "in_kind": 200}
    with pytest.raises(DomainError) as info:
        project_budget_update(
            actor=cast.staff_a, project=project, total_eligible_cost=1, private_cash=-1
        )
    assert info.value.field == "private_cash"
