"""The learning API: whole bodies, the same predicates as the pages, pagination and errors."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from klynge.learning.models import Course, CourseSession, Enrolment
from tests.factories.clusters import TopicFactory
from tests.factories.learning import CourseFactory, EnrolmentFactory
from tests.factories.members import PersonFactory
from tests.http import client_for

# Fixed dates in 2030-31 stay in the future: the clock is frozen at tests/clock.NOW.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
API = "/api/v1"
START = datetime.datetime(2031, 3, 4, 8, 0, tzinfo=datetime.UTC)


def send(client: Client, method: str, url: str, body: dict | None = None) -> Any:
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_course_list_and_detail_whole_body(member_cast: Any) -> None:
    topic = TopicFactory(slug="energy-data")
    course = CourseFactory(
        cluster=member_cast.cluster_a,
        title="Energy data in practice",
        description="",
        capacity=2,
        fee=6000,
        member_fee=3000,
        sessions=0,
    )
    course.topics.add(topic)
    CourseSession.objects.create(
        course=course, starts_at=START, ends_at=START + datetime.timedelta(hours=6), venue="Halden"
    )
    EnrolmentFactory(course=course)
    EnrolmentFactory(course=course, status="waitlisted", waitlist_position=1)
    CourseFactory(cluster=member_cast.cluster_a, status=Course.Status.DRAFT)
    response = client_for().get(f"{API}/courses")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    expected = {
        "id": course.pk,
        "cluster": "cluster-a",
        "provider_id": None,
        "provider": "",
        "title": "Energy data in practice",
        "description": "",
        "learning_outcomes": "",
        "kind": "short_course",
        "credits": None,
        "level": "introductory",
        "language": "nb",
        "format": "on_campus",
        "capacity": 2,
        "application_deadline": None,
        "fee": 6000,
        "member_fee": 3000,
        "target_group": "",
        "admission": "direct",
        "open_to": "everyone",
        "status": "published",
        "topics": ["energy-data"],
        "starts_at": "2031-03-04T08:00:00Z",
        "ends_at": "2031-03-04T14:00:00Z",
        "enrolment_state": "open",
        "url": f"/courses/{course.pk}/",
    }
    assert body["items"] == [{**expected, "places_taken": 1, "waiting_count": 1}]
    assert client_for().get(f"{API}/courses/{course.pk}").json() == expected
    sessions = client_for().get(f"{API}/courses/{course.pk}/sessions").json()
    assert [s["starts_at"] for s in sessions] == ["2031-03-04T08:00:00Z"]
    draft = Course.objects.get(status="draft")
    assert client_for().get(f"{API}/courses/{draft.pk}").status_code == 404
    assert client_for(member_cast.staff_a).get(f"{API}/courses/{draft.pk}").status_code == 200
    assert client_for().get(f"{API}/courses", {"period": "soon"}).json()["field"] == "period"


def test_team_creates_patches_and_cancels(member_cast: Any) -> None:
    staff = client_for(member_cast.staff_a)
    payload = {
        "cluster": "cluster-a",
        "title": "Flexibility markets and smart grids",
        "kind": "further_education",
        "credits": "7.5",
        "capacity": 1,
        "status": "published",
        "sessions": [
            {
                "starts_at": "2031-09-03T07:00:00Z",
                "ends_at": "2031-09-03T13:00:00Z",
                "venue": "Halden",
            }
        ],
    }
    created = send(staff, "post", f"{API}/courses", payload)
    assert created.status_code == 201, created.json()
    course_id = created.json()["id"]
    assert (
        created.json()["credits"] == "7.5" and created.json()["starts_at"] == "2031-09-03T07:00:00Z"
    )
    bad = send(staff, "post", f"{API}/courses", {**payload, "kind": "short_course"})
    assert bad.status_code == 400 and bad.json()["field"] == "credits"
    assert (
        send(client_for(member_cast.staff_b), "post", f"{API}/courses", payload).status_code == 403
    )
    EnrolmentFactory(course_id=course_id)
    waiting = EnrolmentFactory(course_id=course_id, status="waitlisted", waitlist_position=1)
    patched = send(staff, "patch", f"{API}/courses/{course_id}", {"capacity": 2, "title": "Flex"})
    assert (
        patched.json()["promoted"] == [waiting.pk] and patched.json()["course"]["title"] == "Flex"
    )
    kept = send(staff, "patch", f"{API}/courses/{course_id}", {"title": None})
    assert kept.status_code == 200 and kept.json()["course"]["title"] == "Flex"
    assert send(staff, "post", f"{API}/courses/{course_id}/cancel").status_code == 403
    cancelled = send(client_for(member_cast.manager_a), "post", f"{API}/courses/{course_id}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    again = send(client_for(member_cast.manager_a), "post", f"{API}/courses/{course_id}/cancel")
    assert again.status_code == 409


def test_sessions_api_validates(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, sessions=0)
    staff = client_for(member_cast.staff_a)
    url = f"{API}/courses/{course.pk}/sessions"
    made = send(
        staff,
        "post",
        url,
        {
            "starts_at": "2031-01-01T08:00:00Z",
            "ends_at": "2031-01-01T12:00:00Z",
            "online_url": "https://meet.example.org/x",
        },
    )
    assert made.status_code == 201
    wrong = send(staff, "patch", f"{url}/{made.json()['id']}", {"ends_at": "2030-01-01T08:00:00Z"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "ends_at"
    assert (
        send(
            client_for(member_cast.contact_a),
            "post",
            url,
            {"starts_at": "2031-01-01T08:00:00Z", "ends_at": "2031-01-01T12:00:00Z", "venue": "x"},
        ).status_code
        == 403
    )
    assert staff.delete(f"{url}/{made.json()['id']}").status_code == 204


def test_enrolment_by_self_colleague_and_team(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, capacity=5)
    url = f"{API}/courses/{course.pk}/enrolments"
    me = member_cast.contact_a.person
    colleague = PersonFactory(organisation=member_cast.org_a)
    stranger = PersonFactory(organisation=member_cast.org_b)
    contact = client_for(member_cast.contact_a)
    own = send(contact, "post", url, {"person_id": me.pk})
    assert own.status_code == 201 and own.json()["source"] == "self"
    assert send(contact, "post", url, {"person_id": colleague.pk}).json()["source"] == "colleague"
    assert send(contact, "post", url, {"person_id": stranger.pk}).status_code == 403
    assert (
        send(contact, "post", url, {"full_name": "X", "email": "x@example.org"}).status_code == 403
    )
    duplicate = send(contact, "post", url, {"person_id": me.pk})
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "already_enrolled"
    staff = client_for(member_cast.staff_a)
    new = send(
        staff,
        "post",
        url,
        {
            "full_name": "Sindre Lie",
            "email": "sindre@example.org",
            "organisation_id": member_cast.org_b.pk,
        },
    )
    assert (
        new.status_code == 201
        and new.json()["source"] == "staff"
        and new.json()["organisation_id"] == member_cast.org_b.pk
    )
    listing = staff.get(url, {"page_size": 2}).json()
    assert (listing["count"], listing["pages"], len(listing["items"])) == (3, 2, 2)
    assert {"email", "organisation", "completion_evidence"} <= set(listing["items"][0])
    assert contact.get(url).status_code == 403
    assert client_for(member_cast.officer).get(url).status_code == 200
    assert staff.get(url, {"status": "bogus"}).json()["field"] == "status"
    dropped = send(contact, "post", f"{API}/enrolments/{own.json()['id']}/drop")
    assert dropped.json()["status"] == "dropped"
    # contact_a does not speak for org_b, so may not drop its people; contact_b may.
    assert send(contact, "post", f"{API}/enrolments/{new.json()['id']}/drop").status_code == 403
    other = send(
        client_for(member_cast.contact_b), "post", f"{API}/enrolments/{new.json()['id']}/drop"
    )
    assert other.json()["status"] == "dropped"


def test_admission_completions_and_undo(member_cast: Any) -> None:
    course = CourseFactory(
        cluster=member_cast.cluster_a, further=True, admission="application", sessions=0
    )
    applicant = EnrolmentFactory(course=course, status="applied")
    staff = client_for(member_cast.staff_a)
    assert (
        send(
            client_for(member_cast.contact_a), "post", f"{API}/enrolments/{applicant.pk}/admit"
        ).status_code
        == 403
    )
    assert (
        send(staff, "post", f"{API}/enrolments/{applicant.pk}/admit").json()["status"] == "enrolled"
    )
    url = f"{API}/courses/{course.pk}/completions"
    too_many = send(
        staff,
        "post",
        url,
        {"enrolment_ids": [applicant.pk], "completed_on": "2025-01-10", "credits": "9"},
    )
    assert too_many.status_code == 400 and too_many.json()["field"] == "credits"
    assert (
        send(staff, "post", url, {"enrolment_ids": [], "completed_on": "2025-01-10"}).status_code
        == 422
    )
    done = send(
        staff,
        "post",
        url,
        {"enrolment_ids": [applicant.pk], "completed_on": "2025-01-10", "evidence": "Exam"},
    )
    assert done.status_code == 200
    [row] = done.json()
    assert (row["status"], row["credits_earned"], row["completed_on"]) == (
        "completed",
        "7.5",
        "2025-01-10",
    )
    assert row["certificate_code"].startswith("2025-")
    undone = staff.delete(f"{API}/enrolments/{applicant.pk}/completion")
    assert undone.json()["status"] == "enrolled" and undone.json()["certificate_code"] == ""


def test_kpis_and_completions_endpoints(member_cast: Any) -> None:
    course = CourseFactory(cluster=member_cast.cluster_a, further=True, sessions=0)
    EnrolmentFactory(
        course=course,
        person=PersonFactory(organisation=member_cast.org_a),
        status="completed",
        completed_on="2025-03-01",
        credits_earned="7.5",
        enrolled_at=datetime.datetime(2025, 1, 6, 9, tzinfo=datetime.UTC),
    )
    officer = client_for(member_cast.officer)
    body = officer.get(
        f"{API}/clusters/cluster-a/competence-kpis", {"start": "2025-01-01", "end": "2025-12-31"}
    ).json()
    assert (body["cluster"], body["completions"], body["credits"], body["sme_completions"]) == (
        "cluster-a",
        1,
        "7.5",
        1,
    )
    assert [row["key"] for row in body["by_size"]] == [
        "micro",
        "small",
        "medium",
        "large",
        "unknown",
        "na",  # not an enterprise (research, public bodies): no size class
        "none",
    ]
    assert body["by_year"] == [
        {"key": "2025", "label": "2025", "participants": 1, "completions": 1, "credits": "7.5"}
    ]
    wrong = officer.get(
        f"{API}/clusters/cluster-a/competence-kpis", {"start": "2025-05-01", "end": "2025-01-01"}
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "end"
    listing = officer.get(
        f"{API}/clusters/cluster-a/completions", {"start": "2025-01-01", "end": "2025-12-31"}
    ).json()
    assert listing["count"] == 1
    assert (
        client_for(member_cast.contact_a)
        .get(f"{API}/clusters/cluster-a/competence-kpis")
        .status_code
        == 403
    )
    assert client_for().get(f"{API}/clusters/cluster-a/competence-kpis").status_code == 401
    assert Enrolment.objects.count() == 1
