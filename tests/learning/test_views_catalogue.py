"""Catalogue, course page, self-enrolment, colleagues, my courses and the personal link."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.accounts.typing import Actor
from klynge.learning.models import Course, Enrolment
from tests.factories.clusters import TopicFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db
LIST = reverse("learning:list")


def logged_in(user: Actor) -> Client:
    client = Client()
    client.force_login(user)
    return client


def titles(response: Any) -> set[str]:
    return {c.title for c in response.context["page"].object_list}


def test_catalogue_filters_and_hides_drafts(member_cast: Any) -> None:
    a = member_cast.cluster_a
    topic = TopicFactory(slug="smart-grids", name_en="Smart grids")
    grid = CourseFactory(
        cluster=a, title="Smart grids 101", format=Course.Format.ONLINE, language="en"
    )
    grid.topics.set([topic])
    CourseFactory(cluster=a, title="Flexibility markets", further=True)
    CourseFactory(cluster=a, title="Secret draft", status=Course.Status.DRAFT)
    CourseFactory(cluster=a, title="Closed", application_deadline=datetime.date(2020, 1, 1))
    anonymous = Client()
    assert titles(anonymous.get(LIST)) == {"Smart grids 101", "Flexibility markets", "Closed"}
    assert titles(anonymous.get(LIST, {"kind": "further_education"})) == {"Flexibility markets"}
    assert titles(anonymous.get(LIST, {"topic": "smart-grids"})) == {"Smart grids 101"}
    assert titles(anonymous.get(LIST, {"format": "online", "language": "en"})) == {
        "Smart grids 101"
    }
    assert "Closed" not in titles(anonymous.get(LIST, {"open": "on"}))
    assert titles(anonymous.get(LIST, {"q": "flexib"})) == {"Flexibility markets"}
    assert "Secret draft" in titles(logged_in(member_cast.staff_a).get(LIST))
    empty = anonymous.get(LIST, {"q": "nothing like it"})
    assert "No course matches these filters." in empty.content.decode()
    bad = anonymous.get(LIST, {"kind": "nonsense"})
    assert bad.status_code == 200 and bad.context["form"].errors["kind"]


def test_catalogue_queries_are_bounded(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        course = CourseFactory(cluster=member_cast.cluster_a, title=f"Course {n:02d}", capacity=10)
        course.topics.set([TopicFactory()])
        EnrolmentFactory.create_batch(2, course=course)
    client = logged_in(member_cast.contact_a)
    client.get(LIST)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].object_list[0].places_taken == 2


def test_catalogue_periods_by_the_last_session(member_cast: Any) -> None:
    """Upcoming: no sessions yet, or one ending from now on (even after a past one); past: every
    session over (the filters read sessions once, not a last-session column per course)."""
    from tests.factories.learning import SessionFactory

    cluster = member_cast.cluster_a
    CourseFactory(cluster=cluster, title="Unplanned", sessions=0)
    CourseFactory(cluster=cluster, title="Coming")
    over = CourseFactory(cluster=cluster, title="Over", sessions=0)
    SessionFactory(course=over, starts_at=timezone.now() - datetime.timedelta(days=30))
    both = CourseFactory(cluster=cluster, title="Half way")
    SessionFactory(course=both, starts_at=timezone.now() - datetime.timedelta(days=30))
    client = logged_in(member_cast.contact_a)
    assert titles(client.get(LIST)) == {"Unplanned", "Coming", "Half way"}
    assert titles(client.get(LIST, {"period": "past"})) == {"Over"}


def test_course_page_tells_each_visitor_what_they_can_do(member_cast: Any) -> None:
    course = CourseFactory(
        cluster=member_cast.cluster_a, open_to=Course.OpenTo.MEMBERS, fee=9000, member_fee=4500
    )
    url = course.get_absolute_url()
    anonymous = Client().get(url).content.decode()
    assert "Log in to enrol" in anonymous and 'action="/courses/' not in anonymous
    contact = logged_in(member_cast.contact_a).get(url)
    assert contact.context["can_enrol"] and contact.context["can_enrol_colleagues"]
    assert "Your price: NOK\u00a04,500." in contact.content.decode()
    draft = CourseFactory(cluster=member_cast.cluster_a, status=Course.Status.DRAFT)
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert logged_in(member_cast.staff_a).get(draft.get_absolute_url()).status_code == 200


def test_member_contact_enrols_and_lands_on_the_personal_page(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, capacity=1, title="AI for energy")
    client = logged_in(member_cast.contact_a)
    response = client.post(reverse("learning:enrol", args=[course.pk]))
    enrolment = Enrolment.objects.get(course=course)
    assert response.status_code == 302 and response["Location"] == enrolment.get_manage_url()
    assert enrolment.status == "enrolled" and enrolment.source == "self"
    confirmation = mail.outbox[-1]
    assert confirmation.to == [member_cast.contact_a.email]
    assert confirmation.attachments[0][0] == f"course-{course.pk}.ics"  # a place, not the queue
    page = client.get(response["Location"]).content.decode()
    assert "Drop out" in page
    second = logged_in(member_cast.contact_b).post(
        reverse("learning:enrol", args=[course.pk]), follow=True
    )
    assert "number 1 on the waiting list" in second.content.decode()
    again = client.post(reverse("learning:enrol", args=[course.pk]), follow=True)
    assert "already enrolled" in again.content.decode()


def test_people_outside_the_members_cannot_enrol(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_b, open_to=Course.OpenTo.MEMBERS)
    response = logged_in(member_cast.contact_a).post(reverse("learning:enrol", args=[course.pk]))
    assert response.status_code == 403
    assert (
        logged_in(member_cast.staff_a).post(reverse("learning:enrol", args=[course.pk])).status_code
        == 403
    )
    assert Client().post(reverse("learning:enrol", args=[course.pk])).status_code == 302  # to login


def test_member_contact_enrols_colleagues_and_can_drop_one(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, capacity=2)
    ida, jonas, eirik = (
        PersonFactory(organisation=member_cast.org_a, full_name=n)
        for n in ("Ida", "Jonas", "Eirik")
    )
    stranger = PersonFactory(organisation=member_cast.org_b)
    client = logged_in(member_cast.contact_a)
    url = reverse("learning:colleagues", args=[course.pk])
    page = client.get(url).content.decode()
    assert "Ida" in page and stranger.full_name not in page
    refused = client.post(url, {"people": [stranger.pk]})
    assert refused.status_code == 200 and refused.context["form"].errors["people"]
    response = client.post(url, {"people": [ida.pk, jonas.pk, eirik.pk]}, follow=True)
    body = response.content.decode()
    assert "3 colleagues enrolled" in body and "1 of them are on the waiting list" in body
    statuses = dict(
        Enrolment.objects.filter(course=course).values_list("person__full_name", "status")
    )
    # The list is alphabetical: Eirik and Ida get the two places, Jonas waits.
    assert statuses == {"Eirik": "enrolled", "Ida": "enrolled", "Jonas": "waitlisted"}
    ida_enrolment = Enrolment.objects.get(person=ida)
    dropped = client.post(reverse("learning:drop", args=[ida_enrolment.pk]), {"next": url})
    assert dropped["Location"] == url
    assert Enrolment.objects.get(person=jonas).status == "enrolled"
    foreign = client.post(
        reverse("learning:drop", args=[Enrolment.objects.get(person=jonas).pk]),
        {"next": "https://evil.example/"},
    )
    assert foreign["Location"] == course.get_absolute_url()  # another site is never a target
    assert (
        logged_in(member_cast.contact_b)
        .post(reverse("learning:drop", args=[Enrolment.objects.get(person=eirik).pk]))
        .status_code
        == 403
    )


def test_my_courses_and_the_token_link(member_cast: Any) -> None:
    person = member_cast.contact_a.person
    done = EnrolmentFactory(
        person=person,
        status="completed",
        completed_on="2025-03-01",
        certificate_code="2025-ABCDEF12",
    )
    waiting = EnrolmentFactory(person=person, status="waitlisted", waitlist_position=3)
    client = logged_in(member_cast.contact_a)
    page = client.get(reverse("learning:mine"))
    # Under way first (no completion date), then completions newest first.
    assert [e.pk for e in page.context["enrolments"]] == [waiting.pk, done.pk]
    assert reverse("learning:certificate", args=[done.pk]) in page.content.decode()
    manage = Client().get(waiting.get_manage_url()).content.decode()
    assert "Number 3 on the waiting list" in manage and "Leave the waiting list" in manage
    Client().post(waiting.get_manage_url())
    waiting.refresh_from_db()
    assert waiting.status == "dropped"
    no_person = logged_in(member_cast.staff_a).get(reverse("learning:mine")).content.decode()
    assert "not linked to a contact person" in no_person


def test_course_calendar_file(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, sessions=2)
    response = Client().get(reverse("learning:ics", args=[course.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.count(b"BEGIN:VEVENT") == 2
