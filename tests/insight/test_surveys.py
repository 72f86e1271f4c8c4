"""Building surveys: questions, conditions, locks, copies (next wave) and the shipped template."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.core.errors import ConflictError, DomainError
from klynge.core.models import AuditEntry
from klynge.insight.models import Question, Response, Survey
from klynge.insight.services import surveys as services
from klynge.insight.services.templates import survey_create_from_template
from klynge.insight.shipped import YEARLY_MEMBER_SURVEY
from tests.factories.insight import SurveyFactory, two_page_survey

pytestmark = pytest.mark.django_db


def test_create_survey_with_a_first_page_and_an_audit_entry(cast: Any) -> None:
    survey = services.survey_create(
        actor=cast.manager_a, cluster=cast.cluster_a, title_en="Pulse", anonymous=False
    )
    assert survey.sections.count() == 1
    assert AuditEntry.objects.filter(
        action="klynge.insight.survey.created", cluster_id=cast.cluster_a.pk
    ).exists()
    with pytest.raises(DomainError) as error:
        services.survey_create(actor=cast.manager_a, cluster=cast.cluster_a, title_en=" ")
    assert error.value.field == "title_en"


def test_question_with_condition_and_refusals(cast: Any) -> None:
    survey = services.survey_create(actor=cast.staff_a, cluster=cast.cluster_a, title_en="S")
    page = survey.sections.get()
    yes_no = services.parse_items("Yes | Ja\nNo | Nei")
    assert [i["key"] for i in yes_no] == ["yes", "no"]
    source = services.question_add(
        actor=cast.staff_a, section=page, kind="single", text_en="Collaborate?", options=yes_no
    )
    follow = services.question_add(
        actor=cast.staff_a,
        section=page,
        kind="long_text",
        text_en="How?",
        condition_question=source,
        condition_values=["yes"],
    )
    assert follow.condition_question == source
    with pytest.raises(DomainError) as error:
        services.question_add(
            actor=cast.staff_a, section=page, kind="single", text_en="One?", options=yes_no[:1]
        )
    assert error.value.field == "options"
    with pytest.raises(DomainError) as error:
        services.question_add(
            actor=cast.staff_a,
            section=page,
            kind="short_text",
            text_en="Bad",
            condition_question=follow,
            condition_values=["x"],
        )
    assert error.value.field == "condition_question"
    # Moving the source below its dependant is refused; deleting it too.
    with pytest.raises(DomainError):
        services.question_move(actor=cast.staff_a, question=source, step=1)
    with pytest.raises(DomainError):
        services.question_delete(actor=cast.staff_a, question=source)
    assert list(page.questions.order_by("position").values_list("key", flat=True)) == [
        "collaborate",
        "how",
    ]


def test_structure_is_fixed_once_answering_started_but_wording_is_not(cast: Any) -> None:
    survey = two_page_survey(cluster=cast.cluster_a)
    Response.objects.create(survey=survey)
    question = survey.questions.get(key="value")
    with pytest.raises(ConflictError):
        services.question_update(actor=cast.staff_a, question=question, required=True)
    with pytest.raises(ConflictError):
        services.question_add(
            actor=cast.staff_a, section=question.section, kind="short_text", text_en="New"
        )
    services.question_update(actor=cast.staff_a, question=question, text_en="How valuable?")
    question.refresh_from_db()
    assert question.text_en == "How valuable?"


def test_anonymity_is_fixed_once_invitations_went_out(cast: Any) -> None:
    survey = SurveyFactory(cluster=cast.cluster_a, anonymous=True)
    services.survey_update(actor=cast.staff_a, survey=survey, anonymous=False)
    survey.refresh_from_db()
    assert survey.anonymous is False
    from django.utils import timezone

    Survey.objects.filter(pk=survey.pk).update(sent_at=timezone.now())
    survey.refresh_from_db()
    with pytest.raises(ConflictError) as error:
        services.survey_update(actor=cast.staff_a, survey=survey, anonymous=True)
    assert error.value.field == "anonymous"
    services.survey_update(actor=cast.staff_a, survey=survey, title_en="Renamed")


def test_copy_is_the_next_wave_with_the_same_keys_and_conditions(cast: Any) -> None:
    survey = two_page_survey(cluster=cast.cluster_a, audience={"kind": "members"})
    copy = services.survey_copy(actor=cast.staff_a, survey=survey, title_en="Wave 2")
    assert copy.previous_wave == survey and copy.sent_at is None
    assert copy.audience == {"kind": "members"}
    assert list(copy.questions.values_list("key", flat=True)) == list(
        survey.questions.values_list("key", flat=True)
    )
    kinds = copy.questions.get(key="kinds")
    assert kinds.condition_question.survey == copy
    assert kinds.condition_question.key == "collaborate"
    assert copy.sections.count() == 2


def test_delete_only_before_sending(cast: Any) -> None:
    from django.utils import timezone

    draft = SurveyFactory(cluster=cast.cluster_a)
    services.survey_delete(actor=cast.manager_a, survey=draft)
    sent = SurveyFactory(cluster=cast.cluster_a, sent_at=timezone.now())
    with pytest.raises(ConflictError):
        services.survey_delete(actor=cast.manager_a, survey=sent)


def test_yearly_member_survey_template(cast: Any) -> None:
    survey = survey_create_from_template(
        actor=cast.manager_a, cluster=cast.cluster_a, template_key="yearly-member-survey"
    )
    keys = set(survey.questions.values_list("key", flat=True))
    assert {
        "value-of-membership",
        "collaboration-members",
        "collaboration-research",
        "innovation",
        "competence",
        "international",
        "satisfaction",
        "recommend",
    } <= keys
    assert survey.sections.count() == len(YEARLY_MEMBER_SURVEY["sections"])
    assert survey.questions.filter(kind="nps").count() == 1
    for question in survey.questions.all():
        assert question.text_nb and question.text_en
        for item in question.options + question.statements:
            assert item["en"] and item["nb"]
    conditioned = survey.questions.get(key="collaboration-kinds")
    assert conditioned.condition_question.key == "collaboration-members"
    with pytest.raises(DomainError):
        survey_create_from_template(actor=cast.manager_a, cluster=cast.cluster_a, template_key="x")
    assert Question.objects.filter(survey=survey, kind="matrix").count() == 2
