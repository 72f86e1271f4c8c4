"""The project page in a fixed number of queries whatever the project holds (issue 15): at 2 and at
20 partners, outcomes (each with organisations), milestones, funding sources, objectives, topics,
other clusters and projects before and after it, for the lead cluster's manager and for a partner's
member contact, and with everything in its place and order."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.urls import reverse

from klynge.projects.models import Project, ProjectObjective
from tests.factories.clusters import ClusterFactory, TopicFactory
from tests.factories.members import OrganisationFactory
from tests.factories.projects import (
    FundingSourceFactory,
    MilestoneFactory,
    OutcomeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from tests.http import body, client_for

pytestmark = pytest.mark.django_db

D = datetime.date


def _project(cast: Any, size: int) -> Project:
    """A project of cluster A with `size` of everything, org B (contact B's) among the partners,
    a chain of `size` projects before it and `size` after it."""
    cluster = cast.cluster_a
    chain = [ProjectFactory(lead_cluster=cluster, title=f"Earlier {i:02d}") for i in range(size)]
    for before, after in itertools.pairwise(chain):
        after.predecessor = before
        after.save()
    project = ProjectFactory(lead_cluster=cluster, title="The project", predecessor=chain[-1])
    previous = project
    for i in range(size):
        previous = ProjectFactory(
            lead_cluster=cluster, title=f"Later {i:02d}", predecessor=previous
        )
    project.clusters.set([ClusterFactory(name=f"Other {size - 1 - i:02d}") for i in range(size)])
    project.topics.set([TopicFactory(name_en=f"Theme {size - 1 - i:02d}") for i in range(size)])
    kinds = [k for k in ProjectObjective.Kind.values if k != "other"]
    for i in range(size):
        kind = kinds[i] if i < len(kinds) else "other"
        ProjectObjective.objects.create(project=project, kind=kind, text=f"Aim {i:02d}")
    organisations = [cast.org_b, *(OrganisationFactory() for _ in range(size - 1))]
    for organisation in organisations:
        ProjectPartnerFactory(project=project, organisation=organisation, cash=1_000_000)
    for i in range(size):
        FundingSourceFactory(project=project, name=f"Fund {i:02d}", amount=10_000 * (i + 1))
        MilestoneFactory(project=project, title=f"Step {i:02d}", due_date=D(2021, 1, 1 + i))
        outcome = OutcomeFactory(
            project=project, description=f"Result {i:02d}", date=D(2022, 1, 1 + i)
        )
        outcome.organisations.set(organisations[:2])
    return project


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize("who", ["manager_a", "contact_b"])
def test_project_page_queries_do_not_grow(
    member_cast: Any, size: int, who: str, django_assert_max_num_queries: Any
) -> None:
    """Layout (session user, scope, role clusters), the project with its short lists, partners,
    outcomes with their organisations, the lineage, the predecessor choices (editors)."""
    project = _project(member_cast, size)
    client = client_for(getattr(member_cast, who))
    url = reverse("projects:detail", args=[project.pk])
    client.get(url)  # warm up sessions and content types
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    page = body(response).decode()
    assert len(response.context["lineage"].nodes) == 2 * size + 1
    assert page.count('data-testid="partner-row"') == size
    for i in range(size):
        for label in ("Other", "Theme", "Fund", "Step", "Result", "Earlier", "Later"):
            assert f"{label} {i:02d}" in page


def _values(objects: Any) -> list[tuple[Any, ...]]:
    return [tuple(getattr(o, f.attname) for f in o._meta.concrete_fields) for o in objects]


def test_project_page_lists_as_read_plainly(member_cast: Any) -> None:
    """The short lists read with the project (as JSON) equal the related rows read plainly: the same
    rows, order, values and types (dates, aware datetimes, amounts)."""
    from klynge.projects.selectors.projects import project_get

    pk = _project(member_cast, 3).pk
    project = project_get(pk=pk)
    plain = Project.objects.get(pk=pk)
    for name in ("clusters", "topics", "objectives", "funding_sources", "milestones", "outcomes"):
        assert _values(getattr(project, name).all()) == _values(getattr(plain, name).all()), name
    assert [c.name for c in project.clusters.all()] == ["Other 00", "Other 01", "Other 02"]
    assert [t.name_en for t in project.topics.all()] == ["Theme 00", "Theme 01", "Theme 02"]
    for outcome, read in zip(project.outcomes.all(), plain.outcomes.all(), strict=True):
        assert _values(outcome.organisations.all()) == _values(read.organisations.all())
        assert len(outcome.organisations.all()) == 2
    assert project.milestones.all()[0].created_at.tzinfo is not None
