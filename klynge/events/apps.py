from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _cluster_upcoming(viewer: Any, cluster: Any) -> dict[str, Any]:
    from .selectors import event_list_upcoming_for_cluster

    return {
        "cluster": cluster,
        "upcoming_events": event_list_upcoming_for_cluster(cluster=cluster, user=viewer),
    }


def _organisation_events(viewer: Any, organisation: Any) -> dict[str, Any]:
    from .selectors import events_attended_by_organisation

    return {
        "organisation": organisation,
        "events": events_attended_by_organisation(organisation)[:50],
    }


class EventsConfig(AppConfig):
    name = "klynge.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from klynge.core.extensions import Section, register

        register(
            "cluster_sections",
            Section(
                "events",
                _("Upcoming events"),
                "events/_cluster_upcoming.html",
                _cluster_upcoming,
                order=10,
            ),
        )
        register(
            "organisation_tabs",
            Section(
                "events",
                _("Events attended"),
                "events/_organisation_tab.html",
                _organisation_events,
                order=10,
            ),
        )
