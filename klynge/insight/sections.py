"""Parts of other apps' pages, registered in `InsightConfig.ready()` (see klynge.core.extensions).

* "cluster_sections" → "Surveys and engagement" on the cluster page and the team's home page.
* "organisation_tabs" → "Activity": the organisation's engagement score per cluster and timeline;
  "Network": its own collaboration network in each cluster.
* "home" widgets → `klynge.insight.home`.
* the members app's personal-data export and erasure → survey invitations and identified answers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from klynge.accounts.typing import Viewer
from klynge.core.extensions import Section, register

from .permissions import (
    can_create_survey,
    can_view_activity,
    can_view_dashboard,
    can_view_ego_network,
    can_view_engagement,
    can_view_network,
    can_view_surveys,
)


def cluster_insight_context(viewer: Viewer, cluster: Any) -> dict[str, Any]:
    from .selectors.surveys import survey_list_for_cluster

    return {
        "insight_cluster": cluster,
        "insight_surveys": list(survey_list_for_cluster(cluster=cluster)[:3]),
        "insight_can_create": can_create_survey(viewer, cluster),
        "insight_can_view_engagement": can_view_engagement(viewer, cluster),
        "insight_can_view_network": can_view_network(viewer, cluster),
        "insight_can_view_dashboard": can_view_dashboard(viewer, cluster),
    }


def _shows_insight(viewer: Viewer, cluster: Any) -> bool:
    return can_view_surveys(viewer, cluster)


def organisation_activity_context(viewer: Viewer, organisation: Any) -> dict[str, Any]:
    """Loaded only if the tab is shown (pages compute every tab's context)."""
    from django.utils import timezone
    from django.utils.functional import SimpleLazyObject

    from .selectors.engagement import organisation_activity

    return {
        "insight_organisation": organisation,
        "insight_activity": SimpleLazyObject(
            lambda: organisation_activity(
                organisation=organisation, viewer=viewer, as_of=timezone.localdate()
            )
        ),
    }


def organisation_network_context(viewer: Viewer, organisation: Any) -> dict[str, Any]:
    """The organisation's own network in each cluster the viewer may see it in (this year)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .selectors.engagement import clusters_seen_by
    from .selectors.network import Period, ego_network
    from .views.network import network_svg

    period = Period(last_year=timezone.localdate().year)
    networks = []
    for cluster in clusters_seen_by(organisation=organisation, viewer=viewer):
        graph, positions = ego_network(
            cluster=cluster, organisation_id=organisation.pk, period=period
        )
        partners = sorted(
            (
                graph.nodes[v]["name"],
                graph.edges[organisation.pk, v]["kinds"].get("project", 0),
                graph.edges[organisation.pk, v]["kinds"].get("b2b", 0),
                graph.edges[organisation.pk, v]["kinds"].get("event", 0)
                + graph.edges[organisation.pk, v]["kinds"].get("course", 0),
            )
            for v in (graph.neighbors(organisation.pk) if organisation.pk in graph else ())
        )
        networks.append(
            {
                "cluster": cluster,
                "partners": partners,
                "can_view_cluster": can_view_network(viewer, cluster),
                "svg": network_svg(
                    graph,
                    positions,
                    title=_("Network of %(organisation)s in %(cluster)s")
                    % {"organisation": organisation.name, "cluster": cluster.short_name},
                    highlight=organisation.pk,
                    chart_id=f"ego-{cluster.pk}",
                )
                if graph.number_of_edges()
                else "",
            }
        )
    return {"insight_organisation": organisation, "insight_networks": networks}


def register_sections() -> None:
    register(
        "cluster_sections",
        Section(
            key="insight",
            label=_("Surveys and engagement"),
            template="insight/_cluster_section.html",
            context=cluster_insight_context,
            order=40,
            visible=_shows_insight,
        ),
    )
    register(
        "organisation_tabs",
        Section(
            key="activity",
            label=_("Activity"),
            template="insight/_organisation_tab.html",
            context=organisation_activity_context,
            order=60,
            visible=can_view_activity,
        ),
    )
    register(
        "organisation_tabs",
        Section(
            key="network",
            label=_("Network"),
            template="insight/_organisation_network.html",
            context=organisation_network_context,
            order=65,
            visible=can_view_ego_network,
        ),
    )
    from .home import register_home

    register_home()
