"""The global search's projects: those `user` may open, by title or acronym."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from klynge.clusters.roles import cluster_roles
from klynge.core.permissions import is_programme_officer, is_superuser
from klynge.core.search import Hit, allowed, candidates
from klynge.members.roles import contact_organisation_id

from .models import Project
from .permissions import can_view_project


def find_projects(user: Any, term: str, limit: int) -> list[Hit]:
    projects = (
        Project.objects.filter(Q(title__icontains=term) | Q(acronym__icontains=term))
        .select_related("lead_cluster")
        .order_by("-created_at", "-pk")
    )
    if not (is_superuser(user) or is_programme_officer(user)):
        # Narrow to the projects `can_view_project` may allow; it decides each row below.
        team = set(cluster_roles(user))
        near = Q(lead_cluster_id__in=team) | Q(clusters__in=team)
        organisation_id = contact_organisation_id(user)
        if organisation_id is not None:
            near |= Q(partners__organisation_id=organisation_id)
        projects = projects.filter(near).distinct()
    return [
        Hit(str(project), project.get_absolute_url(), project.lead_cluster.short_name)
        for project in allowed(user, projects[: candidates(limit)], can_view_project, limit)
    ]
