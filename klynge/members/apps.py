from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from klynge.accounts.typing import Viewer


def _cluster_members(viewer: Viewer, cluster: Any) -> dict[str, Any]:
    from .models import Membership
    from .permissions import can_manage_members, can_view_composition, can_view_member_directory
    from .roles import active_membership_q

    return {
        "cluster": cluster,
        "active_count": Membership.objects.filter(active_membership_q(), cluster=cluster).count(),
        "can_view_directory": can_view_member_directory(viewer, cluster),
        "can_view_composition": can_view_composition(viewer, cluster),
        "can_manage": can_manage_members(viewer, cluster),
    }


def _person_mails(viewer: Viewer, person: Any) -> dict[str, Any]:
    from .selectors.people import person_delivery_list

    return {"person": person, "rows": person_delivery_list(viewer=viewer, person=person)}


def _may_see_person_mails(viewer: Viewer, person: Any) -> bool:
    from .permissions import can_view_person_deliveries

    return can_view_person_deliveries(viewer, person)


class MembersConfig(AppConfig):
    name = "klynge.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from klynge.core import search

        from .search import find_organisations, find_people

        search.register("organisations", _("Organisations"), find_organisations, order=10)
        search.register("people", _("People"), find_people, order=20)
        from klynge.core import navigation, user_scopes

        from .roles import (
            contact_clusters_scope,
            contact_organisation_scope,
            contact_person_scope,
            remember_contact_clusters,
            remember_contact_organisation,
            remember_contact_person,
        )

        user_scopes.register(
            "contact_organisation", contact_organisation_scope, remember_contact_organisation
        )
        user_scopes.register("contact_clusters", contact_clusters_scope, remember_contact_clusters)
        user_scopes.register("contact_person", contact_person_scope, remember_contact_person)
        from klynge.core.extensions import Section, register
        from klynge.notifications import kinds

        from .services.invitations import KINDS

        kinds.register(*KINDS)
        register(
            "person_sections",
            Section(
                "mails",
                _("Mails sent"),
                "members/sections/person_mails.html",
                _person_mails,
                order=90,
                visible=_may_see_person_mails,
            ),
        )

        from .home import register_home

        register_home()

        from .permissions import (
            can_view_composition,
            can_view_member_directory,
            can_view_own_organisation,
        )

        navigation.add(
            "main",
            "my-organisation",
            _("My organisation"),
            "members:my_organisation",
            can_view_own_organisation,
            order=50,
        )
        navigation.add(
            "cluster",
            "members",
            _("Members"),
            "members:directory",
            can_view_member_directory,
            order=10,
        )
        navigation.add(
            "cluster",
            "composition",
            _("Composition"),
            "members:composition",
            can_view_composition,
            order=20,
        )

        register(
            "cluster_sections",
            Section(
                "members",
                _("Members"),
                "members/sections/cluster_members.html",
                _cluster_members,
                order=5,
            ),
        )
        from .services.personal_data import register_members_personal_data

        register_members_personal_data()
