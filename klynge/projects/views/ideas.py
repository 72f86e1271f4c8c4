"""The ideas board: member contacts post ideas and say they are interested; the team turns them
into projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.selectors import topic_list
from klynge.core.errors import DomainError
from klynge.core.pagination import paginate
from klynge.core.permissions import acting, require
from klynge.members.models import Organisation
from klynge.members.roles import contact_organisation_id

from .. import services
from ..forms.ideas import ConvertIdeaForm, IdeaFilterForm, IdeaForm
from ..models import Idea
from ..permissions import (
    can_convert_idea,
    can_edit_idea,
    can_express_interest,
    can_oversee_portfolio,
    can_post_idea,
    can_view_idea_board,
)
from ..selectors.ideas import idea_list_for_board
from .common import add_error, cluster_or_404, idea_or_404


@login_required
def idea_board(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_view_idea_board, request.user, cluster)
    form = IdeaFilterForm(request.GET or None, topics=topic_list())
    search, topic = "", ""
    if form.is_valid():
        search, topic = form.cleaned_data["q"], form.cleaned_data["topic"]
    status = request.GET.get("status", Idea.Status.OPEN)
    is_team = can_oversee_portfolio(request.user, cluster)
    if status not in Idea.Status.values or (status != Idea.Status.OPEN and not is_team):
        status = Idea.Status.OPEN
    ideas = idea_list_for_board(
        cluster=cluster, viewer=request.user, status=status, search=search, topic=topic
    )
    page = paginate(request, ideas)
    return render(
        request,
        "projects/idea_board.html",
        {
            "cluster": cluster,
            "form": form,
            "page": page,
            "status": status,
            "statuses": Idea.Status.choices if is_team else [],
            "oversee": is_team,
            "can_post": can_post_idea(request.user, cluster),
            "my_org_id": contact_organisation_id(request.user),
        },
    )


@login_required
def idea_new(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_or_404(slug)
    require(can_post_idea, request.user, cluster)
    form = IdeaForm(request.POST or None)
    org_id = contact_organisation_id(request.user)
    organisation = Organisation.objects.filter(pk=org_id).first() if org_id else None
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_post(
                actor=acting(request.user),
                cluster=cluster,
                organisation=organisation,
                **form.cleaned_data,
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("Your idea is on the board."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "projects/idea_form.html",
        {
            "cluster": cluster,
            "form": form,
            "organisation": organisation,
            "heading": _("Post an idea"),
        },
    )


@login_required
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = idea_or_404(pk, request.user)
    user = request.user
    my_org_id = contact_organisation_id(user)
    interests = list(idea.interests.all())
    context = {
        "idea": idea,
        "cluster": idea.cluster,
        "interests": interests,
        "is_open": idea.status == Idea.Status.OPEN,
        "can_edit": can_edit_idea(user, idea),
        "can_interest": can_express_interest(user, idea),
        "interested": any(i.organisation_id == my_org_id for i in interests),
        "can_convert": can_convert_idea(user, idea),
        "project": getattr(idea, "project", None),
    }
    return render(request, "projects/idea_detail.html", context)


@login_required
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = idea_or_404(pk, request.user)
    require(can_edit_idea, request.user, idea)
    initial = {
        "title": idea.title,
        "description": idea.description,
        "partners_needed": idea.partners_needed,
        "topics": list(idea.topics.all()),
    }
    form = IdeaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(actor=acting(request.user), idea=idea, **form.cleaned_data)
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, _("The idea was saved."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "projects/idea_form.html",
        {"cluster": idea.cluster, "form": form, "idea": idea, "heading": _("Edit idea")},
    )


@login_required
@require_POST
def idea_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    idea = idea_or_404(pk, request.user)
    require(can_edit_idea, request.user, idea)
    try:
        services.idea_withdraw(actor=acting(request.user), idea=idea)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The idea was withdrawn from the board."))
    return redirect("projects:ideas", slug=idea.cluster.slug)


@login_required
@require_POST
def idea_interest(request: HttpRequest, pk: int) -> HttpResponse:
    idea = idea_or_404(pk, request.user)
    require(can_express_interest, request.user, idea)
    organisation_id = contact_organisation_id(request.user)
    if organisation_id is None:  # can_express_interest held: the user is a member contact
        raise Organisation.DoesNotExist("the user is no member contact")
    organisation = Organisation.objects.get(pk=organisation_id)
    interested = request.POST.get("interested") == "1"
    try:
        services.idea_interest_set(
            actor=acting(request.user), idea=idea, organisation=organisation, interested=interested
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if interested:
            messages.success(request, _("The cluster team can now see that you are interested."))
        else:
            messages.success(request, _("Your interest was withdrawn."))
    if request.POST.get("next") == "board":
        return redirect("projects:ideas", slug=idea.cluster.slug)
    return redirect(idea.get_absolute_url())


@login_required
def idea_convert(request: HttpRequest, pk: int) -> HttpResponse:
    idea = idea_or_404(pk, request.user)
    require(can_convert_idea, request.user, idea)
    form = ConvertIdeaForm(request.POST or None, initial={"title": idea.title})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.idea_convert(
                actor=acting(request.user), idea=idea, **form.cleaned_data
            )
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The project was created with the interested organisations as candidate partners."
                ),
            )
            return redirect(project.get_absolute_url())
    return render(
        request,
        "projects/idea_convert.html",
        {
            "cluster": idea.cluster,
            "idea": idea,
            "form": form,
            "interests": list(idea.interests.all()),
        },
    )


urlpatterns = [
    path("clusters/<slug:slug>/ideas/", idea_board, name="ideas"),
    path("clusters/<slug:slug>/ideas/new/", idea_new, name="idea_new"),
    path("ideas/<int:pk>/", idea_detail, name="idea"),
    path("ideas/<int:pk>/edit/", idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/withdraw/", idea_withdraw, name="idea_withdraw"),
    path("ideas/<int:pk>/interest/", idea_interest, name="idea_interest"),
    path("ideas/<int:pk>/convert/", idea_convert, name="idea_convert"),
]
