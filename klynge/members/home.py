"""Members' widgets on the home page: imports to review, the member contact's open tasks."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.accounts.typing import Viewer
from klynge.core.extensions import HomeScope, Section, register

from .permissions import can_manage_members, can_view_own_organisation

PROFILE_FIELDS = {
    "website": gettext_lazy("Add your organisation's website"),
    "description": gettext_lazy("Describe what your organisation does"),
    "topics": gettext_lazy("Pick your organisation's competence topics"),
    "employees": gettext_lazy("Give your organisation's number of employees"),
}


def _imports(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors.home import import_list_pending

    cluster = scope.cluster
    items = [
        {
            "text": _("Review the import of %(file)s") % {"file": pending.filename},
            "url": reverse("members:import_preview", args=[cluster.slug, pending.token]),
            "urgent": True,
        }
        for pending in import_list_pending(session=scope.session, cluster=cluster)
    ]
    return {
        "title": _("Member imports"),
        "items": items,
        "empty": _("No import waits for review."),
        "links": [(_("Import members"), reverse("members:import", args=[cluster.slug]))],
    }


def _organisation_tasks(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .models import Organisation
    from .roles import contact_organisation_id
    from .selectors.home import organisation_tasks

    organisation_id = contact_organisation_id(viewer)
    if organisation_id is None:  # never: the widget is visible to member contacts only
        raise Organisation.DoesNotExist("the user is no member contact")
    tasks = organisation_tasks(organisation_id=organisation_id)
    edit = reverse("members:organisation_edit", args=[tasks.organisation.pk])
    items = [{"text": str(PROFILE_FIELDS[name]), "url": edit} for name in tasks.missing]
    if tasks.invitations_open:
        items.append(
            {
                "text": ngettext(
                    "%(n)d invited colleague has not logged in yet",
                    "%(n)d invited colleagues have not logged in yet",
                    tasks.invitations_open,
                )
                % {"n": tasks.invitations_open},
                "url": reverse("members:my_organisation"),
            }
        )
    return {
        "title": _("%(organisation)s: open tasks") % {"organisation": tasks.organisation.name},
        "items": items,
        "empty": _("Your organisation's profile is complete."),
        "links": [
            (
                ngettext("%(n)d colleague", "%(n)d colleagues", tasks.colleagues)
                % {"n": tasks.colleagues},
                reverse("members:my_organisation"),
            ),
            (_("Edit the profile"), edit),
        ],
    }


def register_home() -> None:
    template = "components/home_widget.html"
    register(
        "home",
        Section(
            "member-imports",
            gettext_lazy("Member imports"),
            template,
            _imports,
            order=40,
            visible=lambda viewer, scope: (
                scope.cluster is not None and can_manage_members(viewer, scope.cluster)
            ),
        ),
    )
    register(
        "home",
        Section(
            "organisation-tasks",
            gettext_lazy("Open tasks"),
            template,
            _organisation_tasks,
            order=25,
            visible=lambda viewer, scope: can_view_own_organisation(viewer),
        ),
    )
