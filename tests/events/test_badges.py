"""Name badges: a real WeasyPrint PDF whose text holds every confirmed participant."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import OrganisationFactory, PersonFactory

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF text (dev dependency)")

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_badges_pdf_lists_confirmed_participants_with_organisation(cast: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a, title="Partner Conference 2031")
    esmart = OrganisationFactory(name="eSmart Systems AS")
    RegistrationFactory(
        event=event, person=PersonFactory(full_name="Åse Øvrebø", organisation=esmart)
    )
    RegistrationFactory(
        event=event,
        person=PersonFactory(full_name="Waiting Person"),
        status="waitlisted",
        waitlist_position=1,
    )
    for n in range(11):
        RegistrationFactory(event=event, person=PersonFactory(full_name=f"Guest {n:02d}"))
    client = Client()
    client.force_login(cast.staff_a)
    response = client.get(f"/events/{event.pk}/badges.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # 12 badges, 10 per A4 page
    text = pdf_text(response.content)
    assert "Åse Øvrebø" in text and "eSmart Systems AS" in text
    assert "Partner Conference 2031" in text
    assert "Waiting Person" not in text
    assert Client().get(f"/events/{event.pk}/badges.pdf").status_code == 302
    other = Client()
    other.force_login(cast.staff_b)
    assert other.get(f"/events/{event.pk}/badges.pdf").status_code == 403


def test_badges_pdf_for_an_empty_event_says_so(cast: Any) -> None:
    event = EventFactory(cluster=cast.cluster_a)
    client = Client()
    client.force_login(cast.manager_a)
    assert "No confirmed participants yet" in pdf_text(
        client.get(f"/events/{event.pk}/badges.pdf").content
    )
