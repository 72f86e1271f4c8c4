"""The projects tab on an organisation page: which partnerships a viewer sees."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string

from klynge.projects.selectors.organisations import (
    ideas_for_organisation,
    projects_for_organisation,
)
from tests.factories.projects import IdeaFactory, ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnerships(member_cast: Any) -> dict[str, Any]:
    a_only = ProjectFactory(lead_cluster=member_cast.cluster_a, title="A only")
    shared = ProjectFactory(lead_cluster=member_cast.cluster_a, title="Shared with B")
    b_led = ProjectFactory(lead_cluster=member_cast.cluster_b, title="Led by cluster B")
    for project in (a_only, shared, b_led):
        ProjectPartnerFactory(project=project, organisation=member_cast.org_a)
    ProjectPartnerFactory(project=shared, organisation=member_cast.org_b)
    return {"a_only": a_only, "shared": shared, "b_led": b_led}


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("anonymous", set()),
        ("contact_a", {"A only", "Shared with B", "Led by cluster B"}),
        ("contact_b", {"Shared with B"}),
        ("staff_a", {"A only", "Shared with B"}),
        ("staff_b", {"Led by cluster B"}),
        ("officer", {"A only", "Shared with B", "Led by cluster B"}),
    ],
)
def test_visible_partnerships(
    member_cast: Any, partnerships: Any, role: str, titles: set[str]
) -> None:
    rows = projects_for_organisation(member_cast.org_a, member_cast.user(role))
    assert {row.project.title for row in rows} == titles


def test_open_ideas_on_readable_boards(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a)
    IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a, status="withdrawn")
    assert ideas_for_organisation(member_cast.org_a, member_cast.contact_b) == [idea]
    assert ideas_for_organisation(member_cast.org_a, member_cast.staff_b) == []


def test_tab_renders(member_cast: Any, partnerships: Any) -> None:
    html = render_to_string(
        "projects/_organisation_tab.html",
        {
            "organisation": member_cast.org_a,
            "project_partnerships": projects_for_organisation(
                member_cast.org_a, member_cast.contact_b
            ),
            "project_ideas": [],
        },
    )
    assert "Shared with B" in html and "A only" not in html
    empty = render_to_string(
        "projects/_organisation_tab.html",
        {"organisation": member_cast.org_a, "project_partnerships": [], "project_ideas": []},
    )
    assert "is not in any project you can see" in empty
