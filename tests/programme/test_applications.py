"""Calls and applications: eligibility, quota (sequential), two stages, withdrawal, budget rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.programme.selectors.calls import call_eligibility, quota_use
from klynge.programme.services.applications import (
    application_create,
    application_submit,
    application_transition,
    application_withdraw,
)
from klynge.programme.services.calls import call_create
from klynge.projects.models import Project
from tests.factories.programme import (
    ApplicationFactory,
    CallFactory,
    CertificationLabelFactory,
    ClusterStatusFactory,
    ready_project,
    shipped_level,
)
from tests.factories.projects import FundingSourceFactory, ProjectFactory

pytestmark = pytest.mark.usefixtures("shipped")
D = datetime.date


@pytest.fixture
def mature_call(cast: Any) -> Any:
    """Cluster A is mature with a gold label; the call is for mature clusters with gold."""
    ClusterStatusFactory(
        cluster=cast.cluster_a, level=shipped_level("mature"), starts_on=D(2020, 11, 20)
    )
    CertificationLabelFactory(
        cluster=cast.cluster_a, awarded_on=timezone.localdate() - datetime.timedelta(days=100)
    )
    call = CallFactory(label_required="gold")
    call.allowed_levels.add(shipped_level("mature"))
    return call


def test_call_create_defaults_to_a_quota_of_two_for_pre_projects(cast: Any) -> None:
    now = timezone.now()
    call = call_create(
        actor=cast.officer,
        title="Pre-projects 2021",
        opens_at=now,
        closes_at=now + datetime.timedelta(days=30),
        period="2021",
    )
    assert (call.kind, call.quota_per_cluster, call.is_published) == ("pre_project", 2, False)
    with pytest.raises(DomainError) as error:
        call_create(actor=cast.officer, title="Bad", opens_at=now, closes_at=now, period="2021")
    assert error.value.field == "closes_at"


def test_eligibility_levels_and_valid_label(cast: Any, mature_call: Any) -> None:
    assert call_eligibility(call=mature_call, cluster=cast.cluster_a).eligible is True
    result = call_eligibility(call=mature_call, cluster=cast.cluster_b)
    assert result.eligible is False
    assert result.reasons == ("Open to Mature cluster only.", "Needs a valid Gold label or better.")
    later = timezone.localdate() + datetime.timedelta(days=700)  # the label has expired
    assert call_eligibility(call=mature_call, cluster=cast.cluster_a, on=later).eligible is False


def test_an_ineligible_cluster_cannot_submit(cast: Any, mature_call: Any) -> None:
    application = ApplicationFactory(call=mature_call, cluster=cast.cluster_b)
    with pytest.raises(DomainError) as error:
        application_submit(actor=cast.staff_b, application=application)
    assert error.value.code == "not_eligible"


def test_create_checks_the_project(cast: Any, mature_call: Any) -> None:
    other = ProjectFactory(lead_cluster=cast.cluster_b, kind="pre_project")
    with pytest.raises(DomainError) as error:
        application_create(
            actor=cast.manager_a, call=mature_call, cluster=cast.cluster_a, project=other
        )
    assert error.value.field == "project"
    main = ProjectFactory(lead_cluster=cast.cluster_a, kind="main_project")
    with pytest.raises(DomainError) as error:
        application_create(
            actor=cast.manager_a, call=mature_call, cluster=cast.cluster_a, project=main
        )
    assert "Pre-project" in error.value.message
    project = ready_project(cast.cluster_a)
    application_create(
        actor=cast.manager_a, call=mature_call, cluster=cast.cluster_a, project=project
    )
    with pytest.raises(ConflictError):
        application_create(
            actor=cast.manager_a, call=mature_call, cluster=cast.cluster_a, project=project
        )
    with pytest.raises(DomainError) as error:
        application_create(
            actor=cast.manager_a,
            call=mature_call,
            cluster=cast.cluster_a,
            project=ready_project(cast.cluster_a),
            amount_requested=5_000_000,
        )
    assert error.value.field == "amount_requested"


def test_submit_moves_the_project_to_applied_and_counts_the_quota(
    cast: Any, mature_call: Any
) -> None:
    first, second, third = (
        ApplicationFactory(call=mature_call, cluster=cast.cluster_a) for _ in range(3)
    )
    application_submit(actor=cast.manager_a, application=first)
    assert Project.objects.get(pk=first.project_id).status == "applied"
    application_submit(actor=cast.staff_a, application=second)
    assert quota_use(call=mature_call, cluster=cast.cluster_a).left == 0
    with pytest.raises(ConflictError) as error:
        application_submit(actor=cast.manager_a, application=third)
    assert error.value.code == "quota_full"
    assert "2 applications for 2021" in error.value.message
    # Another call of the same kind and period shares the quota; another period does not.
    same_period = ApplicationFactory(call=CallFactory(period="2021"), cluster=cast.cluster_a)
    with pytest.raises(ConflictError):
        application_submit(actor=cast.manager_a, application=same_period)
    next_year = ApplicationFactory(call=CallFactory(period="2022"), cluster=cast.cluster_a)
    application_submit(actor=cast.manager_a, application=next_year)
    # Withdrawing frees a place and sends the project back to planned.
    application_withdraw(actor=cast.manager_a, application=first, reason="Partner left")
    assert Project.objects.get(pk=first.project_id).status == "planned"
    application_submit(actor=cast.manager_a, application=third)
    actions = list(
        AuditEntry.objects.filter(cluster_id=cast.cluster_a.pk).values_list("action", flat=True)
    )
    assert actions.count("klynge.programme.application.submitted") == 4
    assert "klynge.programme.application.withdrawn" in actions


def test_rejected_applications_keep_their_place(cast: Any, mature_call: Any) -> None:
    first, second, third = (
        ApplicationFactory(call=mature_call, cluster=cast.cluster_a) for _ in range(3)
    )
    for app in (first, second):
        application_submit(actor=cast.manager_a, application=app)
    from klynge.programme.services.decisions import application_decide

    application_decide(actor=cast.officer, application=first, approve=False, reasons="Weak plan")
    with pytest.raises(ConflictError):
        application_submit(actor=cast.manager_a, application=third)


def test_only_the_cluster_team_submits_and_the_call_must_be_open(cast: Any) -> None:
    application = ApplicationFactory(call=CallFactory(), cluster=cast.cluster_a)
    with pytest.raises(PermissionDenied):
        application_submit(actor=cast.staff_b, application=application)
    closed = ApplicationFactory(
        call=CallFactory(
            opens_at=timezone.now() - datetime.timedelta(days=30),
            closes_at=timezone.now() - datetime.timedelta(days=1),
        ),
        cluster=cast.cluster_a,
    )
    with pytest.raises(DomainError) as error:
        application_submit(actor=cast.manager_a, application=closed)
    assert "not open" in error.value.message


def test_budget_rules_at_submission(cast: Any) -> None:
    call = CallFactory()
    forming = ApplicationFactory(
        call=call,
        cluster=cast.cluster_a,
        project=ready_project(cast.cluster_a, status="forming_consortium"),
    )
    with pytest.raises(DomainError) as error:
        application_submit(actor=cast.manager_a, application=forming)
    assert error.value.code == "project_not_ready"
    no_budget = ApplicationFactory(
        call=call,
        cluster=cast.cluster_a,
        project=ready_project(cast.cluster_a, total_eligible_cost=None),
    )
    with pytest.raises(DomainError) as error:
        application_submit(actor=cast.manager_a, application=no_budget)
    assert error.value.field == "project"
    too_public = ApplicationFactory(call=call, cluster=cast.cluster_a, amount_requested=400_000)
    FundingSourceFactory(project=too_public.project, kind="public", amount=200_000)
    with pytest.raises(DomainError) as error:
        application_submit(actor=cast.manager_a, application=too_public)
    assert error.value.code == "public_share"
    assert "60 %" in error.value.message


def test_two_stage_call_sketch_invite_full(cast: Any) -> None:
    call = CallFactory(two_stage=True, full_closes_at=timezone.now() + datetime.timedelta(days=40))
    application = ApplicationFactory(call=call, cluster=cast.cluster_a)
    change = application_submit(actor=cast.manager_a, application=application)
    assert change.target == "sketch_submitted"
    assert quota_use(call=call, cluster=cast.cluster_a).used == 1
    with pytest.raises(PermissionDenied):
        application_transition(actor=cast.manager_a, application=application, action="invite")
    application_transition(actor=cast.officer, application=application, action="invite")
    change = application_submit(actor=cast.manager_a, application=application)
    assert change.target == "submitted"
    assert quota_use(call=call, cluster=cast.cluster_a).used == 1  # counted once
