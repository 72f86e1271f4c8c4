"""The projects demo: the public-fact projects, the 2021 pre-projects and their main project,
ideas with interest; idempotent; works with or without the members demo."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.core.models import AuditEntry
from klynge.demo import clusters as demo_clusters
from klynge.demo import members as demo_members
from klynge.demo import projects as demo_projects
from klynge.projects.models import Idea, IdeaInterest, Outcome, Project, ProjectPartner
from klynge.projects.selectors.kpis import project_kpis

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        ProjectPartner.objects.count(),
        Outcome.objects.count(),
        Idea.objects.count(),
        IdeaInterest.objects.count(),
        AuditEntry.objects.filter(action__startswith="klynge.projects").count(),
    )


def test_demo_with_members_is_idempotent_and_tells_the_story() -> None:
    demo_clusters.load()
    demo_members.load()
    demo_projects.load()
    first = counts()
    demo_projects.load()
    assert counts() == first

    invade = Project.objects.get(title="INVADE")
    assert invade.status == "completed" and invade.kind == "international"
    assert invade.partners.count() == 12 and invade.total_eligible_cost == 125_000_000
    assert Project.objects.get(title="E-LAND").total_eligible_cost == 60_000_000
    assert Project.objects.get(title="Smart Energi Hvaler").status == "completed"

    pre_projects = Project.objects.filter(kind="pre_project", start_date__year=2021)
    assert pre_projects.count() == 2
    mains = Project.objects.filter(kind="main_project", predecessor__in=pre_projects)
    assert mains.count() == 1 and mains.get().partners.filter(status="confirmed").count() == 5
    assert Idea.objects.filter(status="open").count() == 3
    converted = Idea.objects.get(status="converted")
    assert converted.project.partners.filter(status="candidate").count() == 3
    assert IdeaInterest.objects.filter(idea__status="open").count() == 4
    assert Outcome.objects.count() >= 6
    # The public-fact partners come from the members demo, not duplicates.
    from klynge.members.models import Organisation

    assert Organisation.objects.filter(name="eSmart Systems").count() == 1
    sem = Project.objects.get(title="INVADE").lead_cluster
    import datetime

    kpis = project_kpis(
        cluster=sem, start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31)
    )
    assert kpis.pre_projects == 2 and kpis.converted == 1


def test_demo_without_members_creates_labelled_organisations(settings: Any) -> None:
    demo_clusters.load()
    demo_projects.load()
    from klynge.members.models import Organisation

    created = Organisation.objects.get(name="Göta Grid AB")
    assert "Fictional" in created.description
    assert Project.objects.get(title="INVADE").partners.count() == 12
