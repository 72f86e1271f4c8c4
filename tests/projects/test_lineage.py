"""Lineage on hand-built chains: ancestors and descendants in bounded queries; cycles refused."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.projects.models import Project, ProjectObjective
from klynge.projects.selectors.lineage import ancestor_ids, descendant_depths, project_lineage
from klynge.projects.services import (
    project_create_main_project,
    project_set_predecessor,
)
from tests.factories.clusters import TopicFactory
from tests.factories.projects import IdeaFactory, ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


def chain(cast: Any, length: int) -> list[Project]:
    """p0 <- p1 <- ... (each follows the one before), written directly."""
    projects: list[Project] = []
    for index in range(length):
        projects.append(
            ProjectFactory(
                lead_cluster=cast.cluster_a,
                title=f"P{index}",
                predecessor=projects[-1] if projects else None,
            )
        )
    return projects


def test_ancestors_and_descendants_of_a_middle_project(cast: Any) -> None:
    p = chain(cast, 5)
    branch = ProjectFactory(lead_cluster=cast.cluster_a, title="Branch", predecessor=p[2])
    assert ancestor_ids(p[2].pk) == [p[1].pk, p[0].pk]
    assert descendant_depths(p[2].pk) == {p[3].pk: 1, p[4].pk: 2, branch.pk: 1}
    assert ancestor_ids(p[0].pk) == []
    assert descendant_depths(p[4].pk) == {}


def test_lineage_selector_orders_the_timeline_in_bounded_queries(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    idea = IdeaFactory(cluster=cast.cluster_a)
    p = chain(cast, 30)
    Project.objects.filter(pk=p[0].pk).update(origin_idea=idea)
    with django_assert_max_num_queries(3):
        lineage = project_lineage(project=p[10])
    assert [n.project.title for n in lineage.nodes] == [f"P{i}" for i in range(30)]
    assert [n.depth for n in lineage.nodes] == list(range(-10, 20))
    assert lineage.idea == idea
    assert lineage.ancestors[0] == p[0] and lineage.descendants[-1] == p[29]
    assert lineage.has_chain


def test_lone_project_has_no_chain(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    lineage = project_lineage(project=project)
    assert not lineage.has_chain
    assert [n.is_current for n in lineage.nodes] == [True]


def test_set_predecessor_links_and_audits(cast: Any) -> None:
    first, second = (
        ProjectFactory(lead_cluster=cast.cluster_a),
        ProjectFactory(lead_cluster=cast.cluster_a),
    )
    project_set_predecessor(actor=cast.staff_a, project=second, predecessor=first)
    second.refresh_from_db()
    assert second.predecessor == first
    entry = AuditEntry.objects.get(action="klynge.projects.lineage.linked")
    assert entry.data["to"] == first.pk
    project_set_predecessor(actor=cast.staff_a, project=second, predecessor=None)
    second.refresh_from_db()
    assert second.predecessor is None
    assert AuditEntry.objects.filter(action="klynge.projects.lineage.unlinked").count() == 1


def test_cycle_attempt_is_refused_with_a_clear_message(cast: Any) -> None:
    p = chain(cast, 4)
    with pytest.raises(DomainError) as info:
        project_set_predecessor(actor=cast.staff_a, project=p[0], predecessor=p[3])
    assert info.value.code == "lineage_cycle"
    assert info.value.field == "predecessor"
    assert "‘P0’ cannot follow ‘P3’" in info.value.message
    assert "circle" in info.value.message
    p[0].refresh_from_db()
    assert p[0].predecessor is None
    assert not AuditEntry.objects.filter(action__startswith="klynge.projects.lineage").exists()


def test_two_step_cycle_and_self_reference_are_refused(cast: Any) -> None:
    a, b = chain(cast, 2)
    with pytest.raises(DomainError):
        project_set_predecessor(actor=cast.staff_a, project=a, predecessor=b)
    with pytest.raises(DomainError) as info:
        project_set_predecessor(actor=cast.staff_a, project=a, predecessor=a)
    assert info.value.message == "A project cannot follow itself."


def test_moving_a_subtree_elsewhere_is_fine(cast: Any) -> None:
    p = chain(cast, 3)
    other = ProjectFactory(lead_cluster=cast.cluster_a, title="Other")
    project_set_predecessor(actor=cast.staff_a, project=p[1], predecessor=other)
    assert ancestor_ids(p[2].pk) == [p[1].pk, other.pk]


def test_selectors_terminate_on_a_cycle_written_around_the_service(cast: Any) -> None:
    a, b = chain(cast, 2)
    Project.objects.filter(pk=a.pk).update(predecessor=b)
    assert ancestor_ids(a.pk) == [b.pk]
    assert set(descendant_depths(a.pk)) == {b.pk}


def main_ready_pre_project(cast: Any) -> Project:
    pre = ProjectFactory(
        lead_cluster=cast.cluster_a,
        title="Flex data",
        kind=Project.Kind.PRE_PROJECT,
        status=Project.Status.COMPLETED,
        summary="Pilot on flexibility data.",
    )
    pre.topics.add(TopicFactory(slug="flex"))
    pre.clusters.add(cast.cluster_b)
    ProjectObjective.objects.create(project=pre, kind="sme_competence")
    ProjectObjective.objects.create(project=pre, kind="other", text="Open data format")
    ProjectPartnerFactory(project=pre, role="lead", cash=10)
    ProjectPartnerFactory(project=pre, role="partner")
    return pre


def test_main_project_copies_partners_topics_objectives(cast: Any) -> None:
    pre = main_ready_pre_project(cast)
    main = project_create_main_project(actor=cast.staff_a, pre_project=pre)
    main.refresh_from_db()
    assert main.kind == Project.Kind.MAIN_PROJECT
    assert main.status == Project.Status.FORMING
    assert main.predecessor == pre
    assert main.title == "Flex data – main project"
    assert set(main.topics.values_list("slug", flat=True)) == {"flex"}
    assert set(main.clusters.all()) == {cast.cluster_b}
    assert sorted(str(o) for o in main.objectives.all()) == [
        "Open data format",
        "SME competence lift",
    ]
    partners = {(p.organisation_id, p.role, p.status, p.cash) for p in main.partners.all()}
    assert partners == {(p.organisation_id, p.role, "candidate", 0) for p in pre.partners.all()}
    assert project_lineage(project=pre).descendants == (main,)


def test_only_one_main_project_per_pre_project(cast: Any) -> None:
    pre = main_ready_pre_project(cast)
    project_create_main_project(actor=cast.staff_a, pre_project=pre, title="Main")
    with pytest.raises(ConflictError) as info:
        project_create_main_project(actor=cast.staff_a, pre_project=pre)
    assert "already led to the main project ‘Main’" in info.value.message


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("collaboration", "completed", "invalid"),
        ("pre_project", "planned", "pre_project_not_ready"),
    ],
)
def test_main_project_only_from_running_or_completed_pre_project(
    cast: Any, kind: str, status: str, code: str
) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, kind=kind, status=status)
    with pytest.raises(DomainError) as info:
        project_create_main_project(actor=cast.staff_a, pre_project=project)
    assert info.value.code == code
    assert Project.objects.count() == 1
