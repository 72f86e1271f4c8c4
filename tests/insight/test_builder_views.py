"""Builder pages: a new survey (empty or from the template), questions with a condition, preview,
copy, audience with the count, sending and the response rate."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from klynge.insight.models import Invitation, Survey
from tests.http import client_for

pytestmark = pytest.mark.django_db


def test_build_preview_send_and_watch_the_rate(
    member_cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(member_cast.manager_a)
    assert client.get("/clusters/cluster-a/surveys/").status_code == 200
    created = client.post(
        "/clusters/cluster-a/surveys/new/",
        {"template": "", "title_en": "Pulse", "title_nb": "Puls", "anonymous": "on"},
    )
    survey = Survey.objects.get(title_en="Pulse")
    assert created["Location"] == f"/surveys/{survey.pk}/"
    page = survey.sections.get()
    added = client.post(
        f"/surveys/{survey.pk}/questions/add/",
        {
            "section": page.pk,
            "kind": "single",
            "text_en": "Do you collaborate?",
            "options": "Yes | Ja\nNo | Nei",
            "required": "on",
        },
    )
    assert added.status_code == 302
    form = client.get(f"/surveys/{survey.pk}/questions/add/?section={page.pk}")
    labels = dict(form.context["form"].fields["condition"].choices)
    assert labels["do-you-collaborate::yes"] == "“Do you collaborate?” is “Yes”"
    bad = client.post(
        f"/surveys/{survey.pk}/questions/add/",
        {"section": page.pk, "kind": "single", "text_en": "Only one", "options": "Yes"},
    )
    assert bad.status_code == 200 and bad.context["form"].errors["options"]
    client.post(
        f"/surveys/{survey.pk}/questions/add/",
        {
            "section": page.pk,
            "kind": "long_text",
            "text_en": "With whom?",
            "condition": ["do-you-collaborate::yes"],
        },
    )
    follow = survey.questions.get(key="with-whom")
    assert follow.condition_values == ["yes"]
    detail = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "Shown only if question 1 is" in detail and "“Yes”" in detail

    preview = client.get(f"/surveys/{survey.pk}/preview/")
    assert preview.status_code == 200 and preview.context["preview"]
    client.post(f"/surveys/{survey.pk}/preview/", {"page": "0", "q-do-you-collaborate": "yes"})
    assert not survey.responses.exists()  # the preview saves nothing

    client.post(f"/surveys/{survey.pk}/audience/", {"kind": "members"})
    audience = client.get(f"/surveys/{survey.pk}/audience/")
    assert audience.context["count"].total == 2
    assert "Send 2 invitations" in audience.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/surveys/{survey.pk}/send/")
    assert sent["Location"] == f"/surveys/{survey.pk}/responses/"
    assert len(mail.outbox) == 2 and Invitation.objects.filter(survey=survey).count() == 2
    rate = client.get(f"/surveys/{survey.pk}/responses/")
    assert rate.context["rate"].invited == 2 and rate.context["rate"].answered == 0
    # The settings form shows anonymity as fixed now.
    assert client.get(f"/surveys/{survey.pk}/edit/").context["form"].fields["anonymous"].disabled


def test_new_from_template_and_copy(member_cast: Any) -> None:
    client = client_for(member_cast.staff_a)
    client.post(
        "/clusters/cluster-a/surveys/new/", {"template": "yearly-member-survey", "anonymous": "on"}
    )
    survey = Survey.objects.get(template_key="yearly-member-survey")
    assert survey.title_en == "Member survey" and survey.questions.count() > 10
    copied = client.post(f"/surveys/{survey.pk}/copy/", {"title_en": "Member survey 2026"})
    copy = Survey.objects.get(title_en="Member survey 2026")
    assert copied["Location"] == f"/surveys/{copy.pk}/"
    assert copy.previous_wave == survey


def test_reminder_dates_form(sent: Any) -> None:
    from django.utils import timezone

    client = client_for(sent.manager_a)
    day = timezone.localdate() + timezone.timedelta(days=3)
    client.post(f"/surveys/{sent.survey.pk}/reminders/", {"first": day.isoformat()})
    sent.survey.refresh_from_db()
    assert sent.survey.reminder_dates == [day.isoformat()]


def test_home_widgets(sent: Any, django_assert_max_num_queries: Any) -> None:
    contact = client_for(sent.contact_a)
    home = contact.get("/").content.decode()
    assert 'data-testid="widget-surveys-to-answer"' in home
    assert f"/surveys/{sent.survey.pk}/answer/" in home
    staff = client_for(sent.staff_a)
    with django_assert_max_num_queries(40):
        body = staff.get("/").content.decode()
    assert 'data-testid="widget-open-surveys"' in body and "0 of 2 answered (0 %)" in body
    from klynge.insight.models import Invitation

    Invitation.objects.filter(survey=sent.survey).update(completed=True)
    assert "widget-surveys-to-answer" not in client_for(sent.contact_a).get("/").content.decode()
