from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from klynge.projects.models import (
    FundingSource,
    Idea,
    IdeaInterest,
    Milestone,
    Outcome,
    Project,
    ProjectPartner,
)

from .clusters import ClusterFactory
from .members import OrganisationFactory


class ProjectFactory(DjangoModelFactory):
    """A project row written directly (tests that need a status set it here, not via the workflow)."""

    class Meta:
        model = Project

    lead_cluster = factory.SubFactory(ClusterFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    kind = Project.Kind.COLLABORATION
    status = Project.Status.PLANNED
    start_date = datetime.date(2021, 3, 1)
    end_date = datetime.date(2022, 2, 28)


class ProjectPartnerFactory(DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ProjectPartner.Role.PARTNER
    status = ProjectPartner.Status.CONFIRMED


class FundingSourceFactory(DjangoModelFactory):
    class Meta:
        model = FundingSource

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Funder {n}")
    kind = FundingSource.Kind.PUBLIC
    amount = 100_000


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = datetime.date(2021, 6, 1)


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    project = factory.SubFactory(ProjectFactory)
    kind = Outcome.Kind.PRODUCT
    date = datetime.date(2021, 12, 1)
    description = factory.Sequence(lambda n: f"Outcome {n}")


class IdeaFactory(DjangoModelFactory):
    class Meta:
        model = Idea

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "Let us share flexibility data between grid companies."
    partners_needed = "A grid company and a data platform supplier."


class IdeaInterestFactory(DjangoModelFactory):
    class Meta:
        model = IdeaInterest

    idea = factory.SubFactory(IdeaFactory)
    organisation = factory.SubFactory(OrganisationFactory)
