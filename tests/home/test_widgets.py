"""Home pages answer "what needs me now": one widget per duty, each read by one selector whose
queries are bounded, shown only to the roles it concerns."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.core.extensions import HomeScope
from klynge.events.selectors import registration_counts_today, registration_list_upcoming_for_user
from klynge.learning.selectors.enrolments import enrolment_list_ongoing_for_user
from klynge.matchmaking.selectors.home import (
    participation_list_for_user,
    session_list_waiting_requests,
)
from klynge.members.selectors.home import import_list_pending, organisation_tasks
from klynge.programme.models import Evaluator, ReviewAssignment
from klynge.programme.selectors.home import cluster_duties, officer_work_queue, review_list_open
from tests.factories.events import EventFactory, RegistrationFactory, in_days
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.matchmaking import MeetingRequestFactory, build_world, make_meeting
from tests.factories.programme import ApplicationFactory, CertificationLabelFactory

pytestmark = pytest.mark.django_db


def _home(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


def _widgets(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-testid="widget-([a-z0-9-]+)"', html))


def test_manager_sees_label_requests_registrations_and_imports(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    cluster = member_cast.cluster_a
    today = timezone.localdate()
    CertificationLabelFactory(
        cluster=cluster,
        awarded_on=today - datetime.timedelta(days=600),
        valid_until=today + datetime.timedelta(days=59),
    )
    world = build_world(member_cast, extra=3)
    for requester in world.extra:
        MeetingRequestFactory(requester=requester, invitee=world.me)
    past = EventFactory(cluster=cluster, starts_at=in_days(-30), ends_at=in_days(-30, 12))
    RegistrationFactory(event=past)  # registered today for a past event: not news
    with django_assert_max_num_queries(3):  # label, last year's report, follow-ups due
        duties = cluster_duties(cluster=cluster)
    assert duties.days_left == 59 and duties.report_due and duties.report is None
    with django_assert_max_num_queries(1):
        sessions = session_list_waiting_requests(cluster=cluster)
    assert [s.waiting for s in sessions] == [3]
    cohosted = EventFactory(cluster=member_cast.cluster_b)
    cohosted.co_hosts.add(cluster)
    RegistrationFactory.create_batch(2, event=cohosted)
    RegistrationFactory(event=cohosted, status="cancelled")
    with django_assert_max_num_queries(1):
        events = registration_counts_today(cluster=cluster)
    assert [(e.pk, e.new_today) for e in events] == [
        (world.session.event_id, 5),
        (cohosted.pk, 2),
    ]
    html = _home(member_cast.manager_a)
    assert {"programme-duties", "b2b-requests", "events-today", "member-imports"} <= _widgets(html)
    assert "The Gold label expires in 59 days" in html
    assert "3 B2B requests wait for an answer" in html
    assert "5 new registrations for" in html
    assert "Annual report" in html and f"?cluster={cluster.slug}" in html
    # Another cluster's manager sees none of it.
    assert "59 days" not in _home(member_cast.staff_b)


def test_pending_import_is_listed_until_confirmed(member_cast: Any) -> None:
    client = Client()
    client.force_login(member_cast.manager_a)
    upload = b"name,org_number\nNy Bedrift AS,123456785\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("members:import", args=[member_cast.cluster_a.slug]),
        {"file": SimpleUploadedFile("members.csv", upload, content_type="text/csv")},
    )
    pending = import_list_pending(session=client.session, cluster=member_cast.cluster_a)
    assert [p.filename for p in pending] == ["members.csv"]
    assert "Review the import of members.csv" in client.get("/").content.decode()
    assert import_list_pending(session=client.session, cluster=member_cast.cluster_b) == []


def test_member_contact_sees_events_courses_meetings_and_tasks(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    world = build_world(member_cast)
    make_meeting(world.me, world.extra[0])
    MeetingRequestFactory(requester=world.extra[1], invitee=world.me)
    course = CourseFactory(cluster=member_cast.cluster_a, title="Flexibility markets")
    EnrolmentFactory(course=course, person=member_cast.contact_a.person, status="enrolled")
    contact = member_cast.contact_a
    with django_assert_max_num_queries(1):
        regs = registration_list_upcoming_for_user(user=contact)
    assert [r.event_id for r in regs] == [world.session.event_id]
    with django_assert_max_num_queries(2):
        courses = enrolment_list_ongoing_for_user(user=contact)
    assert [e.course.title for e in courses] == ["Flexibility markets"]
    with django_assert_max_num_queries(1):
        mine = participation_list_for_user(user=contact)
    assert [(p.to_answer, p.meetings) for p in mine] == [(1, 1)]
    with django_assert_max_num_queries(1):
        tasks = organisation_tasks(organisation_id=member_cast.org_a.pk)
    assert "website" in tasks.missing or "topics" in tasks.missing
    html = _home(contact)
    assert {"my-events", "my-courses", "my-b2b", "organisation-tasks"} <= _widgets(html)
    assert "1 meeting request waits for your answer" in html
    assert "Flexibility markets" in html
    assert "b2b-requests" not in _widgets(html) and "programme-queue" not in _widgets(html)


def test_evaluator_sees_assigned_reviews_with_due_dates(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    evaluator = member_cast.contact_b
    Evaluator.objects.create(user=evaluator)
    application = ApplicationFactory(cluster=member_cast.cluster_a, status="in_review")
    done = ApplicationFactory(cluster=member_cast.cluster_a, status="in_review")
    due = timezone.localdate() + datetime.timedelta(days=5)
    ReviewAssignment.objects.create(application=application, evaluator=evaluator, due_on=due)
    ReviewAssignment.objects.create(application=done, evaluator=evaluator, status="submitted")
    with django_assert_max_num_queries(1):
        open_reviews = review_list_open(user=evaluator)
    assert [a.application_id for a in open_reviews] == [application.pk]
    html = _home(evaluator)
    assert "programme-reviews" in _widgets(html)
    assert application.project.title in html and "due " in html
    assert 'data-testid="no-role"' not in html


def test_officer_sees_the_programme_work_queue(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    ApplicationFactory(cluster=member_cast.cluster_a, status="submitted")
    reviewed = ApplicationFactory(cluster=member_cast.cluster_b, status="in_review")
    Evaluator.objects.create(user=member_cast.contact_b)
    ReviewAssignment.objects.create(
        application=reviewed, evaluator=member_cast.contact_b, status="submitted"
    )
    with django_assert_max_num_queries(1):
        queue = officer_work_queue()
    assert (queue.to_start, queue.to_decide) == (1, 1)
    html = _home(member_cast.officer)
    assert "programme-queue" in _widgets(html)
    assert "1 submitted application to take forward" in html
    for name in ("levels", "labels", "calls", "assessments"):
        assert reverse(f"programme:{name}") in html
    assert "arrive with the programme module" not in html


def test_widgets_need_their_role(member_cast: Any) -> None:
    from klynge.core.extensions import sections

    scope = HomeScope(cluster=member_cast.cluster_a)
    assert {s["key"] for s in sections("home", member_cast.anonymous, HomeScope())} == set()
    staff_b = {s["key"] for s in sections("home", member_cast.staff_b, scope)}
    assert staff_b == set()
    assert "member-imports" in {s["key"] for s in sections("home", member_cast.staff_a, scope)}
