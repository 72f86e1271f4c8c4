"""Answering: saved as the respondent goes, resumable, conditions, required answers, submit once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from klynge.core.errors import ConflictError, DomainError
from klynge.insight.models import Answer, Invitation, Response, Survey
from klynge.insight.selectors.responses import answers_of, draft_for
from klynge.insight.selectors.surveys import survey_structure
from klynge.insight.services.answering import answers_save, response_submit

pytestmark = pytest.mark.django_db


def save(sent: Any, raw: dict[str, Any], invitation: Any = None) -> Any:
    invitation = invitation or sent.invitation_a
    structure = survey_structure(survey=sent.survey)
    return answers_save(invitation=invitation, structure=structure, raw=raw)


def submit(sent: Any, invitation: Any = None) -> Response:
    structure = survey_structure(survey=sent.survey)
    return response_submit(
        actor=None, invitation=invitation or sent.invitation_a, structure=structure
    )


def test_saves_valid_answers_reports_invalid_and_drops_hidden(sent: Any) -> None:
    result = save(sent, {"collaborate": "yes", "kinds": ["rnd"], "value": "9"})
    assert result.errors.keys() == {"value"}
    assert answers_of(response=draft_for(invitation=sent.invitation_a)) == {
        "collaborate": "yes",
        "kinds": ["rnd"],
    }
    save(sent, {"collaborate": "no"})
    assert answers_of(response=draft_for(invitation=sent.invitation_a)) == {"collaborate": "no"}


def test_submit_needs_the_required_answers_then_closes_the_link(sent: Any) -> None:
    save(sent, {"collaborate": "yes"})
    with pytest.raises(DomainError) as error:
        submit(sent)
    assert error.value.field == "recommend"
    save(sent, {"recommend": "9", "matrix": {"events": "4", "courses": ""}, "count": "3"})
    response = submit(sent)
    assert response.is_submitted and response.submitted_on == timezone.localdate()
    assert response.org_kind == "sme" and response.county == "Østfold"
    with pytest.raises(ConflictError):
        save(sent, {"collaborate": "no"})
    with pytest.raises(ConflictError):
        submit(sent)
    assert Response.objects.filter(survey=sent.survey).count() == 1


def test_closed_or_not_yet_open_survey_takes_no_answers(sent: Any) -> None:
    Survey.objects.filter(pk=sent.survey.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1), opens_at=timezone.now() - timedelta(days=2)
    )
    sent.invitation_a.survey.refresh_from_db()
    with pytest.raises(DomainError):
        save(sent, {"collaborate": "yes"})


def test_identified_survey_keeps_the_person(sent: Any) -> None:
    Survey.objects.filter(pk=sent.survey.pk).update(anonymous=False)
    sent.survey.refresh_from_db()
    Response.objects.all().delete()
    invitation = Invitation.objects.select_related("survey").get(pk=sent.invitation_a.pk)
    structure = survey_structure(survey=sent.survey)
    answers_save(
        invitation=invitation, structure=structure, raw={"collaborate": "no", "recommend": "10"}
    )
    response = response_submit(actor=sent.contact_a, invitation=invitation, structure=structure)
    assert response.person.user == sent.contact_a
    assert response.organisation == sent.org_a
    assert response.invitation_id == invitation.pk


def test_answering_by_link_pages_resume_and_submit(sent: Any) -> None:
    client = Client()
    first = client.get(sent.link_a)
    assert first.status_code == 200
    assert 'data-testid="q-collaborate"' in first.content.decode()
    # The conditional question is on the page but hidden until "yes".
    assert 'id="question-kinds"' in first.content.decode()
    # Autosave (htmx) on change: "yes" reveals the conditional question out of band.
    reply = client.post(sent.link_a, {"page": "0", "q-collaborate": "yes"}, HTTP_HX_REQUEST="true")
    body = reply.content.decode()
    assert reply.status_code == 200 and "Saved" in body
    assert 'id="question-kinds"' in body and 'hx-swap-oob="true"' in body
    assert 'id="question-kinds" data-testid="q-kinds" hidden' not in body
    # "Next" without the required answer stays on the page with an error.
    refused = client.post(sent.link_a, {"page": "0", "move": "next"})
    assert refused.status_code == 400
    # Next with answers goes to page 2; coming back later resumes there.
    moved = client.post(
        sent.link_a, {"page": "0", "move": "next", "q-collaborate": "yes", "q-kinds": ["rnd"]}
    )
    assert moved.status_code == 302 and moved["Location"].endswith("?page=1")
    client.get(moved["Location"])
    client.post(sent.link_a, {"page": "1", "q-recommend": "8"})  # saved without htmx
    resumed = Client().get(sent.link_a)
    assert resumed.context["page"] == 1
    items = {item.question.key: item for item in resumed.context["items"]}
    assert items["recommend"].text == "8"
    done = Client().post(
        sent.link_a, {"page": "1", "move": "submit", "q-recommend": "8", "q-matrix-events": "5"}
    )
    assert done.status_code == 200 and 'data-testid="answer-done"' in done.content.decode()
    again = Client().get(sent.link_a)
    assert "already answered" in again.content.decode()
    assert Answer.objects.filter(response__survey=sent.survey).count() == 4


def test_a_bad_link_is_404_and_a_logged_in_invitee_answers_without_it(sent: Any) -> None:
    assert Client().get("/s/not-a-token/").status_code == 404
    client = Client()
    client.force_login(sent.contact_b)
    url = f"/surveys/{sent.survey.pk}/answer/"
    assert client.get(url).status_code == 200
    client.post(url, {"page": "0", "q-collaborate": "no"})
    assert answers_of(response=draft_for(invitation=sent.invitation_b)) == {"collaborate": "no"}
    stranger = Client()
    stranger.force_login(sent.staff_a)
    assert stranger.get(url).status_code == 404
