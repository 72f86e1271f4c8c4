"""A member contact enrols two colleagues, staff mark them completed, and a certificate downloads
as a bilingual PDF whose text names the person, the course and the credits."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from klynge.learning.models import CourseSession, Enrolment
from tests.browser.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory
from tests.factories.learning import CourseFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_contact_enrols_colleagues_staff_complete_and_certificate_downloads(page: Any) -> None:
    cluster = ClusterFactory(
        name="NCE Smart Energy Markets", short_name="NCE SEM", slug="nce-smart-energy-markets"
    )
    gridlytics = OrganisationFactory(name="Gridlytics AS", employees=18)
    MembershipFactory(cluster=cluster, organisation=gridlytics)
    contact = UserFactory(email="kari@gridlytics.test", full_name="Kari Kontakt")
    PersonFactory(
        full_name="Kari Kontakt", email=contact.email, organisation=gridlytics, user=contact
    )
    PersonFactory(full_name="Ingrid Bakke", email="ingrid@gridlytics.test", organisation=gridlytics)
    PersonFactory(full_name="Lars Berg", email="lars@gridlytics.test", organisation=gridlytics)
    staff = UserFactory(email="staff@nce-sem.test", full_name="Sander Stab")
    ClusterRoleFactory(user=staff, cluster=cluster, role="staff")
    course = CourseFactory(
        cluster=cluster,
        title="Flexibility markets and smart grids",
        further=True,
        open_to="members",
        capacity=10,
        sessions=0,
    )
    started = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    for week in (0, 7):
        starts = started + datetime.timedelta(days=week)
        CourseSession.objects.create(
            course=course,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=6),
            venue="Halden",
        )

    # The member contact enrols two colleagues.
    log_in(page, contact.email, PASSWORD)
    page.goto(f"/courses/{course.pk}/")
    page.get_by_role("link", name="Enrol colleagues").click()
    page.get_by_label("Ingrid Bakke (ingrid@gridlytics.test)").check()
    page.get_by_label("Lars Berg (lars@gridlytics.test)").check()
    page.get_by_role("button", name="Enrol selected colleagues").click()
    expect(page.get_by_text("2 colleagues enrolled")).to_be_visible()
    expect(page.get_by_test_id("taking-part")).to_contain_text("Ingrid Bakke — Enrolled")
    expect(page.get_by_test_id("taking-part")).to_contain_text("Lars Berg — Enrolled")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ingrid@gridlytics.test",
        "lars@gridlytics.test",
    ]

    # Staff mark both completed.
    page.context.clear_cookies()
    log_in(page, staff.email, PASSWORD)
    page.goto(f"/courses/{course.pk}/enrolments/")
    page.get_by_label("Ingrid Bakke").check()
    page.get_by_label("Lars Berg").check()
    page.get_by_label("Action").select_option("complete")
    page.get_by_label("Completion evidence").fill("Passed the home exam")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("2 marked completed")).to_be_visible()
    ingrid = Enrolment.objects.get(person__full_name="Ingrid Bakke")
    assert (ingrid.status, ingrid.credits_earned) == ("completed", 7.5)

    # The certificate downloads as a PDF in Norwegian and English.
    with page.expect_download() as download_info:
        page.get_by_test_id(f"certificate-{ingrid.pk}").click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{ingrid.certificate_code}.pdf"
    data = Path(download.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for expected in (
        "Kursbevis",
        "Certificate of completion",
        "Ingrid Bakke",
        "Flexibility markets and smart grids",
        "7,5 studiepoeng (ECTS)",
        "7.5 ECTS credits",
        "NCE Smart Energy Markets",
        ingrid.certificate_code,
    ):
        assert expected in text, expected
