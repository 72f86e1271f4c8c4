"""A sent survey of cluster A with invitations to its two member contacts (and their raw links)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from klynge.insight.models import Invitation
from klynge.insight.services.invitations import audience_set, invitations_send
from klynge.insight.tokens import link_token
from tests.factories.insight import two_page_survey


def link_of(invitation: Invitation) -> str:
    return f"/s/{link_token(invitation.token_salt)}/"


@pytest.fixture
def sent(member_cast: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Cast + `survey` (anonymous, two pages) sent to contact_a and contact_b; `links` by person."""
    survey = two_page_survey(cluster=member_cast.cluster_a)
    audience_set(actor=member_cast.manager_a, survey=survey, kind="members")
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(actor=member_cast.manager_a, survey=survey)
    mail.outbox.clear()
    member_cast.survey = survey
    member_cast.invitation_a = Invitation.objects.get(
        survey=survey, person__user=member_cast.contact_a
    )
    member_cast.invitation_b = Invitation.objects.get(
        survey=survey, person__user=member_cast.contact_b
    )
    member_cast.link_a = link_of(member_cast.invitation_a)
    member_cast.link_b = link_of(member_cast.invitation_b)
    return member_cast
