"""Role-by-action tables for projects and ideas (roles from `member_cast`)."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.projects import permissions as p
from tests.factories.projects import IdeaFactory, ProjectFactory, ProjectPartnerFactory

ROLES = [
    "anonymous",
    "contact_a",
    "contact_b",
    "staff_a",
    "staff_b",
    "manager_a",
    "officer",
    "superuser",
]

CLUSTER_A_TABLE: dict[Any, set[str]] = {
    p.can_view_portfolio: {
        "contact_a",
        "contact_b",
        "staff_a",
        "manager_a",
        "officer",
        "superuser",
    },
    p.can_oversee_portfolio: {"staff_a", "manager_a", "officer", "superuser"},
    p.can_create_project: {"staff_a", "manager_a", "superuser"},
    p.can_view_idea_board: {"contact_a", "contact_b", "staff_a", "manager_a", "superuser"},
    p.can_post_idea: {"contact_a", "contact_b", "staff_a", "manager_a", "superuser"},
}

# A project led by cluster A with org A (contact_a) as a partner.
PROJECT_TABLE: dict[Any, set[str]] = {
    p.can_view_project: {"contact_a", "staff_a", "manager_a", "officer", "superuser"},
    p.can_edit_project: {"staff_a", "manager_a", "superuser"},
    p.can_record_project_decision: {"staff_a", "manager_a", "officer", "superuser"},
    p.can_reopen_project: {"manager_a", "superuser"},
    p.can_view_project_history: {"staff_a", "manager_a", "officer", "superuser"},
}

# An idea of cluster A posted for org A, by status.
IDEA_TABLE: dict[tuple[str, Any], set[str]] = {
    ("open", p.can_view_idea): {"contact_a", "contact_b", "staff_a", "manager_a", "superuser"},
    ("withdrawn", p.can_view_idea): {"contact_a", "staff_a", "manager_a", "superuser"},
    ("open", p.can_edit_idea): {"contact_a", "staff_a", "manager_a", "superuser"},
    ("open", p.can_express_interest): {"contact_b"},
    ("open", p.can_convert_idea): {"staff_a", "manager_a", "superuser"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", list(CLUSTER_A_TABLE), ids=lambda f: f.__name__)
def test_cluster_table(member_cast: Any, predicate: Any, role: str) -> None:
    expected = role in CLUSTER_A_TABLE[predicate]
    assert predicate(member_cast.user(role), member_cast.cluster_a) is expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", list(PROJECT_TABLE), ids=lambda f: f.__name__)
def test_project_table(member_cast: Any, predicate: Any, role: str) -> None:
    project = ProjectFactory(lead_cluster=member_cast.cluster_a)
    ProjectPartnerFactory(project=project, organisation=member_cast.org_a)
    expected = role in PROJECT_TABLE[predicate]
    assert predicate(member_cast.user(role), project) is expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("status", "predicate"), list(IDEA_TABLE), ids=lambda v: getattr(v, "__name__", str(v))
)
def test_idea_table(member_cast: Any, status: str, predicate: Any, role: str) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a, status=status)
    expected = role in IDEA_TABLE[(status, predicate)]
    assert predicate(member_cast.user(role), idea) is expected


def test_participating_cluster_team_reads_but_does_not_edit(member_cast: Any) -> None:
    project = ProjectFactory(lead_cluster=member_cast.cluster_a)
    project.clusters.add(member_cast.cluster_b)
    assert p.can_view_project(member_cast.staff_b, project)
    assert not p.can_edit_project(member_cast.staff_b, project)


def test_candidate_partner_contact_sees_the_project(member_cast: Any) -> None:
    project = ProjectFactory(lead_cluster=member_cast.cluster_a)
    ProjectPartnerFactory(project=project, organisation=member_cast.org_b, status="candidate")
    assert p.can_view_project(member_cast.contact_b, project)


def test_poster_without_organisation_can_edit_own_idea(member_cast: Any) -> None:
    idea = IdeaFactory(
        cluster=member_cast.cluster_a, organisation=None, posted_by=member_cast.staff_b
    )
    assert p.can_edit_idea(member_cast.staff_b, idea)
    assert not p.can_edit_idea(member_cast.contact_a, idea)
