"""Programme API: calls, applications, reviews and evaluators (mounted at /api/v1/programme)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from klynge.clusters.models import Cluster
from klynge.core.downloads import file_download
from klynge.core.errors import DomainError
from klynge.core.permissions import acting, require
from klynge.programme import permissions as perms
from klynge.programme.models import (
    Application,
    Call,
    Criterion,
    Framework,
    Level,
    ReviewAssignment,
)
from klynge.programme.selectors import applications as app_sel
from klynge.programme.selectors import calls as call_sel
from klynge.programme.selectors import reviews as rev_sel
from klynge.programme.selectors.decision_pack import decision_pack
from klynge.programme.selectors.reviews import (
    assignment_list_for_evaluator,
    evaluator_list,
    review_summary,
)
from klynge.programme.services import applications as app_svc
from klynge.programme.services import reviews as rev_svc
from klynge.programme.services.calls import call_create, call_publish
from klynge.programme.services.decisions import application_decide
from klynge.programme.workflow import APPLICATION_WORKFLOW
from klynge.projects.models import Project

from ..auth import AUTH_OPTIONAL
from ..pagination import PageNumber
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
    return Status(201, call_create(actor=acting(request.user), allowed_levels=levels, **data))


@router.post("/calls/{pk}/publish", response=s.CallOut, summary="Publish or unpublish")
def call_publish_endpoint(request: HttpRequest, pk: int, publish: bool = True) -> Call:
    call = _call(request, pk)
    require(perms.can_manage_calls, request.user, call)
    return call_publish(actor=acting(request.user), call=call, publish=publish)


@router.get("/calls/{pk}/decision-pack", summary="Decision pack PDF (officers)")
def call_decision_pack(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    require(perms.can_view_decision_pack, request.user, call)
    from weasyprint import HTML

    html = render_to_string(
        "programme/decision_pack.html",
        {"call": call, "entries": decision_pack(call=call), "generated": timezone.now()},
    )
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


def _with_actions(application: Application, actions: list[str]) -> Application:
    """`application` with the workflow steps the user may take (ApplicationDetailOut's `actions`;
    no field of the model, so kept on this object)."""
    application.__dict__["actions"] = actions
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
    return _with_actions(
        application, [t.action for t in APPLICATION_WORKFLOW.available(request.user, application)]
    )


@router.post(
    "/applications", response={201: s.ApplicationDetailOut}, summary="Start an application"
)
def application_add(request: HttpRequest, payload: s.ApplicationIn) -> Any:
    cluster = _cluster(payload.cluster)
    require(perms.can_apply_for, request.user, cluster)
    call = _call(request, payload.call)
    project = get_object_or_404(Project, pk=payload.project, lead_cluster=cluster)
    application = app_svc.application_create(
        actor=acting(request.user),
        call=call,
        cluster=cluster,
        project=project,
        amount_requested=payload.amount_requested,
        summary=payload.summary,
        answers=payload.answers,
    )
    return Status(201, _with_actions(application, []))


@router.patch("/applications/{pk}", response=s.ApplicationDetailOut, summary="Change a draft")
def application_patch(request: HttpRequest, pk: int, payload: s.ApplicationPatchIn) -> Any:
    application = _application(request, pk)
    require(perms.can_edit_application, request.user, application)
    app_svc.application_update(
        actor=acting(request.user), application=application, **patch_changes(payload)
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
        app_svc.application_submit(actor=acting(request.user), application=application)
    elif payload.action == "withdraw":
        app_svc.application_withdraw(
            actor=acting(request.user), application=application, reason=payload.comment
        )
    else:
        app_svc.application_transition(
            actor=acting(request.user), application=application, action=payload.action
        )
    return _application(request, pk)


@router.post("/applications/{pk}/decision", response=s.ApplicationOut, summary="Approve or reject")
def application_decision(request: HttpRequest, pk: int, payload: s.DecisionIn) -> Any:
    application = _application(request, pk)
    require(perms.can_manage_application, request.user, application)
    return application_decide(actor=acting(request.user), application=application, **payload.dict())


@router.get(
    "/applications/{pk}/attachments/{attachment_id}",
    summary="Download an attachment",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file (404 when it is missing from storage)",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    application = _application(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_id)
    return file_download(attachment.file)


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
    return Status(
        201,
        rev_svc.assignment_create(
            actor=acting(request.user), application=application, evaluator=user
        ),
    )


@router.get("/reviews", response=list[s.AssignmentOut], summary="My review assignments")
@paginate(PageNumber)
def my_reviews(request: HttpRequest) -> Any:
    return assignment_list_for_evaluator(user=acting(request.user))


def _own(request: HttpRequest, pk: int) -> ReviewAssignment:
    try:
        return rev_sel.assignment_get_for_evaluator(user=request.user, pk=pk)
    except ReviewAssignment.DoesNotExist as exc:
        raise Http404("No such review.") from exc


@router.post(
    "/reviews/{pk}/conflict", response=s.AssignmentOut, summary="Declare conflicts of interest"
)
def review_conflict(request: HttpRequest, pk: int, payload: s.ConflictIn) -> Any:
    return rev_svc.conflict_declare(
        actor=acting(request.user), assignment=_own(request, pk), **payload.dict()
    )


@router.post("/reviews/{pk}", response=s.AssignmentOut, summary="Save or submit a review")
def review_save(request: HttpRequest, pk: int, payload: s.ReviewIn) -> Any:
    assignment = _own(request, pk)
    framework = assignment.application.call.framework_id
    found = (  # a call without a framework has no criteria
        Criterion.objects.none()
        if framework is None
        else Criterion.objects.filter(framework_id=framework)
    )
    criteria = {c.code: c.pk for c in found}
    if any(row.criterion not in criteria for row in payload.scores):
        raise DomainError("Unknown criterion.", field="scores")
    scores = {
        criteria[row.criterion]: {"score": row.score, "comment": row.comment}
        for row in payload.scores
    }
    return rev_svc.review_save(
        actor=acting(request.user),
        assignment=assignment,
        scores=scores,
        recommendation=payload.recommendation,
        comment=payload.comment,
        submit=payload.submit,
    )


@router.get("/evaluators", response=list[s.EvaluatorOut], summary="Evaluators (officers)")
@paginate(PageNumber)
def evaluators(request: HttpRequest) -> Any:
    require(perms.can_manage_evaluators, request.user)
    return evaluator_list()


@router.post("/evaluators", response={201: s.EvaluatorOut}, summary="Add an evaluator (officers)")
def evaluator_add(request: HttpRequest, payload: s.EvaluatorIn) -> Any:
    require(perms.can_manage_evaluators, request.user)
    return Status(201, rev_svc.evaluator_add(actor=acting(request.user), **payload.dict()))
