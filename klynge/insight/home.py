"""Insight's widgets on the home page: surveys waiting for the person's answers; for the cluster
team, the open surveys and how many have answered."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts.typing import Viewer
from klynge.core.extensions import HomeScope, Section, register

from .permissions import can_view_surveys

_OPEN_ATTR = "_klynge_open_survey_invitations"


def open_invitations(viewer: Viewer) -> list[Any]:
    """The viewer's unanswered invitations to open surveys (loaded once per request user)."""
    from .selectors.responses import invitation_list_open_for_user

    if not hasattr(viewer, _OPEN_ATTR):
        setattr(viewer, _OPEN_ATTR, invitation_list_open_for_user(user=viewer))
    return getattr(viewer, _OPEN_ATTR)


def _to_answer(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    items = []
    for invitation in open_invitations(viewer):
        survey = invitation.survey
        meta = survey.cluster.short_name
        if survey.closes_at:
            closes = formats.date_format(survey.closes_at, "SHORT_DATE_FORMAT")
            meta += " · " + _("open until %(date)s") % {"date": closes}
        items.append(
            {
                "text": survey.title,
                "url": reverse("insight:answer", args=[survey.pk]),
                "meta": meta,
                "urgent": True,
            }
        )
    return {
        "title": _("Surveys for you"),
        "items": items,
        "empty": _("No survey waits for your answers."),
        "links": [],
    }


def _team_surveys(viewer: Viewer, scope: HomeScope) -> dict[str, Any]:
    from .selectors.surveys import survey_list_open_for_cluster

    cluster = scope.cluster
    items = []
    for survey in survey_list_open_for_cluster(cluster=cluster):
        percent = round(100 * survey.answered / survey.invited) if survey.invited else 0
        items.append(
            {
                "text": survey.title,
                "url": reverse("insight:response_rate", args=[survey.pk]),
                "meta": _("%(answered)s of %(invited)s answered (%(percent)s %%)")
                % {"answered": survey.answered, "invited": survey.invited, "percent": percent},
            }
        )
    return {
        "title": _("Open surveys"),
        "items": items,
        "empty": _("No survey is open now."),
        "links": [(_("Surveys"), reverse("insight:surveys", args=[cluster.slug]))],
    }


def register_home() -> None:
    template = "components/home_widget.html"
    register(
        "home",
        Section(
            "surveys-to-answer",
            gettext_lazy("Surveys for you"),
            template,
            _to_answer,
            order=18,
            visible=lambda viewer, scope: bool(open_invitations(viewer)),
        ),
    )
    register(
        "home",
        Section(
            "open-surveys",
            gettext_lazy("Open surveys"),
            template,
            _team_surveys,
            order=45,
            visible=lambda viewer, scope: (
                scope.cluster is not None and can_view_surveys(viewer, scope.cluster)
            ),
        ),
    )
