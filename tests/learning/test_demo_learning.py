"""Demo courses: idempotent, honest about being fictional, mostly SME participants, one open course."""

from __future__ import annotations

import pytest

from klynge.demo import clusters as demo_clusters
from klynge.demo import learning as demo_learning
from klynge.demo import members as demo_members
from klynge.learning.models import Course, CourseSession, Enrolment
from klynge.learning.selectors.courses import course_list_visible
from klynge.learning.selectors.kpis import competence_kpis_for_year

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Course.objects.count(), CourseSession.objects.count(), Enrolment.objects.count()


def test_demo_courses() -> None:
    demo_clusters.load()
    demo_members.load()
    demo_learning.load()
    first = counts()
    codes = set(
        Enrolment.objects.exclude(certificate_code="").values_list("certificate_code", flat=True)
    )
    demo_learning.load()
    assert counts() == first
    assert (
        set(
            Enrolment.objects.exclude(certificate_code="").values_list(
                "certificate_code", flat=True
            )
        )
        == codes
    )

    sem = Course.objects.filter(cluster__slug="nce-smart-energy-markets")
    assert sem.count() == 5
    flex = sem.get(title="Flexibility markets and smart grids")
    assert (flex.kind, flex.credits, flex.provider.name) == (
        "further_education",
        7.5,
        "Høgskolen i Grenseland",
    )
    assert (
        "Fictional" in flex.provider.description and "(Fictional demo course.)" in flex.description
    )
    assert flex.enrolments.filter(status="completed", credits_earned=7.5).count() == 19
    open_courses = course_list_visible(user=None, open_only=True)
    assert [c.title for c in open_courses] == ["AI for energy"]
    assert sem.get(title="AI for energy").enrolments.filter(status="enrolled").count() >= 9

    for year in (2024, 2025):
        kpis = competence_kpis_for_year(cluster=flex.cluster, year=year)
        assert kpis.completions > 0
        assert kpis.sme_share is not None and kpis.sme_share > 0.5, year
        assert kpis.sme_completion_share is not None and kpis.sme_completion_share > 0.5

    kari = Enrolment.objects.get(person__email="contact@member.demo")
    assert (kari.course.title, kari.status) == ("Energy data in practice", "completed")
    assert kari.certificate_code
