"""Evaluators (officers manage them), assignments with conflict flags, and the evaluator's review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.accounts.typing import Viewer
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require

from ..forms.reviews import AssignmentForm, ConflictForm, EvaluatorForm, ReviewForm
from ..models import Evaluator, ReviewAssignment
from ..permissions import (
    can_manage_application,
    can_manage_evaluators,
    can_view_own_reviews,
    forget_assignments,
)
from ..selectors import reviews as selectors
from ..services import reviews as services
from .applications import application_or_404
from .links import LINK_PROVIDERS


@login_required
def evaluator_list(request: HttpRequest) -> HttpResponse:
    require(can_manage_evaluators, request.user)
    form = EvaluatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluator_add(actor=acting(request.user), **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _(
                    "The evaluator was added. They log in with a password reset "
                    "from the login page."
                ),
            )
            return redirect("programme:evaluators")
    context = {"page": paginate(request, selectors.evaluator_list()), "form": form}
    return render(request, "programme/evaluator_list.html", context)


@login_required
@require_POST
def evaluator_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_manage_evaluators, request.user)
    services.evaluator_deactivate(
        actor=acting(request.user), evaluator=get_object_or_404(Evaluator, pk=pk)
    )
    messages.success(request, _("The evaluator is no longer active."))
    return redirect("programme:evaluators")


@login_required
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    require(can_manage_application, request.user, application)
    taken = set(application.assignments.values_list("evaluator_id", flat=True))
    candidates = [
        (e.user, selectors.conflict_flag(evaluator=e.user, project=application.project))
        for e in selectors.evaluator_list(active_only=True)
        if e.user_id not in taken
    ]
    form = AssignmentForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(
                actor=acting(request.user),
                application=application,
                evaluator=form.cleaned_data["evaluator"],
                due_on=form.cleaned_data["due_on"],
            )
        except DomainError as error:
            form.add_error("evaluator", error.message)
        else:
            if assignment.flagged_conflict:
                messages.warning(
                    request,
                    _("Assigned, but note: %(orgs)s is a partner in the project.")
                    % {"orgs": assignment.flagged_conflict},
                )
            else:
                messages.success(request, _("The evaluator was assigned."))
            return redirect(application.get_absolute_url())
    context = {
        "form": form,
        "title": _("Assign an evaluator"),
        "back_url": application.get_absolute_url(),
        "back_label": str(application),
        "intro": _("⚠ marks evaluators whose own organisation is a partner in the project.")
        if any(flag for _u, flag in candidates)
        else "",
    }
    return render(request, "programme/form_page.html", context)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("application", "evaluator"), pk=pk
    )
    require(can_manage_application, request.user, assignment.application)
    try:
        services.assignment_remove(actor=acting(request.user), assignment=assignment)
        messages.success(request, _("The assignment was removed."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(assignment.application.get_absolute_url())


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    assignments = selectors.assignment_list_for_evaluator(user=acting(request.user))
    return render(request, "programme/my_reviews.html", {"page": paginate(request, assignments)})


def _own_assignment(request: HttpRequest, pk: int) -> ReviewAssignment:
    try:
        return selectors.assignment_get_for_evaluator(user=request.user, pk=pk)
    except ReviewAssignment.DoesNotExist as exc:
        raise Http404(_("No such review.")) from exc


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluator's page: declare conflicts first, then score each criterion and submit."""
    assignment = _own_assignment(request, pk)
    application = assignment.application
    criteria = selectors.criteria_for(application)
    conflict_form = ConflictForm(request.POST if "declare" in request.POST else None)
    review_form = ReviewForm(
        request.POST if "save" in request.POST or "submit" in request.POST else None,
        criteria=criteria,
        assignment=assignment,
    )
    if request.method == "POST":
        try:
            if "declare" in request.POST and conflict_form.is_valid():
                services.conflict_declare(
                    actor=acting(request.user), assignment=assignment, **conflict_form.cleaned_data
                )
                forget_assignments(request.user)
                messages.success(request, _("Your declaration was saved."))
                return redirect("programme:review", pk=assignment.pk)
            if ("save" in request.POST or "submit" in request.POST) and review_form.is_valid():
                data = review_form.cleaned_data
                services.review_save(
                    actor=acting(request.user),
                    assignment=assignment,
                    scores=review_form.scores(),
                    recommendation=data["recommendation"],
                    comment=data["comment"],
                    submit="submit" in request.POST,
                )
                messages.success(
                    request,
                    _("Your review was submitted.")
                    if "submit" in request.POST
                    else _("Your review was saved."),
                )
                return redirect("programme:review", pk=assignment.pk)
        except DomainError as error:
            form = conflict_form if "declare" in request.POST else review_form
            form.add_error(error.field if error.field in form.fields else None, error.message)
    context = {
        "assignment": assignment,
        "application": application,
        "conflict_form": conflict_form,
        "review_form": review_form,
        "summary_url": reverse("programme:application", args=[application.pk])
        if assignment.is_submitted
        else "",
    }
    return render(request, "programme/review.html", context)


def _evaluator_links(user: Viewer) -> list[tuple[str, str]]:
    if can_view_own_reviews(user):
        return [(str(gettext_lazy("My reviews")), reverse("programme:my_reviews"))]
    return []


LINK_PROVIDERS.append(_evaluator_links)

urlpatterns: list[URLPattern] = [
    path("evaluators/", evaluator_list, name="evaluators"),
    path("evaluators/<int:pk>/deactivate/", evaluator_deactivate, name="evaluator_deactivate"),
    path("applications/<int:pk>/assign/", assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/remove/", assignment_remove, name="assignment_remove"),
    path("reviews/", my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", review, name="review"),
]
