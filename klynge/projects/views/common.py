"""Helpers shared by the project views: loading with a 404 for what the user may not see."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _

from klynge.accounts.typing import Viewer
from klynge.clusters.models import Cluster
from klynge.core.errors import DomainError

from ..models import Idea, Project
from ..permissions import can_view_idea, can_view_project
from ..selectors.ideas import idea_get
from ..selectors.projects import project_get


def cluster_or_404(slug: str) -> Cluster:
    try:
        return Cluster.objects.get(slug=slug)
    except Cluster.DoesNotExist as exc:
        raise Http404(_("No such cluster.")) from exc


def project_or_404(pk: int, user: Viewer) -> Project:
    """The project with its page data; 404 (not 403) when the user may not see it."""
    try:
        project = project_get(pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404(_("No such project.")) from exc
    if not can_view_project(user, project):
        raise Http404(_("No such project."))
    return project


def idea_or_404(pk: int, user: Viewer) -> Idea:
    try:
        idea = idea_get(pk=pk)
    except Idea.DoesNotExist as exc:
        raise Http404(_("No such idea.")) from exc
    if not can_view_idea(user, idea):
        raise Http404(_("No such idea."))
    return idea


def add_error(form: forms.BaseForm, error: DomainError) -> None:
    """Put a domain error on the form field it names (or on the form when the field is not shown)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
