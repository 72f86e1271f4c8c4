"""The course team's pages: create/edit with field errors, sessions, places, cancel, participants
with exports and bulk completion, enrolling someone, certificates and the KPI page."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from klynge.accounts.typing import Actor
from klynge.core.models import AuditEntry
from klynge.learning.models import Course, CourseSession, Enrolment
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import PersonFactory

# Fixed dates in 2030-31 stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def logged_in(user: Actor) -> Client:
    client = Client()
    client.force_login(user)
    return client


def course_form(in_cluster: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "cluster": in_cluster.pk,
        "title": "Flexibility markets and smart grids",
        "kind": "further_education",
        "credits": "7.5",
        "level": "master",
        "language": "nb",
        "format": "blended",
        "description": "Fictional test course.",
        "capacity": "25",
        "fee": "12000",
        "member_fee": "8000",
        "admission": "direct",
        "open_to": "members",
        "status": "published",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_create_a_course_then_add_sessions(member_cast: Any) -> None:
    client = logged_in(member_cast.staff_a)
    response = client.post(reverse("learning:new"), course_form(member_cast.cluster_a))
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "learning:sessions", args=[course.pk]
    )
    assert (course.credits, course.capacity, course.member_fee) == (7.5, 25, 8000)
    url = reverse("learning:sessions", args=[course.pk])
    client.post(
        url,
        {
            "title": "Day 1",
            "starts_at": "2030-09-03T09:00",
            "ends_at": "2030-09-03T15:00",
            "venue": "Halden",
        },
    )
    session = CourseSession.objects.get()
    assert session.starts_at.hour == 7  # 09:00 in Oslo (summer time) is 07:00 UTC
    bad = client.post(url, {"starts_at": "2030-09-04T15:00", "ends_at": "2030-09-04T09:00"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"ends_at", "venue"}
    edit = reverse("learning:session_edit", args=[course.pk, session.pk])
    client.post(
        edit,
        {
            "title": "Kick-off",
            "starts_at": "2030-09-03T10:00",
            "ends_at": "2030-09-03T15:00",
            "venue": "Halden",
        },
    )
    session.refresh_from_db()
    assert session.title == "Kick-off"
    client.post(reverse("learning:session_delete", args=[course.pk, session.pk]))
    assert not CourseSession.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "klynge.learning.course.created",
        "klynge.learning.session.created",
        "klynge.learning.session.updated",
        "klynge.learning.session.deleted",
    } <= actions


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"credits": ""}, {"credits"}),
        ({"kind": "short_course"}, {"credits"}),
        ({"member_fee": "20000"}, {"member_fee"}),
        ({"title": "", "capacity": "0"}, {"title", "capacity"}),
        ({"cluster": "99999"}, {"cluster"}),
    ],
)
def test_course_form_errors_are_on_the_fields(
    member_cast: Any, overrides: dict[str, Any], fields: set[str]
) -> None:
    response = logged_in(member_cast.staff_a).post(
        reverse("learning:new"), course_form(member_cast.cluster_a, **overrides)
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == fields
    assert not Course.objects.exists()


def test_staff_of_another_cluster_cannot_create_or_edit_here(member_cast: Any) -> None:
    client = logged_in(member_cast.staff_b)
    response = client.post(reverse("learning:new"), course_form(member_cast.cluster_a))
    assert response.status_code == 200 and "cluster" in response.context["form"].errors
    course = CourseFactory(cluster=member_cast.cluster_a)
    assert client.get(reverse("learning:edit", args=[course.pk])).status_code == 403
    assert logged_in(member_cast.contact_a).get(reverse("learning:new")).status_code == 403


def test_edit_keeps_kind_and_credits_once_people_completed(member_cast: Any) -> None:
    course = CourseFactory(
        cluster=member_cast.cluster_a, further=True, title="Flex", open_to="members", fee=0
    )
    EnrolmentFactory(
        course=course, status="completed", completed_on="2025-01-01", credits_earned="7.5"
    )
    client = logged_in(member_cast.manager_a)
    data = course_form(member_cast.cluster_a, title="Flex", credits="10", fee="0", member_fee=None)
    data.pop("cluster")
    response = client.post(reverse("learning:edit", args=[course.pk]), data)
    assert response.status_code == 200
    assert "can no longer change" in str(response.context["form"].errors["credits"])
    data["credits"] = "7.5"
    data["capacity"] = "3"
    assert client.post(reverse("learning:edit", args=[course.pk]), data).status_code == 302
    course.refresh_from_db()
    assert course.capacity == 3


def test_capacity_form_and_cancel_by_the_manager_only(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, capacity=1)
    holder, waiting = (
        EnrolmentFactory(course=course),
        EnrolmentFactory(course=course, status="waitlisted", waitlist_position=1),
    )
    staff = logged_in(member_cast.staff_a)
    response = staff.post(
        reverse("learning:capacity", args=[course.pk]), {"capacity": "2"}, follow=True
    )
    assert "1 people moved from the waiting list" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"
    bad = staff.post(reverse("learning:capacity", args=[course.pk]), {"capacity": "0"}, follow=True)
    assert "greater than or equal to 1" in bad.content.decode()
    assert staff.get(reverse("learning:cancel", args=[course.pk])).status_code == 403
    manager = logged_in(member_cast.manager_a)
    assert (
        "2 enrolled" in manager.get(reverse("learning:cancel", args=[course.pk])).content.decode()
    )
    mail.outbox.clear()
    manager.post(reverse("learning:cancel", args=[course.pk]))
    course.refresh_from_db()
    assert course.status == "cancelled"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [holder.person.email, waiting.person.email]
    )


def test_participants_list_exports_are_formula_safe(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a)
    EnrolmentFactory(course=course, person=PersonFactory(full_name="=HYPERLINK(1)"))
    EnrolmentFactory(course=course, status="dropped")
    client = logged_in(member_cast.officer)
    page = client.get(reverse("learning:enrolments", args=[course.pk]))
    assert page.status_code == 200 and not page.context["can_manage"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("learning:enrolments", args=[course.pk]), {"export": "csv"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0][0] == "Name" and len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(1)"
    xlsx = client.get(reverse("learning:enrolments", args=[course.pk]), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        logged_in(member_cast.contact_a)
        .get(reverse("learning:enrolments", args=[course.pk]))
        .status_code
        == 403
    )


def test_bulk_completion_from_the_list_and_errors_never_500(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, further=True, sessions=0)
    a, b = EnrolmentFactory.create_batch(2, course=course)
    waiting = EnrolmentFactory(course=course, status="waitlisted", waitlist_position=1)
    client = logged_in(member_cast.staff_a)
    url = reverse("learning:enrolments_action", args=[course.pk])
    nothing = client.post(url, {"action": "complete", "completed_on": "2025-01-10"})
    assert (
        nothing.status_code == 200
        and "Choose at least one participant." in nothing.content.decode()
    )
    too_many = client.post(
        url,
        {"action": "complete", "enrolments": [a.pk], "completed_on": "2025-01-10", "credits": "9"},
    )
    assert too_many.status_code == 200 and too_many.context["bulk"].errors["credits"]
    blocked = client.post(
        url, {"action": "complete", "enrolments": [a.pk, waiting.pk], "completed_on": "2025-01-10"}
    )
    assert "Only people with a place" in blocked.content.decode()
    done = client.post(
        url,
        {
            "action": "complete",
            "enrolments": [a.pk, b.pk],
            "completed_on": "2025-01-10",
            "evidence": "Exam passed",
        },
    )
    assert done.status_code == 302
    assert set(Enrolment.objects.filter(status="completed").values_list("pk", flat=True)) == {
        a.pk,
        b.pk,
    }
    page = client.get(reverse("learning:enrolments", args=[course.pk])).content.decode()
    assert reverse("learning:certificate", args=[a.pk]) in page
    client.post(reverse("learning:uncomplete", args=[a.pk]))
    assert Enrolment.objects.get(pk=a.pk).status == "enrolled"
    client.post(url, {"action": "drop", "enrolments": [waiting.pk]})
    assert Enrolment.objects.get(pk=waiting.pk).status == "dropped"


def test_bulk_admission_is_all_or_nothing(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, capacity=5, admission="application")
    applicant = EnrolmentFactory(course=course, status="applied")
    already = EnrolmentFactory(course=course)
    response = logged_in(member_cast.staff_a).post(
        reverse("learning:enrolments_action", args=[course.pk]),
        {"action": "admit", "enrolments": [applicant.pk, already.pk]},
    )
    assert (
        response.status_code == 200
        and "Only applications can be admitted." in response.content.decode()
    )
    assert Enrolment.objects.get(pk=applicant.pk).status == "applied"


def test_admitting_applicants_in_bulk(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, capacity=1, admission="application")
    first, second = (EnrolmentFactory(course=course, status="applied") for _ in range(2))
    logged_in(member_cast.staff_a).post(
        reverse("learning:enrolments_action", args=[course.pk]),
        {"action": "admit", "enrolments": [first.pk, second.pk]},
    )
    assert dict(Enrolment.objects.values_list("pk", "status")) == {
        first.pk: "enrolled",
        second.pk: "waitlisted",
    }


def test_staff_enrol_someone_new_or_known_by_email(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a)
    client = logged_in(member_cast.staff_a)
    url = reverse("learning:enrolment_add", args=[course.pk])
    client.post(
        url,
        {
            "full_name": "Thea Moen",
            "email": "Thea@Example.org",
            "organisation": member_cast.org_a.pk,
        },
    )
    enrolment = Enrolment.objects.get()
    assert (enrolment.person.email, enrolment.organisation, enrolment.source) == (
        "thea@example.org",
        member_cast.org_a,
        "staff",
    )
    again = client.post(url, {"full_name": "Thea Moen", "email": "thea@example.org"})
    assert again.status_code == 200 and "already enrolled" in str(
        again.context["form"].errors["email"]
    )
    invalid = client.post(url, {"full_name": "", "email": "not-an-email"})
    assert set(invalid.context["form"].errors) == {"full_name", "email"}


def test_certificate_downloads(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a)
    done = EnrolmentFactory(
        course=course,
        person=PersonFactory(organisation=member_cast.org_a),
        status="completed",
        completed_on="2025-02-02",
        certificate_code="2025-0000BEEF",
    )
    url = reverse("learning:certificate", args=[done.pk])
    response = logged_in(member_cast.contact_a).get(url)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert 'filename="certificate-2025-0000BEEF.pdf"' in response["Content-Disposition"]
    assert logged_in(member_cast.contact_b).get(url).status_code == 403
    assert (
        Client().get(reverse("learning:certificate_by_token", args=[done.token])).status_code == 200
    )
    open_one = EnrolmentFactory(course=course)
    assert (
        Client().get(reverse("learning:certificate_by_token", args=[open_one.token])).status_code
        == 404
    )


def test_kpi_page_and_completions_export(
    member_cast: Any, django_assert_max_num_queries: Any
) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, further=True, sessions=0, title="Flex")
    today = datetime.date.today()
    EnrolmentFactory(
        course=course,
        person=PersonFactory(organisation=member_cast.org_a),
        status="completed",
        completed_on=today,
        credits_earned="7.5",
        certificate_code="X-1",
    )
    url = reverse("learning:kpis", args=[member_cast.cluster_a.slug])
    client = logged_in(member_cast.officer)
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and "<svg" in body
    assert response.context["kpis"].completions == 1
    assert 'data-testid="credits">7.5<' in body
    bad = client.get(url, {"start": "2025-05-01", "end": "2025-01-01"})
    assert bad.status_code == 200 and bad.context["form"].errors["end"]
    export = client.get(reverse("learning:completions", args=[member_cast.cluster_a.slug]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][1] == "Flex" and rows[1][-1] == "X-1"
    # The page's "Completions (XLSX)" link downloads a spreadsheet (it once built "??export=").
    start = body.index('href="', body.index("Completions (CSV)") + 1)
    href = body[start + 6 : body.index('"', start + 6)].replace("&amp;", "&")
    assert "??" not in href and "export=xlsx" in href
    assert client.get(href)["Content-Type"].startswith("application/vnd.openxmlformats")
    assert logged_in(member_cast.contact_a).get(url).status_code == 403
    assert logged_in(member_cast.staff_b).get(url).status_code == 403
    assert Client().get(url).status_code == 302
