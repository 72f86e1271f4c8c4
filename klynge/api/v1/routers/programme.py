"""Programme API under /api/v1/programme: levels, labels, assessments, calls, applications, reviews,
reports and the portfolio. Same predicates (klynge.programme.permissions) and services as the pages;
objects a user may not see are 404, never 403, so no foreign row leaks.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError
from klynge.core.permissions import require
from klynge.programme import permissions as perms
from klynge.programme.models import (
    AnnualReport,
    Application,
    Assessment,
    Call,
    Criterion,
    Framework,
    Level,
    ReviewAssignment,
)
from klynge.programme.selectors import applications as app_sel
from klynge.programme.selectors import assessments as ass_sel
from klynge.programme.selectors import calls as call_sel
from klynge.programme.selectors import statuses as st_sel
from klynge.programme.selectors.decision_pack import decision_pack
from klynge.programme.selectors.portfolio import portfolio_rows
from klynge.programme.selectors.readiness import readiness_get
from klynge.programme.selectors.reports import report_list_visible
from klynge.programme.selectors.reviews import (
    assignment_list_for_evaluator,
    evaluator_list,
    review_summary,
)
from klynge.programme.services import applications as app_svc
from klynge.programme.services import assessments as ass_svc
from klynge.programme.services import reports as rep_svc
from klynge.programme.services import reviews as rev_svc
from klynge.programme.services import statuses as st_svc
from klynge.programme.services.calls import call_create, call_publish
from klynge.programme.services.decisions import application_decide
from klynge.programme.workflow import APPLICATION_WORKFLOW
from klynge.projects.models import Project

from ..auth import AUTH_OPTIONAL
from ..pagination import PageNumber
from ..schemas import programme as s

router = Router(tags=["programme"])  # fmt: skip


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
def status_add(request: HttpRequest, slug: str, payload: s.StatusIn) -> Any:
    cluster = _cluster(slug)
    require(perms.can_manage_programme_status, request.user, cluster)
    data = payload.dict()
    level = _level(data.pop("level"))
    return 201, st_svc.cluster_status_add(actor=request.user, cluster=cluster, level=level, **data)


@router.get("/labels", response=list[s.LabelOut], summary="Labels (officers)")
@paginate(PageNumber)
def label_list(request: HttpRequest, grade: str = "", expiring_within: int | None = None) -> Any:
    require(perms.can_view_programme_portfolio, request.user)
    return st_sel.label_list(grade=grade, expiring_within=expiring_within)


@router.post("/clusters/{slug}/labels", response={201: s.LabelOut}, summary="Record a label")
def label_add(request: HttpRequest, slug: str, payload: s.LabelIn) -> Any:
    cluster = _cluster(slug)
    require(perms.can_manage_programme_status, request.user, cluster)
    return 201, st_svc.label_award(actor=request.user, cluster=cluster, **payload.dict())


# --- frameworks, readiness, assessments -------------------------------------------------------


@router.get("/frameworks", response=list[s.FrameworkOut], auth=AUTH_OPTIONAL, summary="Frameworks")
def framework_list(request: HttpRequest) -> Any:
    return ass_sel.framework_list().prefetch_related("criteria")


@router.get(
    "/clusters/{slug}/readiness", response=s.ReadinessOut, summary="Readiness from live data"
)
def readiness(request: HttpRequest, slug: str, framework: str = "mature-cluster",
              as_of: str | None = None) -> dict[str, Any]:  # fmt: skip
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
    return 201, ass_svc.assessment_create(actor=request.user, cluster=cluster, framework=framework,
                                          period=payload.period, as_of=payload.as_of)  # fmt: skip


@router.post("/assessments/{pk}/transitions", response=s.AssessmentOut, summary="Workflow step")
def assessment_step(request: HttpRequest, pk: int, payload: s.ActionIn) -> Any:
    assessment = _assessment(request, pk)
    ass_svc.assessment_transition(actor=request.user, assessment=assessment, action=payload.action)
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
        actor=request.user, assessment=assessment, scores=scores, as_cluster=self_assessment
    )
    return ass_sel.assessment_get(pk=pk)


@router.post("/assessments/{pk}/decision", response=s.AssessmentOut, summary="Decide")
def assessment_decision(request: HttpRequest, pk: int, payload: s.AssessmentDecisionIn) -> Any:
    assessment = _assessment(request, pk)
    return ass_svc.assessment_decide(actor=request.user, assessment=assessment, **payload.dict())


# --- calls -----------------------------------------------------------------------------------


@router.get("/calls", response=list[s.CallOut], auth=AUTH_OPTIONAL, summary="Calls")
@paginate(PageNumber)
def call_list(request: HttpRequest, state: str = "", kind: str = "") -> Any:
    return call_sel.call_list_visible(user=request.user, state=state, kind=kind)


def _call(request: HttpRequest, pk: int) -> Call:
    call = (
        Call.objects.filter(pk=pk)
        .select_related("framework")
        .prefetch_related("allowed_levels")
        .first()
    )
    if call is None or not perms.can_view_call(request.user, call):
        raise Http404
    return call


@router.get("/calls/{pk}", response=s.CallOut, auth=AUTH_OPTIONAL, summary="One call")
def call_detail(request: HttpRequest, pk: int) -> Call:
    return _call(request, pk)


@router.post("/calls", response={201: s.CallOut}, summary="Create a call (officers)")
def call_add(request: HttpRequest, payload: s.CallIn) -> Any:
    require(perms.can_manage_calls, request.user)
    data = payload.dict(exclude_unset=True)
    levels = [_level(code) for code in data.pop("allowed_levels", [])]
    code = data.pop("framework", None)
    if code:
        data["framework"] = get_object_or_404(Framework, code=code)
    return 201, call_create(actor=request.user, allowed_levels=levels, **data)


@router.post("/calls/{pk}/publish", response=s.CallOut, summary="Publish or unpublish")
def call_publish_endpoint(request: HttpRequest, pk: int, publish: bool = True) -> Call:
    call = _call(request, pk)
    require(perms.can_manage_calls, request.user, call)
    return call_publish(actor=request.user, call=call, publish=publish)


@router.get("/calls/{pk}/decision-pack", summary="Decision pack PDF (officers)")
def call_decision_pack(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    require(perms.can_view_decision_pack, request.user, call)
    from weasyprint import HTML

    html = render_to_string("programme/decision_pack.html", {"call": call, "entries": decision_pack(call=call),
                                                             "generated": timezone.now()})  # fmt: skip
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-pack-{call.pk}.pdf"'
    return response


# --- applications, reviews --------------------------------------------------------------------


def _application(request: HttpRequest, pk: int) -> Application:
    application = (
        Application.objects.filter(pk=pk).select_related("call", "cluster", "project").first()
    )
    if application is None or not perms.can_view_application(request.user, application):
        raise Http404
    return application


@router.get("/applications", response=list[s.ApplicationOut], summary="Applications you may see")
@paginate(PageNumber)
def application_list(
    request: HttpRequest, status: str = "", call: int | None = None, q: str = ""
) -> Any:
    call_obj = get_object_or_404(Call, pk=call) if call else None
    return app_sel.application_list_visible(
        user=request.user, call=call_obj, status=status, search=q
    )


@router.get("/applications/{pk}", response=s.ApplicationDetailOut, summary="One application")
def application_detail(request: HttpRequest, pk: int) -> Any:
    application = _application(request, pk)
    application.actions = [
        t.action for t in APPLICATION_WORKFLOW.available(request.user, application)
    ]
    return application


@router.post(
    "/applications", response={201: s.ApplicationDetailOut}, summary="Start an application"
)
def application_add(request: HttpRequest, payload: s.ApplicationIn) -> Any:
    cluster = _cluster(payload.cluster)
    require(perms.can_apply_for, request.user, cluster)
    call = _call(request, payload.call)
    project = get_object_or_404(Project, pk=payload.project, lead_cluster=cluster)
    application = app_svc.application_create(
        actor=request.user, call=call, cluster=cluster, project=project,
        amount_requested=payload.amount_requested, summary=payload.summary, answers=payload.answers,
    )  # fmt: skip
    application.actions = []
    return 201, application


@router.patch("/applications/{pk}", response=s.ApplicationDetailOut, summary="Change a draft")
def application_patch(request: HttpRequest, pk: int, payload: s.ApplicationPatchIn) -> Any:
    application = _application(request, pk)
    require(perms.can_edit_application, request.user, application)
    app_svc.application_update(
        actor=request.user, application=application, **payload.dict(exclude_none=True)
    )
    return application_detail(request, pk)


@router.post(
    "/applications/{pk}/transitions",
    response=s.ApplicationOut,
    summary="Submit, withdraw, invite...",
)
def application_step(request: HttpRequest, pk: int, payload: s.ActionIn) -> Any:
    application = _application(request, pk)
    if payload.action in ("submit", "submit_sketch"):
        app_svc.application_submit(actor=request.user, application=application)
    elif payload.action == "withdraw":
        app_svc.application_withdraw(
            actor=request.user, application=application, reason=payload.comment
        )
    else:
        app_svc.application_transition(
            actor=request.user, application=application, action=payload.action
        )
    return _application(request, pk)


@router.post("/applications/{pk}/decision", response=s.ApplicationOut, summary="Approve or reject")
def application_decision(request: HttpRequest, pk: int, payload: s.DecisionIn) -> Any:
    application = _application(request, pk)
    require(perms.can_manage_application, request.user, application)
    return application_decide(actor=request.user, application=application, **payload.dict())


@router.get("/applications/{pk}/attachments/{attachment_id}", summary="Download an attachment")
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    application = _application(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file.name.rsplit("/", 1)[-1],
    )


@router.get(
    "/applications/{pk}/review-summary",
    response=s.ReviewSummaryOut,
    summary="Scores of all evaluators",
)
def application_review_summary(request: HttpRequest, pk: int) -> dict[str, Any]:
    application = _application(request, pk)
    require(perms.can_view_review_summary, request.user, application)
    summary = review_summary(application=application)
    return {
        "submitted": summary.submitted,
        "assigned": summary.assigned,
        "maximum": summary.maximum,
        "average_total": summary.total.average,
        "average_percent": summary.average_percent,
        "criteria": [sp.__dict__ for sp in summary.spreads],
        "recommendations": summary.recommendations,
    }


@router.post(
    "/applications/{pk}/assignments", response={201: s.AssignmentOut}, summary="Assign an evaluator"
)
def assignment_add(request: HttpRequest, pk: int, payload: s.AssignmentIn) -> Any:
    application = _application(request, pk)
    require(perms.can_manage_application, request.user, application)
    user = get_user_model().objects.filter(email__iexact=payload.evaluator).first()
    if user is None:
        raise DomainError("No such evaluator.", field="evaluator")
    return 201, rev_svc.assignment_create(
        actor=request.user, application=application, evaluator=user
    )


@router.get("/reviews", response=list[s.AssignmentOut], summary="My review assignments")
@paginate(PageNumber)
def my_reviews(request: HttpRequest) -> Any:
    return assignment_list_for_evaluator(user=request.user)


def _own(request: HttpRequest, pk: int) -> ReviewAssignment:
    return get_object_or_404(ReviewAssignment.objects.select_related("application__call"), pk=pk,
                             evaluator_id=request.user.pk)  # fmt: skip


@router.post(
    "/reviews/{pk}/conflict", response=s.AssignmentOut, summary="Declare conflicts of interest"
)
def review_conflict(request: HttpRequest, pk: int, payload: s.ConflictIn) -> Any:
    return rev_svc.conflict_declare(
        actor=request.user, assignment=_own(request, pk), **payload.dict()
    )


@router.post("/reviews/{pk}", response=s.AssignmentOut, summary="Save or submit a review")
def review_save(request: HttpRequest, pk: int, payload: s.ReviewIn) -> Any:
    assignment = _own(request, pk)
    framework = assignment.application.call.framework_id
    criteria = {c.code: c.pk for c in Criterion.objects.filter(framework_id=framework)}
    if any(row.criterion not in criteria for row in payload.scores):
        raise DomainError("Unknown criterion.", field="scores")
    scores = {
        criteria[row.criterion]: {"score": row.score, "comment": row.comment}
        for row in payload.scores
    }
    return rev_svc.review_save(actor=request.user, assignment=assignment, scores=scores,
                               recommendation=payload.recommendation, comment=payload.comment,
                               submit=payload.submit)  # fmt: skip


@router.get("/evaluators", response=list[s.EvaluatorOut], summary="Evaluators (officers)")
@paginate(PageNumber)
def evaluators(request: HttpRequest) -> Any:
    require(perms.can_manage_evaluators, request.user)
    return evaluator_list()


@router.post("/evaluators", response={201: s.EvaluatorOut}, summary="Add an evaluator (officers)")
def evaluator_add(request: HttpRequest, payload: s.EvaluatorIn) -> Any:
    require(perms.can_manage_evaluators, request.user)
    return 201, rev_svc.evaluator_add(actor=request.user, **payload.dict())


# --- reports, portfolio -------------------------------------------------------------------------


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    report = AnnualReport.objects.filter(pk=pk).select_related("cluster").first()
    if report is None or not perms.can_view_report(request.user, report):
        raise Http404
    return report


@router.get("/reports", response=list[s.ReportOut], summary="Annual reports you may see")
@paginate(PageNumber)
def report_list(request: HttpRequest, status: str = "", year: int | None = None) -> Any:
    return report_list_visible(user=request.user, status=status, year=year)


@router.get("/reports/{pk}", response=s.ReportOut, summary="One annual report")
def report_detail(request: HttpRequest, pk: int) -> AnnualReport:
    return _report(request, pk)


@router.post("/reports", response={201: s.ReportOut}, summary="Start a report (pre-filled)")
def report_add(request: HttpRequest, payload: s.ReportIn) -> Any:
    cluster = _cluster(payload.cluster)
    require(perms.can_create_report, request.user, cluster)
    return 201, rep_svc.report_create(actor=request.user, cluster=cluster, year=payload.year)


@router.patch("/reports/{pk}", response=s.ReportOut, summary="Write the narrative")
def report_patch(request: HttpRequest, pk: int, payload: s.ReportPatchIn) -> Any:
    report = _report(request, pk)
    require(perms.can_edit_report, request.user, report)
    return rep_svc.report_update(
        actor=request.user, report=report, **payload.dict(exclude_none=True)
    )


@router.post("/reports/{pk}/transitions", response=s.ReportOut, summary="Submit, accept or return")
def report_step(request: HttpRequest, pk: int, payload: s.ActionIn) -> Any:
    report = _report(request, pk)
    rep_svc.report_transition(
        actor=request.user, report=report, action=payload.action, comment=payload.comment
    )
    return _report(request, pk)


@router.get("/portfolio", response=list[s.PortfolioRowOut], summary="All clusters (officers)")
@paginate(PageNumber)
def portfolio(request: HttpRequest, q: str = "", level: str = "") -> list[dict[str, Any]]:
    require(perms.can_view_programme_portfolio, request.user)
    return [
        {"cluster": r.cluster.slug, "name": r.cluster.name, "level": r.badge.level.code if r.badge.level else None,
         "level_since": r.badge.since, "label": r.badge.label.grade if r.badge.label else None,
         "label_valid_until": r.badge.label.valid_until if r.badge.label else None,
         "label_days_left": r.badge.label_days_left, "figures": r.figures}
        for r in portfolio_rows(search=q, level=level)
    ]  # fmt: skip
