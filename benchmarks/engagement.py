"""Benchmark the engagement scores of one cluster: one set-based pass against a raw-SQL count.

Builds a deterministic cluster of N member organisations (default 10,000) with two years of
activity of every kind (event registrations and check-ins, course completions, project
partnerships, B2B meetings held, idea interests, survey answers) in a fresh SQLite database (or
the PostgreSQL database in DATABASE_URL, which must be a scratch database: it is migrated and
filled), then times

* `cluster_engagement`: every member's score, counts, last activity and level, and
* the baseline: one raw SQL statement that only counts the same activity rows,

each the best of R runs, and prints JSON with both times, their ratio, the rows, the members and
the number of queries of the engagement pass (it does not grow with N: see the tests).

    .venv/bin/python benchmarks/engagement.py [--members 10000] [--repeat 3] [--seed 17]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._django import setup  # noqa: E402


def build(members: int, seed: int) -> Any:
    """The cluster and its activity, written in bulk (deterministic by seed)."""
    from django.utils import timezone

    from klynge.clusters.models import Cluster
    from klynge.events.models import Event, Registration
    from klynge.insight.models import Invitation, Survey
    from klynge.learning.models import Course, Enrolment
    from klynge.matchmaking.models import MatchmakingSession, Meeting, Participant
    from klynge.members.models import Membership, Organisation, Person
    from klynge.projects.models import Idea, IdeaInterest, Project, ProjectPartner

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    cluster = Cluster.objects.create(name="Bench cluster", short_name="Bench", slug="bench")
    kinds = ["sme", "sme", "sme", "startup", "large", "university", "research_institute"]
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench {i:05d} AS", kind=rng.choice(kinds), employees=rng.randint(1, 900)
            )
            for i in range(members)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(cluster=cluster, organisation=o, joined_on=datetime.date(2015, 1, 1))
            for o in orgs
        ],
        batch_size=2000,
    )
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"Person {o.pk}", email=f"p{o.pk}@bench.test", organisation=o)
            for o in orgs
        ],
        batch_size=2000,
    )
    events = Event.objects.bulk_create(
        [
            Event(
                cluster=cluster,
                title=f"Event {i}",
                starts_at=now - datetime.timedelta(days=5 * i),
                ends_at=now - datetime.timedelta(days=5 * i) + datetime.timedelta(hours=3),
                status="published",
            )
            for i in range(150)
        ]
    )
    registrations = []
    for person in people:
        for event in rng.sample(events, rng.choice([0, 0, 1, 2, 3, 5])):
            registrations.append(
                Registration(
                    event=event,
                    person=person,
                    organisation_id=person.organisation_id,
                    status="attended" if rng.random() < 0.8 else "confirmed",
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=2000)
    courses = Course.objects.bulk_create(
        [Course(cluster=cluster, title=f"Course {i}") for i in range(30)]
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                course=rng.choice(courses),
                person=person,
                organisation_id=person.organisation_id,
                status="completed",
                completed_on=today - datetime.timedelta(days=rng.randint(0, 700)),
            )
            for person in rng.sample(people, members // 4)
        ],
        batch_size=2000,
    )
    project_starts = [
        today - datetime.timedelta(days=rng.randint(0, 900)) for _i in range(members // 30 + 1)
    ]
    projects = Project.objects.bulk_create(
        [
            Project(
                lead_cluster=cluster,
                title=f"Project {i}",
                start_date=begun,
                end_date=begun + datetime.timedelta(days=rng.randint(90, 1100)),
            )
            for i, begun in enumerate(project_starts)
        ]
    )
    ProjectPartner.objects.bulk_create(
        [
            ProjectPartner(project=project, organisation=org)
            for project in projects
            for org in rng.sample(orgs, min(len(orgs), rng.randint(3, 8)))
        ],
        batch_size=2000,
    )
    ideas = Idea.objects.bulk_create(
        [
            Idea(cluster=cluster, title=f"Idea {i}", description="-", partners_needed="-")
            for i in range(40)
        ]
    )
    IdeaInterest.objects.bulk_create(
        [
            IdeaInterest(idea=idea, organisation=org)
            for idea in ideas
            for org in rng.sample(orgs, min(len(orgs), 25))
        ],
        batch_size=2000,
    )
    for index, event in enumerate(events[:10]):
        session = MatchmakingSession.objects.create(
            event=event, day=today - datetime.timedelta(days=30 * index), status="published"
        )
        chosen = rng.sample(people, min(len(people), 60))
        participants = Participant.objects.bulk_create(
            [
                Participant(session=session, person=p, organisation_id=p.organisation_id)
                for p in chosen
            ]
        )
        pairs = set()
        while len(pairs) < min(150, len(participants) * (len(participants) - 1) // 2):
            a, b = sorted(rng.sample(range(len(participants)), 2))
            pairs.add((a, b))
        Meeting.objects.bulk_create(
            [
                Meeting(
                    session=session,
                    a=participants[a],
                    b=participants[b],
                    slot=n // 15 + 1,
                    table=n % 15 + 1,
                )
                for n, (a, b) in enumerate(sorted(pairs))
            ]
        )
    survey = Survey.objects.create(
        cluster=cluster,
        title_en="Member survey",
        opens_at=now - datetime.timedelta(days=40),
        sent_at=now - datetime.timedelta(days=40),
    )
    Invitation.objects.bulk_create(
        [
            Invitation(
                survey=survey,
                person=p,
                organisation_id=p.organisation_id,
                email=p.email,
                source="members",
                token_salt=f"s{p.pk}",
                token_hash=f"h{p.pk}",
                sent_at=survey.sent_at,
                completed=rng.random() < 0.4,
            )
            for p in people
        ],
        batch_size=2000,
    )
    return cluster


def raw_count(cluster_id: int, start: datetime.date, end: datetime.date) -> int:
    """One SQL statement counting exactly the rows the engagement pass reads (the baseline)."""
    from django.db import connection

    from klynge.events.models import Event, Registration
    from klynge.insight.models import Invitation, Survey
    from klynge.learning.models import Course, Enrolment
    from klynge.matchmaking.models import MatchmakingSession, Meeting
    from klynge.projects.models import Idea, IdeaInterest, Project, ProjectPartner

    t = {
        m.__name__: m._meta.db_table
        for m in (
            Event,
            Registration,
            Invitation,
            Survey,
            Course,
            Enrolment,
            MatchmakingSession,
            Meeting,
            Idea,
            IdeaInterest,
            Project,
            ProjectPartner,
        )
    }
    from django.utils import timezone

    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    sql = f"""
    SELECT
      (SELECT COUNT(*) FROM {t["Registration"]} r JOIN {t["Event"]} e ON e.id = r.event_id
        WHERE e.cluster_id = %s AND r.organisation_id IS NOT NULL AND r.status = 'attended'
        AND e.starts_at >= %s AND e.starts_at < %s)
    + (SELECT COUNT(*) FROM {t["Registration"]} r JOIN {t["Event"]} e ON e.id = r.event_id
        WHERE e.cluster_id = %s AND r.organisation_id IS NOT NULL AND r.status <> 'cancelled'
        AND e.starts_at >= %s AND e.starts_at < %s)
    + (SELECT COUNT(*) FROM {t["Enrolment"]} n JOIN {t["Course"]} c ON c.id = n.course_id
        WHERE c.cluster_id = %s AND n.status = 'completed' AND n.organisation_id IS NOT NULL
        AND n.completed_on >= %s AND n.completed_on <= %s)
    + (SELECT COUNT(*) FROM {t["ProjectPartner"]} pp JOIN {t["Project"]} p ON p.id = pp.project_id
        WHERE p.lead_cluster_id = %s AND pp.status = 'confirmed' AND p.status <> 'cancelled'
        AND p.start_date <= %s AND (p.end_date IS NULL OR p.end_date >= %s))
    + (SELECT COUNT(*) FROM {t["IdeaInterest"]} ii JOIN {t["Idea"]} i ON i.id = ii.idea_id
        WHERE i.cluster_id = %s AND ii.created_at >= %s AND ii.created_at < %s)
    + (SELECT 2 * COUNT(*) FROM {t["Meeting"]} m JOIN {t["MatchmakingSession"]} s ON s.id = m.session_id
        JOIN {t["Event"]} e ON e.id = s.event_id
        WHERE e.cluster_id = %s AND m.status = 'active' AND m.slot IS NOT NULL
        AND s.day >= %s AND s.day <= %s)
    + (SELECT COUNT(*) FROM {t["Invitation"]} v JOIN {t["Survey"]} u ON u.id = v.survey_id
        WHERE u.cluster_id = %s AND v.completed AND v.organisation_id IS NOT NULL
        AND u.opens_at >= %s AND u.opens_at < %s)
    """
    params = [
        cluster_id,
        first,
        after,
        cluster_id,
        first,
        after,
        cluster_id,
        start,
        end,
        cluster_id,
        end,
        start,
        cluster_id,
        first,
        after,
        cluster_id,
        start,
        end,
        cluster_id,
        first,
        after,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def best(function: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _index in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from klynge.insight import scoring
        from klynge.insight.selectors.engagement import activity_rows, cluster_engagement

        built = time.perf_counter()
        cluster = build(args.members, args.seed)
        build_seconds = time.perf_counter() - built
        as_of = timezone.localdate()
        start = scoring.window_start(as_of, scoring.Settings())
        engagement_seconds, overview = best(
            lambda: cluster_engagement(cluster=cluster, as_of=as_of), args.repeat
        )
        raw_seconds, raw_rows = best(lambda: raw_count(cluster.pk, start, as_of), args.repeat)
        rows = sum(n for *_rest, n in activity_rows(cluster=cluster, start=start, end=as_of))
        with CaptureQueriesContext(connection) as captured:
            cluster_engagement(cluster=cluster, as_of=as_of)
        levels = overview.level_counts()
        print(
            json.dumps(
                {
                    "benchmark": "engagement",
                    "database": connection.vendor,
                    "members": len(overview.members),
                    "activity_rows": rows,
                    "raw_sql_rows": raw_rows,
                    "queries": len(captured.captured_queries),
                    "engagement_seconds": round(engagement_seconds, 3),
                    "raw_count_seconds": round(raw_seconds, 3),
                    "ratio": round(engagement_seconds / raw_seconds, 1) if raw_seconds else None,
                    "levels": levels,
                    "build_seconds": round(build_seconds, 1),
                    "repeat": args.repeat,
                    "seed": args.seed,
                    "load_average": round(os.getloadavg()[0], 2),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
