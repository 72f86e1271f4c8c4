"""Anonymity kept by the data: no link from a submitted anonymous response to anyone; results of
anonymous surveys and every breakdown group only from 5 responses; exports follow the same rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from klynge.core.models import AuditEntry
from klynge.insight.models import Answer, Invitation, Response
from klynge.insight.selectors.results import (
    response_rows,
    suppress,
    survey_breakdown,
    survey_results,
)
from klynge.insight.selectors.surveys import survey_structure
from klynge.insight.services.answering import answers_save, response_submit
from tests.factories.insight import submitted, two_page_survey

pytestmark = pytest.mark.django_db


def test_anonymous_submission_keeps_no_link_to_the_person(sent: Any) -> None:
    structure = survey_structure(survey=sent.survey)
    answers_save(
        invitation=sent.invitation_a,
        structure=structure,
        raw={"collaborate": "yes", "recommend": "9", "comment": "Great network"},
    )
    draft = Response.objects.get()
    assert draft.invitation_id == sent.invitation_a.pk  # needed to resume, until submitted
    response = response_submit(
        actor=sent.contact_a, invitation=sent.invitation_a, structure=structure
    )

    stored = Response.objects.get(pk=response.pk)
    assert (stored.invitation_id, stored.person_id, stored.organisation_id) == (None, None, None)
    assert not hasattr(stored, "submitted_at") and not hasattr(stored, "created_at")
    # No row anywhere points from the person, their login or their invitation to the response.
    invitation = Invitation.objects.get(pk=sent.invitation_a.pk)
    assert invitation.completed is True
    assert not Response.objects.filter(invitation=invitation).exists()
    assert not Response.objects.filter(person__user=sent.contact_a).exists()
    assert not Response.objects.filter(organisation=sent.org_a).exists()
    assert {f.name for f in Invitation._meta.concrete_fields} & {
        "updated_at",
        "completed_at",
    } == set()
    # The audit entry names neither the person nor the response.
    entry = AuditEntry.objects.get(action="klynge.insight.response.submitted")
    assert entry.actor_id is None and entry.actor_label == "system"
    assert (
        entry.target_id == str(sent.survey.pk)
        and "Survey" in entry.target_type.model_class().__name__
    )
    assert str(sent.contact_a.pk) not in str(entry.data) and "contact-a" not in str(entry.data)
    assert Answer.objects.filter(response=stored).count() == 3


def test_the_database_refuses_a_linked_anonymous_submission(sent: Any) -> None:
    response = submitted(sent.survey, {"collaborate": "no"})
    response.person = sent.contact_a.person
    with pytest.raises(IntegrityError), transaction.atomic():
        response.save()
    response.person = None
    response.invitation = sent.invitation_b
    with pytest.raises(IntegrityError), transaction.atomic():
        response.save()


def test_suppression_hides_small_groups_and_the_complement() -> None:
    assert suppress({"a": 10, "b": 7, "c": 4}, 5) == {"c", "b"}  # 4 alone could be subtracted
    assert suppress({"a": 10, "b": 7, "c": 3, "d": 2}, 5) == {"c", "d"}  # together 5: enough
    assert suppress({"a": 10, "b": 7}, 5) == set()
    assert suppress({"a": 3}, 5) == {"a"}


def test_breakdown_hides_groups_under_five(member_cast: Any) -> None:
    survey = two_page_survey(cluster=member_cast.cluster_a)
    for index in range(6):
        submitted(
            survey, {"collaborate": "yes", "recommend": 10 if index < 4 else 3}, org_kind="sme"
        )
    for _index in range(5):
        submitted(survey, {"collaborate": "no", "recommend": 5}, org_kind="large")
    for _index in range(2):
        submitted(
            survey, {"collaborate": "no", "recommend": 0}, org_kind="university", county="Viken"
        )
    for _index in range(3):
        submitted(
            survey, {"collaborate": "no", "recommend": 0}, org_kind="public_sector", county="Viken"
        )
    breakdown = survey_breakdown(survey=survey, dimension="kind")
    assert [key for key, _label, _n in breakdown.groups] == ["sme", "large"]
    assert (breakdown.hidden_groups, breakdown.hidden_responses) == (2, 5)
    nps = survey.questions.get(key="recommend")
    assert breakdown.by_question[nps.pk]["sme"].nps.score == 33  # 4 promoters, 2 detractors of 6
    assert "university" not in breakdown.by_question[nps.pk]
    county = survey_breakdown(survey=survey, dimension="county")
    assert [key for key, _label, _n in county.groups] == ["Østfold", "Viken"]  # 11 and 5
    # The page says how many are hidden and shows only the groups large enough.
    client = Client()
    client.force_login(member_cast.staff_a)
    page = client.get(f"/surveys/{survey.pk}/results/?by=kind").content.decode()
    assert "2 groups (5 responses) are hidden." in page
    assert "University or college" not in page and "Large company" in page


def test_anonymous_results_and_exports_wait_for_five_responses(member_cast: Any) -> None:
    survey = two_page_survey(cluster=member_cast.cluster_a)
    for _index in range(4):
        submitted(survey, {"collaborate": "yes", "comment": "Mine"})
    assert survey_results(survey=survey).shown is False
    assert survey_breakdown(survey=survey, dimension="kind") is None
    assert response_rows(survey=survey) == ([], [])
    client = Client()
    client.force_login(member_cast.staff_a)
    assert (
        "show once 5 people have answered"
        in client.get(f"/surveys/{survey.pk}/results/").content.decode()
    )
    submitted(survey, {"collaborate": "no"})
    assert survey_results(survey=survey).shown is True
    header, rows = response_rows(survey=survey)
    assert len(rows) == 5
    assert not {"Name", "Email", "Organisation", "Kind", "County", "Submitted"} & set(header)
    # Identified surveys show results from the first response, with the person.
    identified = two_page_survey(cluster=member_cast.cluster_a, anonymous=False)
    response = submitted(identified, {"collaborate": "yes"})
    response.person = member_cast.contact_a.person
    response.save()
    header, rows = response_rows(survey=identified)
    assert "Name" in header and rows[0][1] == "Contact A"
