"""Role-by-action tables for the programme: predicates and pages, lists, exports, attachments, PDF.

Roles: programme officer, evaluator assigned to application X, evaluator not assigned, cluster
manager of the applicant, manager of another cluster, member contact, anonymous. No foreign row
may show anywhere: lists and exports of the wrong roles do not contain application X.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from klynge.programme import permissions as p
from klynge.programme.models import ApplicationAttachment, Framework
from klynge.programme.services.applications import application_submit, application_transition
from klynge.programme.services.reviews import assignment_create, evaluator_add
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.programme import ApplicationFactory, CallFactory
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")

ROLES = [
    "officer",
    "evaluator_x",
    "evaluator_other",
    "manager_a",
    "manager_b",
    "contact_a",
    "anonymous",
]


@pytest.fixture
def world(member_cast: Any, settings: Any, tmp_path: Any) -> Any:
    settings.KLYNGE_PRIVATE_MEDIA_ROOT = str(tmp_path)
    cast = member_cast
    cast.manager_b = UserFactory(email="manager-b@example.org")
    ClusterRoleFactory(user=cast.manager_b, cluster=cast.cluster_b, role="manager")
    call = CallFactory(
        framework=Framework.objects.get(code="pre-project"), title="Mature pre-projects"
    )
    x = ApplicationFactory(call=call, cluster=cast.cluster_a)
    x.project.title = "Project X flexibility"
    x.project.save()
    attachment = ApplicationAttachment(application=x, title="Budget sheet")
    attachment.file.save("budget.pdf", SimpleUploadedFile("budget.pdf", b"%PDF-1.4 X"))
    application_submit(actor=cast.manager_a, application=x)
    application_transition(actor=cast.officer, application=x, action="start_review")
    cast.evaluator_x = evaluator_add(actor=cast.officer, email="ev-x@example.org").user
    cast.evaluator_other = evaluator_add(actor=cast.officer, email="ev-other@example.org").user
    cast.assignment = assignment_create(
        actor=cast.officer, application=x, evaluator=cast.evaluator_x
    )
    y = ApplicationFactory(call=call, cluster=cast.cluster_b)  # another cluster's draft
    application_submit(actor=cast.manager_b, application=y)
    assignment_create(actor=cast.officer, application=y, evaluator=cast.evaluator_other)
    cast.x, cast.y, cast.call, cast.attachment = x, y, call, attachment
    return cast


def table(**allowed: Any) -> list[tuple[str, Any]]:
    return [(role, allowed[role]) for role in ROLES]


PREDICATES = {
    "can_view_application": table(
        officer=True,
        evaluator_x=True,
        evaluator_other=False,
        manager_a=True,
        manager_b=False,
        contact_a=False,
        anonymous=False,
    ),
    "can_edit_application": table(
        officer=False,
        evaluator_x=False,
        evaluator_other=False,
        manager_a=False,
        manager_b=False,
        contact_a=False,
        anonymous=False,
    ),
    "can_manage_application": table(
        officer=True,
        evaluator_x=False,
        evaluator_other=False,
        manager_a=False,
        manager_b=False,
        contact_a=False,
        anonymous=False,
    ),
    "can_view_review_summary": table(
        officer=True,
        evaluator_x=False,
        evaluator_other=False,
        manager_a=False,
        manager_b=False,
        contact_a=False,
        anonymous=False,
    ),
    "can_submit_application": table(
        officer=False,
        evaluator_x=False,
        evaluator_other=False,
        manager_a=True,
        manager_b=False,
        contact_a=False,
        anonymous=False,
    ),
}


@pytest.mark.parametrize(
    ("predicate", "role", "expected"),
    [(name, role, expected) for name, rows in PREDICATES.items() for role, expected in rows],
)
def test_application_predicates(world: Any, predicate: str, role: str, expected: bool) -> None:
    assert getattr(p, predicate)(world.user(role), world.x) is expected


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        ("can_manage_calls", {"officer"}),
        ("can_view_decision_pack", {"officer"}),
        ("can_manage_evaluators", {"officer"}),
        ("can_view_programme_portfolio", {"officer"}),
        ("can_manage_programme_status", {"officer"}),
    ],
)
def test_programme_wide_predicates(world: Any, predicate: str, expected: set[str]) -> None:
    granted = {role for role in ROLES if getattr(p, predicate)(world.user(role), world.call)}
    assert granted == expected


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        ("can_oversee_programme", {"officer"}),
        ("can_start_reports", {"manager_a", "manager_b"}),
        ("can_view_own_reviews", {"evaluator_x", "evaluator_other"}),
    ],
)
def test_predicates_about_the_user(world: Any, predicate: str, expected: set[str]) -> None:
    granted = {role for role in ROLES if getattr(p, predicate)(world.user(role))}
    assert granted == expected


def test_only_the_assigned_evaluator_acts_on_an_assignment(world: Any) -> None:
    granted = {
        role for role in ROLES if p.can_act_on_assignment(world.user(role), world.assignment)
    }
    assert granted == {"evaluator_x"}


def test_label_warnings_go_to_the_officers_and_the_clusters_managers(world: Any) -> None:
    cluster = world.x.cluster
    granted = {role for role in ROLES if p.can_receive_label_warnings(world.user(role), cluster)}
    assert granted == {"officer", "manager_a"}


PAGES = {
    "detail": (
        "/programme/applications/{x}/",
        table(
            officer=200,
            evaluator_x=200,
            evaluator_other=404,
            manager_a=200,
            manager_b=404,
            contact_a=404,
            anonymous=302,
        ),
    ),
    "attachment": (
        "/programme/applications/{x}/attachments/{att}/",
        table(
            officer=200,
            evaluator_x=200,
            evaluator_other=404,
            manager_a=200,
            manager_b=404,
            contact_a=404,
            anonymous=302,
        ),
    ),
    "decision": (
        "/programme/applications/{x}/decision/",
        table(
            officer=200,
            evaluator_x=403,
            evaluator_other=404,
            manager_a=403,
            manager_b=404,
            contact_a=404,
            anonymous=302,
        ),
    ),
    "assign": (
        "/programme/applications/{x}/assign/",
        table(
            officer=200,
            evaluator_x=403,
            evaluator_other=404,
            manager_a=403,
            manager_b=404,
            contact_a=404,
            anonymous=302,
        ),
    ),
    "edit": (
        "/programme/applications/{x}/edit/",
        table(
            officer=403,
            evaluator_x=403,
            evaluator_other=404,
            manager_a=403,
            manager_b=404,
            contact_a=404,
            anonymous=302,
        ),
    ),
    "review": (
        "/programme/reviews/{assignment}/",
        table(
            officer=404,
            evaluator_x=200,
            evaluator_other=404,
            manager_a=404,
            manager_b=404,
            contact_a=404,
            anonymous=302,
        ),
    ),
    "decision_pack": (
        "/programme/calls/{call}/decision-pack/?format=html",
        table(
            officer=200,
            evaluator_x=403,
            evaluator_other=403,
            manager_a=403,
            manager_b=403,
            contact_a=403,
            anonymous=302,
        ),
    ),
    "call_applications": (
        "/programme/calls/{call}/applications/",
        table(
            officer=200,
            evaluator_x=403,
            evaluator_other=403,
            manager_a=403,
            manager_b=403,
            contact_a=403,
            anonymous=302,
        ),
    ),
    "evaluators": (
        "/programme/evaluators/",
        table(
            officer=200,
            evaluator_x=403,
            evaluator_other=403,
            manager_a=403,
            manager_b=403,
            contact_a=403,
            anonymous=302,
        ),
    ),
    "call": (
        "/programme/calls/{call}/",
        table(
            officer=200,
            evaluator_x=200,
            evaluator_other=200,
            manager_a=200,
            manager_b=200,
            contact_a=200,
            anonymous=200,
        ),
    ),
}


@pytest.mark.parametrize(
    ("page", "role", "expected"),
    [(name, role, expected) for name, (_url, rows) in PAGES.items() for role, expected in rows],
)
def test_pages_by_role(world: Any, page: str, role: str, expected: int) -> None:
    url = PAGES[page][0].format(
        x=world.x.pk, att=world.attachment.pk, call=world.call.pk, assignment=world.assignment.pk
    )
    assert client_for(world.user(role)).get(url).status_code == expected


LISTED = table(
    officer=True,
    evaluator_x=True,
    evaluator_other=False,
    manager_a=True,
    manager_b=False,
    contact_a=False,
    anonymous=None,
)


@pytest.mark.parametrize(("role", "sees_x"), LISTED)
def test_lists_and_exports_show_no_foreign_rows(world: Any, role: str, sees_x: bool | None) -> None:
    client = client_for(world.user(role))
    response = client.get("/programme/applications/")
    if sees_x is None:
        assert response.status_code == 302
        return
    listed = {a.pk for a in response.context["page"].object_list}
    assert (world.x.pk in listed) is sees_x
    for fmt in ("csv", "xlsx"):
        export = client.get(f"/programme/applications/?export={fmt}")
        assert export.status_code == 200
    csv = client.get("/programme/applications/?export=csv").content.decode()
    assert ("Project X flexibility" in csv) is sees_x
    sees_y = role in ("officer", "evaluator_other", "manager_b")
    assert (world.y.pk in listed) is sees_y


def test_the_review_list_is_only_the_evaluators_own(world: Any) -> None:
    page = client_for(world.evaluator_other).get("/programme/reviews/").content.decode()
    assert "Project X flexibility" not in page
    page = client_for(world.evaluator_x).get("/programme/reviews/").content.decode()
    assert "Project X flexibility" in page
