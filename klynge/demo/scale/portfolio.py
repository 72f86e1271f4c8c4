"""Generated projects (partners, objectives, funding, lineage), courses with enrolments, and the
programme's view: status level histories and certification labels."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from klynge.core.bulk import insert_rows, next_id
from klynge.learning.models import Course, CourseSession, Enrolment
from klynge.programme.models import CertificationLabel, ClusterStatus, Level
from klynge.projects.models import FundingSource, Project, ProjectObjective, ProjectPartner

from . import vocab
from .context import Context, Weighted, at, day_between, spread, token
from .events import PersonPicker

OBJECTIVES = ("sme_competence", "new_technology", "new_business", "international")
PROJECT_WORDS = [
    "pilot",
    "platform",
    "lab",
    "initiative",
    "value-chain",
    "demonstrator",
    "network",
    "testbed",
]


def _project_status(
    rng: random.Random,
    kind: str,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> str:
    if kind == "idea":
        return "idea"
    if start > today:
        return rng.choice(("forming_consortium", "planned", "applied", "approved"))
    if end < today:
        roll = rng.random()
        return "completed" if roll < 0.85 else "cancelled" if roll < 0.95 else "rejected"
    return "running"


def projects(ctx: Context) -> None:
    rng = ctx.rng("projects")
    kinds = Weighted(vocab.PROJECT_KINDS)
    per_cluster = spread(ctx.scale.projects, [s**0.7 for s in ctx.cluster_sizes], minimum=1)
    first = next_id(Project)
    rows: list[tuple[Any, ...]] = []
    partners, objectives, funding = [], [], []
    begin = ctx.today - datetime.timedelta(days=365 * 8)
    latest = ctx.today + datetime.timedelta(days=180)
    for c, count in enumerate(per_cluster):
        pre_projects: list[int] = []
        members = ctx.members[c]
        for _ in range(count):
            project_id = first + len(rows)
            kind = kinds.pick(rng)
            start = day_between(rng, begin, latest)
            months = rng.randrange(6, 13) if kind == "pre_project" else rng.randrange(12, 49)
            end = start + datetime.timedelta(days=30 * months)
            status = _project_status(rng, kind, start, end, ctx.today)
            predecessor = None
            if kind == "pre_project":
                pre_projects.append(project_id)
            elif kind == "main_project" and pre_projects and rng.random() < 0.5:
                predecessor = rng.choice(pre_projects)
            stem = f"{rng.choice(vocab.NAME_PREFIX)}{rng.choice(vocab.NAME_STEM)}"
            cost = rng.randrange(5, 200) * 100_000
            rows.append(
                (
                    project_id,
                    ctx.cluster_ids[c],
                    kind,
                    status,
                    f"{stem} {rng.choice(PROJECT_WORDS)} (synthetic)",
                    f"{stem[:6].upper()}{project_id % 100}",
                    "A synthetic collaboration project generated for scale tests.",
                    None if kind == "idea" else start,
                    None if kind == "idea" else end,
                    predecessor,
                    "Innovation Norway" if kind in ("pre_project", "main_project") else "",
                    f"IN-{start:%Y}-{project_id}",
                    cost,
                    cost // 4,
                    cost // 5,
                    ctx.manager_ids[c],
                )
            )
            consortium = rng.sample(members, min(len(members), rng.randrange(2, 9)))
            for position, org in enumerate(consortium):
                role = (
                    "lead" if position == 0 else rng.choice(("partner", "partner", "subcontractor"))
                )
                partners.append(
                    (
                        project_id,
                        ctx.org_ids[org],
                        role,
                        "confirmed" if rng.random() < 0.9 else "candidate",
                        ctx.person_range[org][0],
                        rng.randrange(0, 20) * 50_000,
                        rng.randrange(0, 2000),
                        rng.randrange(0, 20) * 40_000,
                    )
                )
            for objective in rng.sample(OBJECTIVES, rng.randrange(1, 4)):
                objectives.append((project_id, objective, ""))
            funding.append((project_id, "Innovation Norway", "public", cost // 2))
            if rng.random() < 0.5:
                funding.append((project_id, "Partners' own funding", "private", cost // 4))
    columns = (
        "id lead_cluster_id kind status title acronym summary start_date end_date predecessor_id "
        "funder funder_reference total_eligible_cost private_cash in_kind created_by_id"
    )
    ctx.added("projects", insert_rows(Project, columns.split(), rows))
    partner_columns = [
        "project_id",
        "organisation_id",
        "role",
        "status",
        "contact_id",
        "cash",
        "in_kind_hours",
        "in_kind_value",
    ]
    ctx.added("project partners", insert_rows(ProjectPartner, partner_columns, partners))
    insert_rows(ProjectObjective, ["project_id", "kind", "text"], objectives)
    insert_rows(FundingSource, ["project_id", "name", "kind", "amount"], funding)


def courses(ctx: Context) -> None:
    rng = ctx.rng("courses")
    kinds = Weighted(vocab.COURSE_KINDS)
    per_cluster = spread(ctx.scale.courses, [s**0.7 for s in ctx.cluster_sizes], minimum=0)
    first, first_enrolment = next_id(Course), next_id(Enrolment)
    rows: list[tuple[Any, ...]] = []
    sessions, plans = [], []
    begin = ctx.today - datetime.timedelta(days=365 * 4)
    latest = ctx.today + datetime.timedelta(days=240)
    mean = ctx.scale.enrolments / max(1, sum(per_cluster))
    for c, count in enumerate(per_cluster):
        for _ in range(count):
            course_id = first + len(rows)
            kind = kinds.pick(rng)
            credits = (
                Decimal(rng.choice(("7.5", "10.0", "15.0")))
                if kind == "further_education"
                else None
            )
            fee = rng.randrange(0, 30) * 1000
            day = day_between(rng, begin, latest)
            days = [day + datetime.timedelta(days=7 * n) for n in range(rng.randrange(1, 4))]
            rows.append(
                (
                    course_id,
                    ctx.cluster_ids[c],
                    f"{rng.choice(vocab.NAME_STEM).capitalize()} for practitioners (synthetic)",
                    "A synthetic course generated for scale tests.",
                    kind,
                    credits,
                    rng.choice(("introductory", "intermediate", "advanced")),
                    rng.randrange(15, 80) if rng.random() < 0.7 else None,
                    fee,
                    fee // 2 if fee else None,
                    "published" if rng.random() < 0.9 else "draft",
                    ctx.manager_ids[c],
                )
            )
            for n, session_day in enumerate(days):
                starts = at(session_day, 9)
                sessions.append((course_id, f"Day {n + 1}", starts, at(session_day, 15), "Campus"))
            plans.append((c, course_id, credits, days[-1], int(rng.expovariate(1 / mean))))
    columns = (
        "id cluster_id title description kind credits level capacity fee member_fee status "
        "created_by_id"
    )
    ctx.added("courses", insert_rows(Course, columns.split(), rows))
    insert_rows(CourseSession, ["course_id", "title", "starts_at", "ends_at", "venue"], sessions)

    def enrolments() -> Iterator[tuple[Any, ...]]:
        enrolment_id = first_enrolment
        for c, course_id, credits, last_day, wanted in plans:
            picker = PersonPicker(ctx, rng, ctx.members[c])
            past = last_day < ctx.today
            for person, org_id in picker.pick(wanted):
                roll = rng.random()
                completed = past and roll < 0.75
                status = "completed" if completed else "dropped" if roll > 0.9 else "enrolled"
                yield (
                    enrolment_id,
                    course_id,
                    person,
                    org_id,
                    status,
                    rng.choice(("self", "colleague", "staff")),
                    at(last_day, 8) - datetime.timedelta(days=30),
                    last_day if completed else None,
                    credits if completed else None,
                    f"S{enrolment_id:08d}" if completed else "",
                    token(rng),
                )
                enrolment_id += 1

    columns = (
        "id course_id person_id organisation_id status source enrolled_at completed_on "
        "credits_earned certificate_code token"
    )
    ctx.added("enrolments", insert_rows(Enrolment, columns.split(), enrolments()))


def programme(ctx: Context) -> None:
    """Level histories for Norwegian clusters (e.g. Arena -> NCE -> mature) and some labels."""
    rng = ctx.rng("programme")
    levels = dict(Level.objects.values_list("code", "pk"))
    ladders = [("arena", "nce", "mature"), ("arena", "arena-pro"), ("arena",), ("nce", "gce")]
    statuses, labels = [], []
    for c, cluster_id in enumerate(ctx.cluster_ids):
        if ctx.cluster_country[c] == "NO":
            ladder = ladders[0] if c == 0 else rng.choice(ladders)
            start = datetime.date(ctx.cluster_founded[c], 1, 1)
            for step, code in enumerate(ladder):
                last = step == len(ladder) - 1
                end = None if last else start + datetime.timedelta(days=365 * rng.randrange(3, 6))
                if end is not None and end >= ctx.today:
                    end = None
                statuses.append((cluster_id, levels[code], start, end, f"IN-{start:%Y}-{c}"))
                if end is None:
                    break
                start = end
        if c == 0 or rng.random() < 0.25:
            grade = "gold" if c == 0 else rng.choice(("bronze", "bronze", "silver", "gold"))
            awarded = ctx.today - datetime.timedelta(days=rng.randrange(30, 700))
            valid = awarded + datetime.timedelta(days=730)
            score = Decimal(rng.randrange(60, 100))
            labels.append((cluster_id, grade, awarded, valid, score, "ESCA (synthetic)"))
    columns = ["cluster_id", "level_id", "starts_on", "ends_on", "decision_reference"]
    ctx.added("programme statuses", insert_rows(ClusterStatus, columns, statuses))
    columns = ["cluster_id", "grade", "awarded_on", "valid_until", "score_percent", "assessor"]
    ctx.added("labels", insert_rows(CertificationLabel, columns, labels))
