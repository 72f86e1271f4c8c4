"""The project status changes only through the transitions table, with a clear refusal otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from klynge.core.errors import DomainError
from klynge.core.models import AuditEntry
from klynge.projects.models import Project
from klynge.projects.services import project_transition
from klynge.projects.workflow import PROJECT_WORKFLOW
from tests.factories.projects import ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db

S = Project.Status


def test_happy_path_through_the_table_is_audited(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, status=S.IDEA)
    ProjectPartnerFactory(project=project)
    path = ["form_consortium", "plan", "apply", "approve", "start", "complete"]
    for action in path:
        project_transition(actor=cast.staff_a, project=project, action=action, note="ok")
    project.refresh_from_db()
    assert project.status == S.COMPLETED
    entries = AuditEntry.objects.filter(action="klynge.projects.project.transitioned").order_by(
        "id"
    )
    assert [e.data["action"] for e in entries] == path
    assert entries.last().data == {
        "from": "running",
        "to": "completed",
        "action": "complete",
        "note": "ok",
    }
    assert entries.last().cluster_id == cast.cluster_a.pk
    assert entries.last().actor == cast.staff_a


ALL_ACTIONS = sorted(PROJECT_WORKFLOW.actions)


@pytest.mark.parametrize("status", S.values)
def test_every_action_outside_the_table_is_refused(cast: Any, status: str) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, status=status)
    allowed = {t.action for t in PROJECT_WORKFLOW.transitions_from(status)}
    for action in ALL_ACTIONS:
        if action in allowed:
            continue
        with pytest.raises(DomainError) as info:
            project_transition(actor=cast.superuser, project=project, action=action)
        assert info.value.code == "invalid_transition"
        assert "Allowed from here:" in info.value.message
    project.refresh_from_db()
    assert project.status == status
    assert not AuditEntry.objects.filter(action="klynge.projects.project.transitioned").exists()


def test_refusal_message_names_status_action_and_alternatives(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, status=S.COMPLETED)
    with pytest.raises(DomainError) as info:
        project_transition(actor=cast.manager_a, project=project, action="approve")
    assert info.value.message == (
        "This project is in status ‘Completed’, where ‘Approve’ is not possible. "
        "Allowed from here: ‘Reopen’."
    )


def test_apply_needs_a_confirmed_partner(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, status=S.PLANNED)
    ProjectPartnerFactory(project=project, status="candidate")
    with pytest.raises(DomainError) as info:
        project_transition(actor=cast.staff_a, project=project, action="apply")
    assert info.value.message == "Confirm at least one partner before applying."
    ProjectPartnerFactory(project=project, status="confirmed")
    project_transition(actor=cast.staff_a, project=project, action="apply")
    assert project.status == S.APPLIED


@pytest.mark.parametrize(
    ("role", "action", "status", "allowed"),
    [
        ("staff_a", "plan", S.IDEA, True),
        ("staff_b", "plan", S.IDEA, False),
        ("officer", "plan", S.IDEA, False),
        ("officer", "approve", S.APPLIED, True),
        ("officer", "reject", S.APPLIED, True),
        ("staff_a", "approve", S.APPLIED, True),
        ("staff_b", "approve", S.APPLIED, False),
        ("staff_a", "reopen", S.COMPLETED, False),
        ("manager_a", "reopen", S.COMPLETED, True),
        ("superuser", "reopen", S.CANCELLED, True),
    ],
)
def test_transition_permissions(
    cast: Any, role: str, action: str, status: str, allowed: bool
) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, status=status)
    if allowed:
        project_transition(actor=cast.user(role), project=project, action=action)
        transition = PROJECT_WORKFLOW.find(status, action)
        assert transition is not None
        assert project.status == transition.target
    else:
        with pytest.raises(PermissionDenied):
            project_transition(actor=cast.user(role), project=project, action=action)
        project.refresh_from_db()
        assert project.status == status


def test_available_actions_for_staff_and_officer(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, status=S.APPLIED)
    staff = [t.action for t in PROJECT_WORKFLOW.available(cast.staff_a, project)]
    officer = [t.action for t in PROJECT_WORKFLOW.available(cast.officer, project)]
    assert staff == ["approve", "reject", "withdraw", "cancel"]
    assert officer == ["approve", "reject"]


def test_stale_object_is_checked_against_the_stored_status(cast: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, status=S.RUNNING)
    stale = Project.objects.get(pk=project.pk)
    project_transition(actor=cast.staff_a, project=project, action="complete")
    with pytest.raises(DomainError):
        project_transition(actor=cast.staff_a, project=stale, action="complete")
    assert stale.status == S.RUNNING  # the stale copy was not written
    project.refresh_from_db()
    assert project.status == S.COMPLETED
