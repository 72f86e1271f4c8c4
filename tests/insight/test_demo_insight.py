"""Demo insight work: the yearly member survey run twice with realistic response rates, and
plausible engagement and reach; idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from klynge.demo import clusters as demo_clusters
from klynge.demo import events as demo_events
from klynge.demo import insight as demo_insight
from klynge.demo import members as demo_members
from klynge.demo import projects as demo_projects
from klynge.insight import scoring
from klynge.insight.models import Answer, Invitation, Response, Survey
from klynge.insight.selectors.engagement import cluster_engagement, cluster_reach
from klynge.insight.selectors.responses import invitation_list_open_for_user, response_rate
from klynge.insight.selectors.results import survey_results
from klynge.members.models import Person

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Survey.objects.count(),
        Invitation.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
    )


def test_demo_surveys_and_engagement() -> None:
    demo_clusters.load()
    demo_members.load()
    demo_events.load()
    demo_projects.load()
    demo_insight.load()
    first = counts()
    demo_insight.load()
    assert counts() == first

    waves = list(
        Survey.objects.filter(cluster__slug="nce-smart-energy-markets").order_by("opens_at")
    )
    assert len(waves) == 2 and waves[1].previous_wave == waves[0]
    assert [w.state() for w in waves] == ["closed", "open"]
    today = timezone.localdate()
    assert (
        waves[0].opens_at.year == today.year - 1
        or (today - timezone.localdate(waves[0].opens_at)).days > 360
    )
    for wave, low, high in ((waves[0], 0.4, 0.65), (waves[1], 0.2, 0.5)):
        rate = response_rate(survey=wave)
        assert rate.invited > 100 and low <= rate.rate <= high, (wave, rate.rate)
        results = survey_results(survey=wave)
        assert results.shown and wave.anonymous
        nps = next(q for q in results.questions if q.question.kind == "nps").nps.score
        assert -20 <= nps <= 70
        assert not Response.objects.filter(survey=wave).exclude(invitation=None).exists()
    kari = Person.objects.get(email="contact@member.demo").user
    assert [i.survey for i in invitation_list_open_for_user(user=kari)] == [waves[1]]

    sem = waves[0].cluster
    levels = cluster_engagement(cluster=sem, as_of=today).level_counts()
    total = sum(levels.values())
    assert total >= 60 and all(levels[level] >= 5 for level in scoring.LEVELS), levels
    reach = cluster_reach(cluster=sem, as_of=today)
    assert 0.6 <= reach.overall.share <= 0.95
