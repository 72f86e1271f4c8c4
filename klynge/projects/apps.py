from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from klynge.accounts.typing import Viewer


def _cluster_projects(viewer: Viewer, cluster: Any) -> dict[str, Any]:
    from .permissions import can_oversee_portfolio, can_view_idea_board, can_view_portfolio

    return {
        "cluster": cluster,
        "can_view_portfolio": can_view_portfolio(viewer, cluster),
        "can_view_ideas": can_view_idea_board(viewer, cluster),
        "can_oversee": can_oversee_portfolio(viewer, cluster),
    }


def _shows_projects(viewer: Viewer, cluster: Any) -> bool:
    from .permissions import can_view_idea_board, can_view_portfolio

    return can_view_portfolio(viewer, cluster) or can_view_idea_board(viewer, cluster)


def _organisation_projects(viewer: Viewer, organisation: Any) -> dict[str, Any]:
    from .selectors.organisations import organisation_tab_context

    return organisation_tab_context(organisation, viewer)


class ProjectsConfig(AppConfig):
    name = "klynge.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from klynge.core import search

        from .search import find_projects

        search.register("projects", _("Projects"), find_projects, order=40)
        from klynge.core import navigation
        from klynge.core.extensions import Section, register

        from .permissions import can_view_idea_board, can_view_portfolio

        navigation.add(
            "cluster", "projects", _("Projects"), "projects:portfolio", can_view_portfolio, order=40
        )
        navigation.add(
            "cluster", "ideas", _("Ideas"), "projects:ideas", can_view_idea_board, order=50
        )

        register(
            "cluster_sections",
            Section(
                "projects",
                _("Projects"),
                "projects/sections/cluster_projects.html",
                _cluster_projects,
                order=20,
                visible=_shows_projects,
            ),
        )
        register(
            "organisation_tabs",
            Section(
                "projects",
                _("Projects"),
                "projects/_organisation_tab.html",
                _organisation_projects,
                order=20,
            ),
        )
