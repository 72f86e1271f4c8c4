"""Every kind of mail Klynge sends builds its absolute links from KLYNGE_BASE_URL, and only from it.

Each registered kind is triggered through its app's real code with the site address set to one
that appears nowhere else; every link in the text and HTML parts must start with it. A new kind
without a trigger here fails `test_every_kind_is_covered`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from klynge.notifications import kinds
from klynge.notifications.models import Delivery
from tests.factories.accounts import UserFactory
from tests.factories.clusters import ClusterRoleFactory
from tests.factories.events import RegistrationFactory
from tests.factories.learning import EnrolmentFactory, SessionFactory
from tests.factories.matchmaking import (
    MeetingRequestFactory,
    ParticipantFactory,
    make_meeting,
)
from tests.factories.matchmaking import SessionFactory as B2BSessionFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.programme import ApplicationFactory, CertificationLabelFactory

# Fixed dates (2031) stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

BASE = "https://mail-links.klynge.example.net/base"
URL = re.compile(r"""(?:https?|ftp)://[^\s"'<>)]+""")


def _event(status: str, call: Callable[[Any], None]) -> Callable[[Any], None]:
    extra = {"waitlist_position": 1} if status == "waitlisted" else {}

    def trigger(cast: Any) -> None:
        call(RegistrationFactory(event__cluster=cast.cluster_a, status=status, **extra))

    return trigger


def _course(status: str, call: Callable[[Any], None]) -> Callable[[Any], None]:
    extra: dict[str, Any] = {"waitlisted": {"waitlist_position": 1}}.get(status, {})
    if status == "completed":
        extra = {"completed_on": datetime.date(2031, 1, 1)}

    def trigger(cast: Any) -> None:
        enrolment = EnrolmentFactory(course__cluster=cast.cluster_a, status=status, **extra)
        SessionFactory(course=enrolment.course)
        call(enrolment)

    return trigger


def _events() -> dict[str, Callable[[Any], None]]:
    from klynge.events import notices

    return {
        "events.confirmation": _event("confirmed", lambda r: notices.send_registration_mail(r.pk)),
        "events.waitlisted": _event("waitlisted", lambda r: notices.send_registration_mail(r.pk)),
        "events.promoted": _event("confirmed", lambda r: notices.send_promotion_mails([r.pk])),
        "events.cancelled": _event("cancelled", lambda r: notices.send_cancellation_mail(r.pk)),
        "events.event_cancelled": _event(
            "cancelled", lambda r: notices.send_event_cancelled_mails([r.pk])
        ),
        "events.reminder": _event("confirmed", lambda r: notices.send_reminder_mail(r.pk)),
        "events.feedback_request": _event(
            "attended", lambda r: notices.send_feedback_request_mails([r.pk])
        ),
    }


def _learning() -> dict[str, Callable[[Any], None]]:
    from klynge.learning import notices

    return {
        "learning.applied": _course("applied", lambda e: notices.send_enrolment_mail(e.pk)),
        "learning.enrolled": _course("enrolled", lambda e: notices.send_enrolment_mail(e.pk)),
        "learning.waitlisted": _course("waitlisted", lambda e: notices.send_enrolment_mail(e.pk)),
        "learning.promoted": _course("enrolled", lambda e: notices.send_promotion_mails([e.pk])),
        "learning.dropped": _course("dropped", lambda e: notices.send_dropped_mail(e.pk)),
        "learning.completed": _course("completed", lambda e: notices.send_completion_mail(e.pk)),
        "learning.reminder": _course("enrolled", lambda e: notices.send_reminder_mail(e.pk)),
        "learning.course_cancelled": _course(
            "cancelled", lambda e: notices.send_course_cancelled_mails([e.pk])
        ),
    }


def _b2b(cast: Any, name: str) -> None:
    from klynge.matchmaking import notices

    session = B2BSessionFactory(event__cluster=cast.cluster_a, published_version=1)
    if name in ("request", "accepted"):
        status = "pending" if name == "request" else "accepted"
        request = MeetingRequestFactory(requester__session=session, status=status)
        (notices.send_request_mail if name == "request" else notices.send_accepted_mail)(request.pk)
        return
    p, q = ParticipantFactory(session=session), ParticipantFactory(session=session)
    if name == "reminder":
        notices.send_reminder_mails(session.pk, [p.pk])
        return
    make_meeting(p, q, slot=1, table=1, published_slot=1, published_table=1)
    if name == "agenda":
        notices.send_agenda_mails(session.pk, 1)
    else:
        notices.send_changed_mails(session.pk, [p.pk])


def _invitation(cast: Any) -> None:
    from klynge.members.services.invitations import invitation_send

    organisation = OrganisationFactory()
    MembershipFactory(cluster=cast.cluster_a, organisation=organisation)
    person = PersonFactory(organisation=organisation, email="invitee@example.org")
    invitation_send(actor=cast.manager_a, person=person, cluster=cast.cluster_a)


def _label(cast: Any) -> None:
    from klynge.programme import notices

    notices.send_label_warning(CertificationLabelFactory(cluster=cast.cluster_a), 30)


def _decision(cast: Any) -> None:
    from klynge.programme import notices

    application = ApplicationFactory(cluster=cast.cluster_a, status="approved")
    notices.send_decision(application.pk)


def _review(cast: Any, stage: str) -> None:
    from klynge.programme import notices
    from klynge.programme.models import ReviewAssignment

    evaluator = UserFactory(email="evaluator@example.org")
    assignment = ReviewAssignment.objects.create(
        application=ApplicationFactory(cluster=cast.cluster_a, status="in_review"),
        evaluator=evaluator,
        due_on=datetime.date(2031, 3, 14),
    )
    if stage == "assigned":
        notices.send_review_assigned(assignment.pk)
    else:
        notices.send_review_reminder(assignment, stage)


def _follow_up(cast: Any) -> None:
    from klynge.programme import notices
    from klynge.programme.models import FollowUpReport

    report = FollowUpReport.objects.create(
        application=ApplicationFactory(cluster=cast.cluster_a, status="approved"),
        kind=FollowUpReport.Kind.PROGRESS,
        number=1,
        due_on=datetime.date(2031, 3, 14),
    )
    notices.send_follow_up_reminder(report, overdue=False)


def _survey(cast: Any, template: str) -> None:
    from klynge.insight import notices
    from klynge.insight.models import Invitation
    from tests.factories.insight import SurveyFactory

    survey = SurveyFactory(cluster=cast.cluster_a)
    invitation = Invitation.objects.create(
        survey=survey,
        email="asked@example.org",
        language="en",
        source=Invitation.Source.choices[0][0],
        token_salt="salt",
        token_hash="0" * 64,
        sent_at=timezone.now(),
    )
    notices.send_survey_mail(invitation, template)


def _newsletter(cast: Any, which: str) -> None:
    from klynge.communication.services.newsletters import (
        newsletter_create,
        newsletter_queue,
        newsletter_test_send,
    )
    from klynge.communication.services.posts import post_create
    from klynge.communication.services.subscriptions import subscription_request

    if which == "confirm":
        subscription_request(cluster=cast.cluster_a, email="new@example.org", language="en")
        return
    organisation = OrganisationFactory()
    MembershipFactory(cluster=cast.cluster_a, organisation=organisation)
    PersonFactory(organisation=organisation, email="reader@example.org", consent_newsletter=True)
    post = post_create(
        actor=cast.manager_a, cluster=cast.cluster_a, title_en="News", publish_at=timezone.now()
    )
    newsletter = newsletter_create(
        actor=cast.manager_a, cluster=cast.cluster_a, subject_en="Letter", posts=[post.pk]
    )
    if which == "test":
        newsletter_test_send(actor=cast.manager_a, newsletter=newsletter)
    else:
        newsletter_queue(actor=cast.manager_a, newsletter=newsletter)


def _password_reset(cast: Any) -> None:
    UserFactory(email="forgot@example.org")
    Client().post(reverse("accounts:password_reset"), {"email": "forgot@example.org"})


TRIGGERS: dict[str, Callable[[Any], None]] = {
    **_events(),
    **_learning(),
    **{
        f"matchmaking.{n}": (lambda cast, n=n: _b2b(cast, n))
        for n in ("request", "accepted", "agenda", "changed", "reminder")
    },
    "members.invitation": _invitation,
    "programme.label_expiry": _label,
    "programme.decision": _decision,
    "programme.review_assigned": lambda cast: _review(cast, "assigned"),
    "programme.review_reminder": lambda cast: _review(cast, "soon"),
    "programme.follow_up": _follow_up,
    "accounts.password_reset": _password_reset,
    "insight.invitation": lambda cast: _survey(cast, "invitation"),
    "insight.reminder": lambda cast: _survey(cast, "reminder"),
    "communication.newsletter": lambda cast: _newsletter(cast, "send"),
    "communication.newsletter_test": lambda cast: _newsletter(cast, "test"),
    "communication.subscription_confirm": lambda cast: _newsletter(cast, "confirm"),
}


def test_every_kind_is_covered() -> None:
    registered = {kind.key for kind in kinds.all_kinds() if not kind.key.startswith("tests.")}
    assert registered - set(TRIGGERS) == set()


@pytest.mark.parametrize("kind", sorted(TRIGGERS))
@override_settings(KLYNGE_BASE_URL=BASE)
def test_links_in_every_kind_start_at_the_base_url(
    kind: str, cast: Any, run_on_commit: None
) -> None:
    ClusterRoleFactory(user=UserFactory(email="boss@example.org"), cluster=cast.cluster_a)
    TRIGGERS[kind](cast)
    sent = Delivery.objects.filter(kind=kind, status="sent")
    assert sent.exists(), f"{kind} sent nothing"
    messages = [m for m in mail.outbox if m.subject in set(sent.values_list("subject", flat=True))]
    assert messages
    for message in messages:
        html = message.alternatives[0][0]
        links = URL.findall(message.body) + URL.findall(html)
        settings_pages = (BASE + "/notifications/settings/", BASE + "/newsletter/preferences/")
        assert any(link.startswith(settings_pages) for link in links)
        wrong = [link for link in links if not link.startswith(BASE + "/")]
        assert wrong == [], f"{kind}: {wrong}"
