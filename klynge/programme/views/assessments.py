"""Assessment pages: list, create, detail with the snapshot, scores, workflow actions, decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.core.display import choice_labels
from klynge.core.errors import DomainError
from klynge.core.exports import QUERY_CHUNK_ROWS, csv_response, xlsx_response
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from ..forms.assessments import AssessmentForm, DecisionForm, ScoresForm
from ..models import Assessment
from ..permissions import (
    can_create_assessment,
    can_enter_scores,
    can_manage_assessment,
    can_oversee_programme,
    can_score_assessment,
    can_self_assess,
    can_view_assessment,
)
from ..selectors import assessments as selectors
from ..services import assessments as services
from ..workflow import ASSESSMENT_WORKFLOW
from .common import cluster_or_404, export_format, transition_with_message

A = Assessment.Status


def _assessment_or_404(pk: int) -> Assessment:
    try:
        return selectors.assessment_get(pk=pk)
    except Assessment.DoesNotExist as exc:
        raise Http404(_("No such assessment.")) from exc


@login_required
def assessment_list(request: HttpRequest) -> HttpResponseBase:
    status = request.GET.get("status", "")
    status = status if status in A.values else ""
    framework = request.GET.get("framework", "")
    assessments = selectors.assessment_list_visible(
        user=request.user, status=status, framework=framework
    )
    fmt = export_format(request)
    if fmt:
        header = [
            _("Cluster"),
            _("Framework"),
            _("Period"),
            _("Figures as of"),
            _("Status"),
            _("Score (%)"),
            _("Outcome"),
            _("Decided"),
            _("Level granted"),
        ]
        statuses, outcomes = choice_labels(A.choices), choice_labels(Assessment.Outcome.choices)
        rows = (
            [
                a.cluster.name,
                a.framework.name,
                a.period,
                a.as_of,
                statuses.get(a.status, a.status),
                a.percent,
                outcomes.get(a.outcome, a.outcome),
                a.decided_on,
                a.granted_level.name if a.granted_level else "",
            ]
            for a in assessments.iterator(chunk_size=QUERY_CHUNK_ROWS)
        )
        if fmt == "csv":
            return csv_response("klynge-assessments", header, rows)
        return xlsx_response("klynge-assessments", header, rows, title=_("Assessments"))
    context = {
        "page": paginate(request, assessments),
        "status": status,
        "framework": framework,
        "statuses": A.choices,
        "frameworks": selectors.framework_list(),
        "is_officer": can_oversee_programme(request.user),
    }
    return render(request, "programme/assessment_list.html", context)


@login_required
def assessment_new(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_create_assessment, request.user, cluster)
    initial = {"as_of": timezone.localdate(), "period": str(timezone.localdate().year)}
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                actor=acting(request.user), cluster=cluster, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The assessment was created with the computed indicators."))
            return redirect("programme:assessment", pk=assessment.pk)
    context = {
        "cluster": cluster,
        "form": form,
        "title": _("New assessment"),
        "intro": _(
            "Klynge computes the indicators it can from the cluster's own data; "
            "the assessors score the rest."
        ),
    }
    return render(request, "programme/form_page.html", context)


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    require(can_view_assessment, request.user, assessment)
    user = request.user
    context = {
        "assessment": assessment,
        "summary": selectors.assessment_summary(assessment=assessment),
        "self_summary": selectors.self_summary(assessment=assessment),
        "actions": [
            (t, ASSESSMENT_WORKFLOW.blocked_reason(t, assessment))
            for t in ASSESSMENT_WORKFLOW.available(user, assessment)
            if t.action != "decide"
        ],
        "can_decide": assessment.status == A.IN_REVIEW and can_manage_assessment(user, assessment),
        "can_recompute": not assessment.is_decided and can_manage_assessment(user, assessment),
        "can_self_score": assessment.status == A.SELF_ASSESSMENT
        and can_self_assess(user, assessment),
        "can_score": assessment.status in (A.DRAFT, A.IN_REVIEW)
        and can_score_assessment(user, assessment),
    }
    return render(request, "programme/assessment_detail.html", context)


@login_required
def assessment_scores(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    require(can_view_assessment, request.user, assessment)
    require(can_enter_scores, request.user, assessment)
    as_cluster = assessment.status == A.SELF_ASSESSMENT
    form = ScoresForm(request.POST or None, assessment=assessment, as_cluster=as_cluster)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.assessment_score(
                actor=acting(request.user),
                assessment=assessment,
                scores=form.scores(),
                as_cluster=as_cluster,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("%(n)d scores saved.") % {"n": count})
            return redirect("programme:assessment", pk=assessment.pk)
    context = {"assessment": assessment, "form": form, "as_cluster": as_cluster}
    return render(request, "programme/assessment_scores.html", context)


@login_required
@require_POST
def assessment_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    require(can_manage_assessment, request.user, assessment)
    try:
        services.assessment_recompute(actor=acting(request.user), assessment=assessment)
        messages.success(request, _("The indicators were computed again from today's data."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("programme:assessment", pk=assessment.pk)


@login_required
@require_POST
def assessment_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    require(can_view_assessment, request.user, assessment)
    transition_with_message(
        request,
        lambda: services.assessment_transition(
            actor=acting(request.user), assessment=assessment, action=action
        ),
        _("The assessment is now ‘%(status)s’."),
        ASSESSMENT_WORKFLOW,
    )
    return redirect("programme:assessment", pk=assessment.pk)


@login_required
def assessment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_or_404(pk)
    require(can_manage_assessment, request.user, assessment)
    summary = selectors.assessment_summary(assessment=assessment)
    initial = {
        "outcome": "passed" if summary.passed else "failed",
        "decided_on": timezone.localdate(),
        "grant_level": summary.passed and assessment.framework.grants_level is not None,
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if assessment.framework.grants_level is None:
        del form.fields["grant_level"]
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_decide(
                actor=acting(request.user), assessment=assessment, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("programme:assessment", pk=assessment.pk)
    context = {"assessment": assessment, "form": form, "summary": summary}
    return render(request, "programme/assessment_decide.html", context)


urlpatterns: list[URLPattern] = [
    path("assessments/", assessment_list, name="assessments"),
    path("clusters/<slug:slug>/assessments/new/", assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", assessment_detail, name="assessment"),
    path("assessments/<int:pk>/scores/", assessment_scores, name="assessment_scores"),
    path("assessments/<int:pk>/recompute/", assessment_recompute, name="assessment_recompute"),
    path("assessments/<int:pk>/decide/", assessment_decide, name="assessment_decide"),
    path("assessments/<int:pk>/do/<slug:action>/", assessment_transition, name="assessment_do"),
]
