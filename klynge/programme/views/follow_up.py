"""Follow-up of funded projects (reports of approved applications) and the officer's desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.typing import Viewer
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from ..forms.follow_up import FollowUpForm
from ..forms.reports import ReviewCommentForm
from ..models import FollowUpReport
from ..permissions import can_edit_follow_up, can_view_desk, can_view_follow_up
from ..selectors.desk import desk_get
from ..selectors.follow_up import follow_up_list_visible
from ..services import follow_up as services
from ..workflow import FOLLOW_UP_WORKFLOW
from .common import transition_with_message

F = FollowUpReport.Status


def follow_up_or_404(pk: int, user: Viewer) -> FollowUpReport:
    report = (
        FollowUpReport.objects.select_related(
            "application__project", "application__cluster", "application__call", "submitted_by"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_follow_up(user, report):
        raise Http404(_("No such report."))
    return report


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in F.values else ""
    reports = follow_up_list_visible(user=request.user, status=status)
    context = {"page": paginate(request, reports), "status": status, "statuses": F.choices}
    return render(request, "programme/follow_up_list.html", context)


@login_required
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = follow_up_or_404(pk, request.user)
    actions = [
        (t, FOLLOW_UP_WORKFLOW.blocked_reason(t, report))
        for t in FOLLOW_UP_WORKFLOW.available(request.user, report)
    ]
    context = {
        "report": report,
        "project": report.application.project,
        "objectives": list(report.application.project.objectives.all()),
        "actions": actions,
        "can_edit": can_edit_follow_up(request.user, report),
        "comment_form": ReviewCommentForm(),
        "outcome_labels": dict(FollowUpForm.OUTCOME_KINDS),
    }
    return render(request, "programme/follow_up_detail.html", context)


@login_required
def follow_up_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = follow_up_or_404(pk, request.user)
    require(can_edit_follow_up, request.user, report)
    form = FollowUpForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_update(actor=acting(request.user), report=report, **form.values())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report.get_absolute_url())
    context = {
        "form": form,
        "title": _("Write the report"),
        "back_url": report.get_absolute_url(),
        "back_label": str(report),
    }
    return render(request, "programme/form_page.html", context)


@login_required
@require_POST
def follow_up_do(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = follow_up_or_404(pk, request.user)
    transition_with_message(
        request,
        lambda: services.follow_up_transition(
            actor=acting(request.user),
            report=report,
            action=action,
            comment=request.POST.get("comment", ""),
        ),
        _("The report is now ‘%(status)s’."),
        FOLLOW_UP_WORKFLOW,
    )
    return redirect(report.get_absolute_url())


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    require(can_view_desk, request.user)
    return render(request, "programme/desk.html", {"desk": desk_get()})


urlpatterns: list[URLPattern] = [
    path("desk/", desk, name="desk"),
    path("follow-up/", follow_up_list, name="follow_ups"),
    path("follow-up/<int:pk>/", follow_up_detail, name="follow_up"),
    path("follow-up/<int:pk>/edit/", follow_up_edit, name="follow_up_edit"),
    path("follow-up/<int:pk>/do/<slug:action>/", follow_up_do, name="follow_up_do"),
]
