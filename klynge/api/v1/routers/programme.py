"""Programme API under /api/v1/programme: levels, labels, assessments, reports and the portfolio
(calls, applications and reviews are in programme_calls.py). Same predicates (klynge.programme.permissions) and services as the pages;
objects a user may not see are 404, never 403, so no foreign row leaks.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from klynge.clusters.models import Cluster
from klynge.core.dates import MAX_YEAR, MIN_YEAR
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.programme import permissions as perms
from klynge.programme.models import (
    AnnualReport,
    Assessment,
    Framework,
    Level,
)
from klynge.programme.selectors import assessments as ass_sel
from klynge.programme.selectors import statuses as st_sel
from klynge.programme.selectors.portfolio import portfolio_clusters, portfolio_rows_for
from klynge.programme.selectors.readiness import readiness_get
from klynge.programme.selectors.reports import report_list_visible, report_sections
from klynge.programme.services import assessments as ass_svc
from klynge.programme.services import reports as rep_svc
from klynge.programme.services import statuses as st_svc

from ..auth import AUTH_OPTIONAL
from ..pagination import Mapped, PageNumber
from ..patching import patch_changes
from ..schemas import programme as s

router = Router(tags=["programme"])


def _cluster(slug: str) -> Cluster:
    return get_object_or_404(Cluster, slug=slug)


def _level(code: str) -> Level:
    level = Level.objects.filter(code=code).first()
    if level is None:
        raise DomainError("Unknown level.", field="level")
    return level


# --- levels, statuses, labels -----------------------------------------------------------------


@router.get("/levels", response=list[s.LevelOut], auth=AUTH_OPTIONAL, summary="Programme levels")
def level_list(request: HttpRequest) -> Any:
    return st_sel.level_list()


@router.get(
    "/clusters/{slug}",
    response=s.ClusterProgrammeOut,
    auth=AUTH_OPTIONAL,
    summary="A cluster's level and label now (and its history for the team and officers)",
)
def cluster_programme(request: HttpRequest, slug: str) -> dict[str, Any]:
    cluster = _cluster(slug)
    badge = st_sel.badge_map([cluster.pk])[cluster.pk]
    history = None
    if perms.can_view_programme_record(request.user, cluster):
        history = list(st_sel.status_history(cluster=cluster))
    return {
        "cluster": cluster.slug,
        "level": badge.level.code if badge.level else None,
        "level_since": badge.since,
        "label": badge.label.grade if badge.label else None,
        "label_valid_until": badge.label.valid_until if badge.label else None,
        "history": history,
    }


@router.post("/clusters/{slug}/statuses", response={201: s.StatusOut}, summary="Record a level")
def status_add(request: HttpRequest, slug: str, payload: s.ClusterStatusIn) -> Any:
    cluster = _cluster(slug)
    require(perms.can_manage_programme_status, request.user, cluster)
    data = payload.dict()
    level = _level(data.pop("level"))
    return Status(
        201,
        st_svc.cluster_status_add(actor=acting(request.user), cluster=cluster, level=level, **data),
    )


@router.get("/labels", response=list[s.LabelOut], summary="Labels (officers)")
@paginate(PageNumber)
def label_list(request: HttpRequest, grade: str = "", expiring_within: int | None = None) -> Any:
    require(perms.can_view_programme_portfolio, request.user)
    return st_sel.label_list(grade=grade, expiring_within=expiring_within)


@router.post("/clusters/{slug}/labels", response={201: s.LabelOut}, summary="Record a label")
def label_add(request: HttpRequest, slug: str, payload: s.LabelIn) -> Any:
    cluster = _cluster(slug)
    require(perms.can_manage_programme_status, request.user, cluster)
    return Status(
        201, st_svc.label_award(actor=acting(request.user), cluster=cluster, **payload.dict())
    )


# --- frameworks, readiness, assessments -------------------------------------------------------


@router.get("/frameworks", response=list[s.FrameworkOut], auth=AUTH_OPTIONAL, summary="Frameworks")
def framework_list(request: HttpRequest) -> Any:
    return ass_sel.framework_list().prefetch_related("criteria")


@router.get(
    "/clusters/{slug}/readiness", response=s.ReadinessOut, summary="Readiness from live data"
)
def readiness(
    request: HttpRequest, slug: str, framework: str = "mature-cluster", as_of: str | None = None
) -> dict[str, Any]:
    cluster = _cluster(slug)
    require(perms.can_view_readiness, request.user, cluster)
    fw = get_object_or_404(Framework, code=framework, is_active=True)
    try:
        day = datetime.date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise DomainError("Give the date as YYYY-MM-DD.", field="as_of") from exc
    result = readiness_get(cluster=cluster, framework=fw, as_of=day)
    rows = [{**row.__dict__, "meets": row.meets} for row in result.rows]
    return {"framework": fw.code, "as_of": result.as_of, "met": result.met, "rows": rows}


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = Assessment.objects.filter(pk=pk).select_related("cluster", "framework").first()
    if assessment is None or not perms.can_view_assessment(request.user, assessment):
        raise Http404
    return assessment


@router.get("/assessments", response=list[s.AssessmentOut], summary="Assessments you may see")
@paginate(PageNumber)
def assessment_list(request: HttpRequest, status: str = "", framework: str = "") -> Any:
    return ass_sel.assessment_list_visible(user=request.user, status=status, framework=framework)


@router.get("/assessments/{pk}", response=s.AssessmentDetailOut, summary="One assessment")
def assessment_detail(request: HttpRequest, pk: int) -> Any:
    _assessment(request, pk)
    return ass_sel.assessment_get(pk=pk)


@router.post("/assessments", response={201: s.AssessmentOut}, summary="Start an assessment")
def assessment_create(request: HttpRequest, payload: s.AssessmentIn) -> Any:
    cluster = _cluster(payload.cluster)
    require(perms.can_create_assessment, request.user, cluster)
    framework = get_object_or_404(Framework, code=payload.framework)
    return Status(
        201,
        ass_svc.assessment_create(
            actor=acting(request.user),
            cluster=cluster,
            framework=framework,
            period=payload.period,
            as_of=payload.as_of,
        ),
    )


@router.post("/assessments/{pk}/transitions", response=s.AssessmentOut, summary="Workflow step")
def assessment_step(request: HttpRequest, pk: int, payload: s.ActionIn) -> Any:
    assessment = _assessment(request, pk)
    ass_svc.assessment_transition(
        actor=acting(request.user), assessment=assessment, action=payload.action
    )
    return assessment


@router.post("/assessments/{pk}/scores", response=s.AssessmentDetailOut, summary="Save scores")
def assessment_scores(
    request: HttpRequest, pk: int, payload: list[s.ScoreIn], self_assessment: bool = False
) -> Any:
    assessment = _assessment(request, pk)
    require(
        perms.can_self_assess if self_assessment else perms.can_score_assessment,
        request.user,
        assessment,
    )
    scores = {row.item: row.dict(exclude={"item"}) for row in payload}
    ass_svc.assessment_score(
        actor=acting(request.user), assessment=assessment, scores=scores, as_cluster=self_assessment
    )
    return ass_sel.assessment_get(pk=pk)


@router.post("/assessments/{pk}/decision", response=s.AssessmentOut, summary="Decide")
def assessment_decision(request: HttpRequest, pk: int, payload: s.AssessmentDecisionIn) -> Any:
    assessment = _assessment(request, pk)
    return ass_svc.assessment_decide(
        actor=acting(request.user), assessment=assessment, **payload.dict()
    )


# --- reports, portfolio -------------------------------------------------------------------------


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    report = (
        AnnualReport.objects.filter(pk=pk)
        .select_related("cluster")
        .prefetch_related("corrections")
        .first()
    )
    if report is None or not perms.can_view_report(request.user, report):
        raise Http404
    return report


@router.get("/reports", response=list[s.ReportOut], summary="Annual reports you may see")
@paginate(PageNumber)
def report_list(
    request: HttpRequest,
    status: str = "",
    year: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR),
) -> Any:
    return report_list_visible(user=request.user, status=status, year=year)


@router.get("/reports/{pk}", response=s.ReportOut, summary="One annual report")
def report_detail(request: HttpRequest, pk: int) -> AnnualReport:
    return _report(request, pk)


@router.post("/reports", response={201: s.ReportOut}, summary="Start a report (pre-filled)")
def report_add(request: HttpRequest, payload: s.ReportIn) -> Any:
    cluster = _cluster(payload.cluster)
    require(perms.can_create_report, request.user, cluster)
    return Status(
        201, rep_svc.report_create(actor=acting(request.user), cluster=cluster, year=payload.year)
    )


@router.patch("/reports/{pk}", response=s.ReportOut, summary="Write the narrative")
def report_patch(request: HttpRequest, pk: int, payload: s.ReportPatchIn) -> Any:
    report = _report(request, pk)
    require(perms.can_edit_report, request.user, report)
    return rep_svc.report_update(
        actor=acting(request.user), report=report, **patch_changes(payload)
    )


@router.post("/reports/{pk}/transitions", response=s.ReportOut, summary="Submit, accept or return")
def report_step(request: HttpRequest, pk: int, payload: s.ActionIn) -> Any:
    report = _report(request, pk)
    rep_svc.report_transition(
        actor=acting(request.user), report=report, action=payload.action, comment=payload.comment
    )
    return _report(request, pk)


@router.get(
    "/reports/{pk}/figures",
    response=list[s.ReportFigureOut],
    summary="Every figure of a report with its source, correction and last year's value",
)
def report_figures(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    report = _report(request, pk)
    return [
        {
            "key": row["figure"].key,
            "section": section["key"],
            "label": str(row["figure"].label),
            "computed": row["figure"].computed,
            "corrected": row["figure"].corrected,
            "value": row["figure"].value,
            "reason": row["figure"].reason,
            "previous": row["previous"],
            "previous_year": section["previous_year"],
            "rows_url": row["rows_url"],
        }
        for section in report_sections(report)
        for row in section["rows"]
    ]


@router.put(
    "/reports/{pk}/corrections/{key}",
    response=s.CorrectionOut,
    summary="Correct a figure (the computed value is kept beside it)",
)
def report_correct(request: HttpRequest, pk: int, key: str, payload: s.CorrectionIn) -> Any:
    report = _report(request, pk)
    require(perms.can_edit_report, request.user, report)
    return rep_svc.correction_set(
        actor=acting(request.user),
        report=report,
        key=key,
        value=payload.value,
        reason=payload.reason,
    )


@router.delete(
    "/reports/{pk}/corrections/{key}",
    response={204: None},
    summary="Remove a correction (the computed figure counts again)",
)
def report_uncorrect(request: HttpRequest, pk: int, key: str) -> Any:
    report = _report(request, pk)
    require(perms.can_edit_report, request.user, report)
    rep_svc.correction_delete(actor=acting(request.user), report=report, key=key)
    return Status(204, None)


@router.get("/portfolio", response=list[s.PortfolioRowOut], summary="All clusters (officers)")
@paginate(PageNumber)
def portfolio(request: HttpRequest, q: str = "", level: str = "") -> Mapped:
    require(perms.can_view_programme_portfolio, request.user)

    def rows(clusters: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "cluster": r.cluster.slug,
                "name": r.cluster.name,
                "level": r.badge.level.code if r.badge.level else None,
                "level_since": r.badge.since,
                "label": r.badge.label.grade if r.badge.label else None,
                "label_valid_until": r.badge.label.valid_until if r.badge.label else None,
                "label_days_left": r.badge.label_days_left,
                "figures": r.figures,
            }
            for r in portfolio_rows_for(clusters)
        ]

    return Mapped(portfolio_clusters(search=q, level=level), batch=rows)
