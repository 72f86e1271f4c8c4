"""Survey mails: the invitation and the reminder, each with the personal link, in the invitee's
language. Called from background tasks with ids (never raw tokens: the link is rebuilt here).

Written here until the notifications hub (`klynge/notifications/`) exists; the lead moves these two
mails there when it lands.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from klynge.core.links import absolute_url

from .models import Invitation
from .tokens import link_token


def invitation_link(invitation: Invitation) -> str:
    return absolute_url(reverse("insight:answer_link", args=[link_token(invitation.token_salt)]))


def send_survey_mail(invitation: Invitation, template: str) -> bool:
    """Send `template` ("invitation" or "reminder") to the invitee. False if there is no address."""
    if not invitation.email:
        return False
    language = invitation.language if invitation.language in dict(settings.LANGUAGES) else "nb"
    survey = invitation.survey
    with translation.override(language), timezone.override("Europe/Oslo"):
        context = {
            "invitation": invitation,
            "survey": survey,
            "title": survey.title_in(language),
            "intro": survey.intro_nb if language == "nb" and survey.intro_nb else survey.intro_en,
            "cluster": survey.cluster,
            "link": invitation_link(invitation),
        }
        subject = render_to_string(f"insight/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"insight/email/{template}.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[invitation.email]).send()
    return True
