"""Demo data of the cluster programme, written through the programme services where they allow it.

Public facts (DOMAIN.md): NCE Smart Energy Markets had NCE status from 2009, a gold label in 2019
(and again later) and became a mature cluster in autumn 2020; Oslo Cancer Cluster, Eyde, NCE Media
and Norway Health Tech were named mature clusters on 15 Nov 2021. Everything else is fictional and
says so: exact dates after 2019, decision references, scores, calls, applications, reviews, the
Arena/Arena Pro histories and the other clusters' labels. The latest labels, the current calls and
their applications use dates relative to today so they stay current; the rest is fixed.
Idempotent: every step first looks for what it would create.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from klynge.accounts.typing import Actor
from klynge.clusters.models import Cluster
from klynge.members.models import Organisation, Person
from klynge.programme.loaders import load_shipped
from klynge.programme.models import (
    AnnualReport,
    Application,
    Assessment,
    Call,
    CertificationLabel,
    ClusterStatus,
    Evaluator,
    FollowUpReport,
    Framework,
    Level,
)
from klynge.programme.selectors.assessments import assessment_summary
from klynge.programme.services import applications as apps
from klynge.programme.services import assessments, follow_up, reports, reviews, statuses
from klynge.programme.services.calls import call_create
from klynge.programme.services.decisions import application_decide
from klynge.projects import services as projects
from klynge.projects.models import Project

from .clusters import DemoLogin, load_user
from .programme_applications import APPLICATIONS

D = datetime.date
FICTIONAL = "(Fictional demo data.)"
SEM = "nce-smart-energy-markets"
# Why a gold-labelled demo cluster other than NCE SEM shows little readiness from data.
THIN = (
    "The demo loads members, events and projects only for NCE Smart Energy Markets, so this "
    "cluster's computed indicators are near zero; its label stands for the story."
)
MATURE_2021 = ("oslo-cancer-cluster", "eyde", "nce-media", "norway-health-tech")
EVALUATORS = [
    DemoLogin("evaluator (programme)", "evaluator1@programme.demo", "Eva Evaluator"),
    DemoLogin(
        "evaluator, also a contact at Høgskolen i Grenseland",
        "evaluator2@programme.demo",
        "Even Vurdering",
    ),
]
HISTORY: dict[
    str, list[tuple[str, D, D | None, str]]
] = {  # slug -> [(level, start, end, reference)]
    "arena-havvind-vest": [("arena", D(2022, 7, 1), None, f"Arena 2022 {FICTIONAL}")],
    "arena-pro-gronn-logistikk": [
        ("arena", D(2017, 7, 1), D(2020, 7, 1), f"Arena 2017 {FICTIONAL}"),
        ("arena-pro", D(2020, 7, 1), None, f"Arena Pro 2020 {FICTIONAL}"),
    ],
    **{
        slug: [
            (
                "mature",
                D(2021, 11, 15),
                None,
                "Mature cluster, 15 Nov 2021 (public fact; reference fictional)",
            )
        ]
        for slug in MATURE_2021
    },
}


def load() -> None:
    load_shipped()
    users = get_user_model().objects
    officer = users.filter(email="officer@programme.demo").first()
    admin = users.filter(email="admin@klynge.demo").first()
    if officer is None or admin is None:
        return
    clusters = {c.slug: c for c in Cluster.objects.all()}
    evaluators = [_evaluator(officer, login) for login in EVALUATORS]
    for slug, rows in HISTORY.items():
        if slug in clusters and not ClusterStatus.objects.filter(cluster=clusters[slug]).exists():
            for code, start, end, reference in rows:
                statuses.cluster_status_add(
                    actor=officer,
                    cluster=clusters[slug],
                    level=_level(code),
                    starts_on=start,
                    ends_on=end,
                    decision_reference=reference,
                )
    if SEM not in clusters:
        return
    sem = clusters[SEM]
    _labels(officer, sem, clusters)
    _assessment_2020(officer, sem)
    calls = _calls(officer)
    _applications_2021(sem)
    manager = users.filter(email="manager@nce-sem.demo").first() or admin
    for spec in APPLICATIONS:
        if spec[0] in clusters:
            actor = (
                manager
                if spec[0] == SEM
                else users.filter(email=f"manager@{spec[0]}.demo").first() or admin
            )
            _application(officer, actor, clusters[spec[0]], calls[spec[1]], spec, evaluators)
    _report(manager, sem)
    _follow_up(officer, manager, sem)


def _level(code: str) -> Level:
    return Level.objects.get(code=code)


def _evaluator(officer: Actor, login: DemoLogin) -> Actor:
    user = load_user(login)
    if not Evaluator.objects.filter(user=user).exists():
        reviews.evaluator_add(
            actor=officer, email=login.email, expertise=f"Energy and innovation {FICTIONAL}"
        )
    if login.email.startswith("evaluator2"):  # also a member contact: conflicts get flagged
        organisation = Organisation.objects.filter(name="Høgskolen i Grenseland").first()
        if organisation and not Person.objects.filter(user=user).exists():
            Person.objects.create(
                full_name=login.full_name,
                email="even.vurdering@grenseland.example",
                organisation=organisation,
                user=user,
                title=f"Associate professor {FICTIONAL}",
            )
    return user


def _labels(officer: Actor, sem: Cluster, clusters: dict[str, Cluster]) -> None:
    today = timezone.localdate()
    latest = today - datetime.timedelta(
        days=670
    )  # valid for about two more months: shows the warning
    wanted = [
        (sem, D(2019, 6, 14), 96, "Gold label 2019 (public fact); date and score fictional."),
        (sem, D(2021, 6, 10), 97, f"Renewal {FICTIONAL}"),
        (sem, D(2023, 6, 8), 98, f"Renewal {FICTIONAL}"),
        (sem, latest, 98, f"Latest renewal, dated relative to today {FICTIONAL}"),
    ]
    wanted += [
        (clusters[slug], today - datetime.timedelta(days=300), 93, f"Gold label {FICTIONAL} {THIN}")
        for slug in MATURE_2021
        if slug in clusters
    ]
    for cluster, awarded, score, note in wanted:
        if not CertificationLabel.objects.filter(
            cluster=cluster, grade="gold", awarded_on=awarded
        ).exists():
            statuses.label_award(
                actor=officer,
                cluster=cluster,
                grade="gold",
                awarded_on=awarded,
                score_percent=Decimal(score),
                assessor="ESCA gold assessment (fictional experts)",
                note=note,
            )


def _assessment_2020(officer: Actor, sem: Cluster) -> None:
    framework = Framework.objects.get(code="mature-cluster")
    if Assessment.objects.filter(cluster=sem, framework=framework, period="2020").exists():
        return
    if not ClusterStatus.objects.filter(cluster=sem).exists():
        statuses.cluster_status_add(
            actor=officer,
            cluster=sem,
            level=_level("nce"),
            starts_on=D(2009, 1, 1),
            decision_reference="NCE status 2009 (public fact; reference fictional)",
        )
    assessment = assessments.assessment_create(
        actor=officer, cluster=sem, framework=framework, period="2020", as_of=D(2020, 10, 1)
    )
    assessments.assessment_transition(actor=officer, assessment=assessment, action="start_review")
    quality = assessment.items.get(criterion__code="Q")
    assessments.assessment_score(
        actor=officer,
        assessment=assessment,
        as_cluster=False,
        scores={
            quality.pk: {
                "score": 9,
                "comment": f"INVADE, E-LAND and Smart Energi Hvaler show strong projects and work. {FICTIONAL}",
            }
        },
    )
    passed = assessment_summary(assessment=assessment).passed
    assessments.assessment_decide(
        actor=officer,
        assessment=assessment,
        outcome="passed",
        decided_on=D(2020, 11, 20),
        decision_reference="IN mature cluster 2020 (reference fictional)",
        grant_level=True,
        note="" if passed else f"Granted on the programme owner's overall judgement. {FICTIONAL}",
    )


def _calls(officer: Actor) -> dict[str, Call]:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    year = str(timezone.localdate().year)
    specs = {
        "pre": dict(
            title=f"Pre-projects for mature clusters {year} {FICTIONAL}",
            kind="pre_project",
            two_stage=False,
            quota_per_cluster=2,
            max_grant=1_000_000,
            framework=Framework.objects.get(code="pre-project"),
            description="SME competence lift, adoption of new technology, new business areas and "
            f"international orientation. Two applications per mature cluster. {FICTIONAL}",
        ),
        "main": dict(
            title=f"Main projects for mature clusters {year} {FICTIONAL}",
            kind="main_project",
            two_stage=True,
            quota_per_cluster=1,
            max_grant=5_000_000,
            full_closes_at=now + datetime.timedelta(days=90),
            description=f"A sketch first; invited clusters send a full application. {FICTIONAL}",
        ),
    }
    calls = {}
    for key, spec in specs.items():
        call = Call.objects.filter(title=spec["title"]).first()
        if call is None:
            call = call_create(
                actor=officer,
                allowed_levels=[_level("mature")],
                publish=True,
                period=year,
                opens_at=now - datetime.timedelta(days=30),
                closes_at=now + datetime.timedelta(days=45),
                label_required="gold",
                **spec,
            )
        calls[key] = call
    return calls


def _applications_2021(sem: Cluster) -> None:
    """The 2021 round, in the past: rows for the two pre-projects the projects demo shows as done."""
    call, _ = Call.objects.get_or_create(
        title=f"Pre-projects for mature clusters 2021 {FICTIONAL}",
        defaults=dict(
            kind="pre_project",
            period="2021",
            quota_per_cluster=2,
            max_grant=1_000_000,
            is_published=True,
            opens_at=timezone.make_aware(datetime.datetime(2021, 1, 11, 9)),
            closes_at=timezone.make_aware(datetime.datetime(2021, 3, 1, 12)),
            framework=Framework.objects.get(code="pre-project"),
        ),
    )
    call.allowed_levels.add(_level("mature"))
    for title, amount in (
        ("Flexibility services for SMEs", 1_000_000),
        ("Digital twin for local grids", 800_000),
    ):
        project = Project.objects.filter(lead_cluster=sem, title=title).first()
        if project and not Application.objects.filter(call=call, project=project).exists():
            Application.objects.create(
                call=call,
                cluster=sem,
                project=project,
                status="approved",
                amount_requested=amount,
                granted_amount=amount,
                summary=f"{project.summary}",
                submitted_at=timezone.make_aware(datetime.datetime(2021, 2, 20, 12)),
                decided_at=timezone.make_aware(datetime.datetime(2021, 4, 15, 12)),
                conditions=f"Final report with documented effects for SMEs. {FICTIONAL}",
            )


def _project(
    actor: Actor, cluster: Cluster, kind: str, title: str, partners: list[str], amount: int
) -> Project:
    title = f"{title} {FICTIONAL}"
    project = Project.objects.filter(lead_cluster=cluster, title=title).first()
    if project is None:
        project = projects.project_create(
            actor=actor,
            cluster=cluster,
            title=title,
            kind=kind,
            status="planned",
            summary=f"{title}: a demo project for the programme's calls.",
            objectives=["sme_competence", "new_technology"],
        )
        for index, name in enumerate(partners):
            organisation = Organisation.objects.filter(name=name).order_by(
                "pk"
            ).first() or Organisation.objects.create(
                name=name, description=f"Created by the programme demo. {FICTIONAL}"
            )
            projects.partner_add(
                actor=actor,
                project=project,
                organisation=organisation,
                role="lead" if index == 0 else "partner",
            )
        projects.project_budget_update(
            actor=actor,
            project=project,
            total_eligible_cost=amount * 25 // 10,
            private_cash=amount // 2,
            in_kind=amount,
        )
    return project


def _application(
    officer: Actor, actor: Actor, cluster: Cluster, call: Call, spec: tuple, evaluators: list
) -> None:
    _slug, kind, title, partners, amount, state, reviewers = spec
    project = _project(
        actor, cluster, "pre_project" if kind == "pre" else "main_project", title, partners, amount
    )
    if Application.objects.filter(call=call, project=project).exists():
        return
    app = apps.application_create(
        actor=actor,
        call=call,
        cluster=cluster,
        project=project,
        amount_requested=amount,
        summary=f"Why this project matters for the members. {FICTIONAL}",
        answers={
            "objectives": "SME competence lift and new technology.",
            "effects": f"Documented by a survey of the SME partners. {FICTIONAL}",
        },
    )
    if state == "draft":
        return
    apps.application_submit(actor=actor, application=app)
    if state == "withdrawn":
        apps.application_withdraw(
            actor=actor, application=app, reason=f"A key partner left. {FICTIONAL}"
        )
    elif state == "invited":
        apps.application_transition(actor=officer, application=app, action="invite")
    if state not in ("in_review", "approved", "rejected"):
        return
    apps.application_transition(actor=officer, application=app, action="start_review")
    for index in reviewers:
        _review(
            officer,
            app,
            evaluators[index - 1],
            # Evaluator 1 still has NCE Media's in-review application to score (their home page).
            submit=not (state == "in_review" and (index == 2) == (cluster.slug == SEM)),
        )
    if state in ("approved", "rejected"):
        application_decide(
            actor=officer,
            application=app,
            approve=state == "approved",
            granted_amount=amount - 50_000,
            conditions=f"Report on SME effects after the project. {FICTIONAL}"
            if state == "approved"
            else "",
            reasons=""
            if state == "approved"
            else f"Too little SME involvement for the aims. {FICTIONAL}",
        )


def _review(officer: Actor, app: Application, evaluator: Actor, *, submit: bool) -> None:
    assignment = reviews.assignment_create(actor=officer, application=app, evaluator=evaluator)
    if assignment.flagged_conflict:  # evaluator 2 works at a partner: declares it and is recused
        reviews.conflict_declare(
            actor=evaluator,
            assignment=assignment,
            has_conflict=True,
            note=f"I work at {assignment.flagged_conflict}. {FICTIONAL}",
        )
        return
    reviews.conflict_declare(actor=evaluator, assignment=assignment, has_conflict=False)
    if not submit:
        return
    base = 5 if evaluator.email.startswith("evaluator1") else 4
    framework = app.call.framework
    assert framework is not None, "the demo's calls have a framework"
    scores = {
        c.pk: {"score": min(base + i % 2, c.max_points), "comment": f"Clear plan. {FICTIONAL}"}
        for i, c in enumerate(framework.criteria.order_by("position"))
    }
    reviews.review_save(
        actor=evaluator,
        assignment=assignment,
        scores=scores,
        submit=True,
        recommendation="fund" if base == 5 else "fund_with_conditions",
        comment=f"A relevant project with committed SMEs. {FICTIONAL}",
    )


def _report(manager: Actor, sem: Cluster) -> None:
    year = timezone.localdate().year - 1
    if AnnualReport.objects.filter(cluster=sem, year=year).exists():
        return
    report = reports.report_create(actor=manager, cluster=sem, year=year)
    report = reports.report_update(
        actor=manager,
        report=report,
        highlights=f"A year of flexibility pilots, a full Partner Conference and new SME members. {FICTIONAL}",
        projects_text=f"The main project after the 2021 pre-project reached its first customers. {FICTIONAL}",
        plans_text=f"Two new pre-projects, a course on flexibility markets and a label review. {FICTIONAL}",
    )
    reports.report_transition(actor=manager, report=report, action="submit")


def _follow_up(officer: Actor, manager: Actor, sem: Cluster) -> None:
    """The reporting plans of this year's approved applications, relative to today: each funded
    project started half a year ago, so its first progress report falls due around now. NCE Smart
    Energy Markets has written and submitted its report (it waits on the officer's desk); the other
    clusters' first reports are overdue or due soon (the desk and the reminders show them)."""
    today = timezone.localdate()
    approved = Application.objects.filter(
        status="approved", call__period=str(today.year)
    ).select_related("project", "cluster", "call")
    for offset, application in enumerate(approved.order_by("cluster__name", "pk")):
        plan = follow_up.follow_up_plan_create(actor=officer, application=application)
        first = min(plan, key=lambda r: r.due_on)
        if first.status != "due" or first.submitted_at is not None:
            continue
        mine = application.cluster_id == sem.pk
        due = today - datetime.timedelta(days=5 if mine else 12 - 20 * (offset % 2))
        FollowUpReport.objects.filter(pk=first.pk).update(due_on=due)
        first.refresh_from_db()
        if not mine:
            continue
        report = follow_up.follow_up_update(
            actor=manager,
            report=first,
            outcomes_text=f"Eight SME partners tested flexibility trading; two now sell it. {FICTIONAL}",
            spent=first.budget // 3,
            spending_text=f"On budget: workshops and the pilot's metering. {FICTIONAL}",
            contributions_text=f"Partners gave 620 hours and NOK 150,000 in cash. {FICTIONAL}",
            outcomes=[
                {
                    "kind": "technology",
                    "description": f"Flexibility trading adopted by SME partners {FICTIONAL}",
                    "quantity": 2,
                }
            ],
        )
        follow_up.follow_up_transition(actor=manager, report=report, action="submit")
