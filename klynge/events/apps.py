from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from klynge.accounts.typing import Viewer
    from klynge.clusters.models import Cluster
    from klynge.members.models import Organisation, Person


def _cluster_upcoming(viewer: Viewer, cluster: Cluster) -> dict[str, Any]:
    from .selectors import event_list_upcoming_for_cluster

    return {
        "cluster": cluster,
        "upcoming_events": event_list_upcoming_for_cluster(cluster=cluster, user=viewer),
    }


def _organisation_events(viewer: Viewer, organisation: Organisation) -> dict[str, Any]:
    from .selectors import events_attended_by_organisation

    return {
        "organisation": organisation,
        "events": events_attended_by_organisation(organisation)[:50],
    }


def _person_events(viewer: Viewer, person: Person) -> dict[str, Any]:
    from .selectors import registration_list_for_person

    return {"registrations": list(registration_list_for_person(person=person)[:50])}


class EventsConfig(AppConfig):
    name = "klynge.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
        from klynge.core import search

        from .search import find_events

        search.register("events", _("Events"), find_events, order=30)
        from django.urls import reverse

        from klynge.members import guests

        from .selectors import cluster_ids_registered_by

        guests.register("events", cluster_ids_registered_by)

        from klynge.core import navigation
        from klynge.core.extensions import Section, register
        from klynge.core.permissions import everyone
        from klynge.notifications import kinds

        from .home import register_home
        from .notices import KINDS
        from .permissions import can_view_person_events

        kinds.register(*KINDS)

        register_home()

        navigation.add("main", "events", _("Events"), "events:list", everyone, order=20)
        navigation.add(
            "cluster",
            "events",
            _("Events"),
            lambda c: reverse("events:list") + f"?cluster={c.slug}",
            everyone,
            order=30,
        )

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
            "person_sections",
            Section(
                "events",
                _("Events"),
                "events/_person_section.html",
                _person_events,
                order=10,
                visible=can_view_person_events,
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
