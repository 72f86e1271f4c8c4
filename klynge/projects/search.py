"""The global search's projects: those `user` may open, by title or acronym."""

from __future__ import annotations

from klynge.accounts.typing import Viewer
from klynge.core.search import Hit, allowed, candidates

from .permissions import can_view_project
from .selectors.projects import project_list_search


def find_projects(user: Viewer, term: str, limit: int) -> list[Hit]:
    projects = project_list_search(user=user, term=term)[: candidates(limit)]
    return [
        Hit(str(project), project.get_absolute_url(), project.lead_cluster.short_name)
        for project in allowed(user, projects, can_view_project, limit)
    ]
