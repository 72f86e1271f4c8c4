"""The ideas board: interest is one row per organisation; an idea becomes a project."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import IntegrityError, close_old_connections, transaction

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.projects.models import Idea, IdeaInterest, Project
from klynge.projects.services import (
    idea_convert,
    idea_interest_set,
    idea_post,
    idea_update,
    idea_withdraw,
)
from tests.factories.clusters import TopicFactory
from tests.factories.members import OrganisationFactory
from tests.factories.projects import IdeaFactory, IdeaInterestFactory


@pytest.mark.django_db
def test_post_requires_title_description_and_partners(member_cast: Any) -> None:
    for field in ("title", "description", "partners_needed"):
        values = {"title": "T", "description": "D", "partners_needed": "P", field: " "}
        with pytest.raises(DomainError) as info:
            idea_post(
                actor=member_cast.contact_a,
                cluster=member_cast.cluster_a,
                organisation=member_cast.org_a,
                **values,
            )
        assert info.value.field == field
    idea = idea_post(
        actor=member_cast.contact_a,
        cluster=member_cast.cluster_a,
        organisation=member_cast.org_a,
        title="Shared batteries",
        description="Pool batteries",
        partners_needed="Grid company",
    )
    assert idea.posted_by == member_cast.contact_a and idea.status == Idea.Status.OPEN
    assert AuditEntry.objects.filter(action="klynge.projects.idea.posted").count() == 1


@pytest.mark.django_db
def test_interest_is_idempotent_and_one_per_organisation(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a)
    org_b = member_cast.org_b
    assert idea_interest_set(
        actor=member_cast.contact_b, idea=idea, organisation=org_b, interested=True
    )
    assert not idea_interest_set(
        actor=member_cast.contact_b, idea=idea, organisation=org_b, interested=True
    )
    assert IdeaInterest.objects.filter(idea=idea).count() == 1
    assert idea_interest_set(
        actor=member_cast.contact_b, idea=idea, organisation=org_b, interested=False
    )
    assert not idea_interest_set(
        actor=member_cast.contact_b, idea=idea, organisation=org_b, interested=False
    )
    assert IdeaInterest.objects.filter(idea=idea).count() == 0
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "klynge.projects.idea_interest.added",
        "klynge.projects.idea_interest.withdrawn",
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaInterestFactory(idea=idea, organisation=org_b)
        IdeaInterestFactory(idea=idea, organisation=org_b)


@pytest.mark.django_db
def test_own_and_closed_ideas_refuse_interest(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a)
    with pytest.raises(DomainError):
        idea_interest_set(
            actor=member_cast.contact_a, idea=idea, organisation=member_cast.org_a, interested=True
        )
    idea_withdraw(actor=member_cast.contact_a, idea=idea)
    with pytest.raises(ConflictError):
        idea_interest_set(
            actor=member_cast.contact_b, idea=idea, organisation=member_cast.org_b, interested=True
        )
    with pytest.raises(ConflictError):
        idea_update(
            actor=member_cast.contact_a, idea=idea, title="x", description="y", partners_needed="z"
        )


@pytest.mark.django_db
def test_convert_makes_candidates_and_links_the_idea(member_cast: Any) -> None:
    topic = TopicFactory()
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a, title="Flex")
    idea.topics.add(topic)
    third = OrganisationFactory()
    IdeaInterestFactory(idea=idea, organisation=member_cast.org_b)
    IdeaInterestFactory(idea=idea, organisation=third)
    project = idea_convert(actor=member_cast.staff_a, idea=idea, kind="pre_project")
    project.refresh_from_db()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.CONVERTED
    assert project.origin_idea == idea
    assert (project.kind, project.status, project.title) == (
        "pre_project",
        "forming_consortium",
        "Flex",
    )
    assert list(project.topics.all()) == [topic]
    partners = {(p.organisation_id, p.role, p.status) for p in project.partners.all()}
    assert partners == {
        (member_cast.org_a.pk, "lead", "candidate"),
        (member_cast.org_b.pk, "partner", "candidate"),
        (third.pk, "partner", "candidate"),
    }
    with pytest.raises(ConflictError):
        idea_convert(actor=member_cast.staff_a, idea=idea)
    assert Project.objects.count() == 1


@pytest.mark.django_db
def test_convert_refuses_kind_idea(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a)
    with pytest.raises(DomainError) as info:
        idea_convert(actor=member_cast.staff_a, idea=idea, kind="idea")
    assert info.value.field == "kind"


@pytest.mark.django_db(transaction=True)
def test_concurrent_interest_clicks_leave_one_row(member_cast: Any) -> None:
    idea = IdeaFactory(cluster=member_cast.cluster_a, organisation=member_cast.org_a)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def click() -> None:
        try:
            barrier.wait()
            idea_interest_set(
                actor=member_cast.contact_b,
                idea=idea,
                organisation=member_cast.org_b,
                interested=True,
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert IdeaInterest.objects.filter(idea=idea).count() == 1
    assert AuditEntry.objects.filter(action="klynge.projects.idea_interest.added").count() == 1
