"""The ideas board in the browser-less client: post, interest, convert."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from klynge.projects.models import Idea, IdeaInterest, Project
from tests.factories.projects import IdeaFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("officer", 403), ("staff_b", 403), ("contact_b", 200), ("staff_a", 200)],
)
def test_board_access(member_cast: Any, role: str, status: int) -> None:
    assert (
        client_for(member_cast.user(role))
        .get(reverse("projects:ideas", args=["cluster-a"]))
        .status_code
        == status
    )


def test_contact_posts_idea_and_other_contact_is_interested(member_cast: Any) -> None:
    poster = client_for(member_cast.contact_a)
    response = poster.post(
        reverse("projects:idea_new", args=["cluster-a"]),
        {"title": "Batteries", "description": "", "partners_needed": "Grid company"},
    )
    assert "description" in response.context["form"].errors
    poster.post(
        reverse("projects:idea_new", args=["cluster-a"]),
        {
            "title": "Batteries",
            "description": "Pool home batteries",
            "partners_needed": "Grid company",
        },
    )
    idea = Idea.objects.get(title="Batteries")
    assert idea.organisation == member_cast.org_a
    own = poster.get(idea.get_absolute_url()).content.decode()
    assert ">Interested<" not in own and "Withdraw idea" in own

    other = client_for(member_cast.contact_b)
    board = other.get(reverse("projects:ideas", args=["cluster-a"])).content.decode()
    assert "Batteries" in board and ">Interested<" in board
    other.post(
        reverse("projects:idea_interest", args=[idea.pk]), {"interested": "1", "next": "board"}
    )
    other.post(reverse("projects:idea_interest", args=[idea.pk]), {"interested": "1"})
    assert IdeaInterest.objects.filter(idea=idea).count() == 1
    board = other.get(reverse("projects:ideas", args=["cluster-a"])).content.decode()
    assert "You are interested" in board and "Withdraw interest" in board
    other.post(reverse("projects:idea_interest", args=[idea.pk]), {"interested": "0"})
    assert not IdeaInterest.objects.exists()
    assert (
        poster.post(
            reverse("projects:idea_interest", args=[idea.pk]), {"interested": "1"}
        ).status_code
        == 403
    )


def test_team_converts_idea(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a, title="Flex")
    IdeaInterest.objects.create(idea=idea, organisation=member_cast.org_b)
    url = reverse("projects:idea_convert", args=[idea.pk])
    assert client_for(member_cast.contact_a).get(url).status_code == 403
    client = client_for(member_cast.staff_a)
    page = client.get(url).content.decode()
    assert "Org B AS" in page
    response = client.post(url, {"title": "Flex pre-project", "kind": "pre_project"})
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    assert project.partners.count() == 2
    idea.refresh_from_db()
    assert idea.status == "converted"
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "Flex" in detail and 'data-testid="lineage"' in detail
    # A converted idea leaves the open board but the poster still sees it.
    assert (
        "Flex"
        not in client_for(member_cast.contact_b)
        .get(reverse("projects:ideas", args=["cluster-a"]))
        .content.decode()
    )
    assert client_for(member_cast.contact_b).get(idea.get_absolute_url()).status_code == 404
    assert client_for(member_cast.contact_a).get(idea.get_absolute_url()).status_code == 200


def test_withdraw_and_team_filter_by_status(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a)
    client_for(member_cast.contact_a).post(reverse("projects:idea_withdraw", args=[idea.pk]))
    idea.refresh_from_db()
    assert idea.status == "withdrawn"
    board = reverse("projects:ideas", args=["cluster-a"])
    team = client_for(member_cast.staff_a).get(board, {"status": "withdrawn"})
    assert [i.pk for i in team.context["page"].object_list] == [idea.pk]
    contact = client_for(member_cast.contact_b).get(board, {"status": "withdrawn"})
    assert list(contact.context["page"].object_list) == []


def test_edit_idea(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a)
    url = reverse("projects:idea_edit", args=[idea.pk])
    assert client_for(member_cast.contact_b).get(url).status_code == 403
    client_for(member_cast.contact_a).post(
        url, {"title": "New title", "description": "d", "partners_needed": "p"}
    )
    idea.refresh_from_db()
    assert idea.title == "New title"
