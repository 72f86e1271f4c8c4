"""What a survey tells its invitees: the invitation and the reminder, each with the personal link.

The hub (`klynge.notifications`) renders them in the invitee's language, logs and sends them after
commit. Called from background tasks with invitation rows (the raw link token is rebuilt here).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.core.links import absolute_url
from klynge.notifications.kinds import Kind
from klynge.notifications.services import Recipient, notify

from .models import Invitation
from .tokens import link_token

KINDS = (
    Kind("insight.invitation", _("Survey invitations")),
    Kind(
        "insight.reminder",
        _("Survey reminders"),
        transactional=False,
        help_text=_("When you have not answered a survey you were invited to."),
    ),
)


def invitation_link(invitation: Invitation) -> str:
    return absolute_url(reverse("insight:answer_link", args=[link_token(invitation.token_salt)]))


def send_survey_mail(invitation: Invitation, template: str) -> bool:
    """Hand `template` ("invitation" or "reminder") to the hub. False if there is no address."""
    if not invitation.email:
        return False
    language = invitation.language if invitation.language in dict(settings.LANGUAGES) else "nb"
    survey = invitation.survey
    once = invitation.last_reminded_on if template == "reminder" else ""
    notify(
        kind=f"insight.{template}",
        to=Recipient(email=invitation.email, language=language),
        template=f"insight/email/{template}",
        context={
            "invitation": invitation,
            "survey": survey,
            "title": survey.title_in(language),
            "intro": survey.intro_nb if language == "nb" and survey.intro_nb else survey.intro_en,
            "cluster": survey.cluster,
            "link": invitation_link(invitation),
        },
        cluster=survey.cluster_id,
        key=f"insight.{template}:{invitation.pk}:{once}",
    )
    return True
