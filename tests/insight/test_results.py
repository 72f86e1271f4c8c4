"""Results: per-question summaries and charts, text search, earlier waves, exports, PDF report;
personal data of identified surveys (export and erasure)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from klynge.insight.models import Answer, Invitation, Response
from klynge.insight.selectors.results import survey_results, wave_results
from klynge.insight.selectors.surveys import wave_list
from klynge.insight.services.surveys import survey_copy
from klynge.members.services.personal_data import person_anonymise, person_export_data
from tests.factories.insight import submitted, two_page_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(member_cast: Any) -> Any:
    survey = two_page_survey(cluster=member_cast.cluster_a, title_en="Member survey")
    rows = [
        {
            "collaborate": "yes",
            "kinds": ["rnd", "trade"],
            "value": 4,
            "recommend": 10,
            "matrix": {"events": 5, "courses": 3},
            "count": 2,
            "comment": "More B2B days",
        },
        {
            "collaborate": "yes",
            "kinds": ["rnd"],
            "value": 5,
            "recommend": 9,
            "matrix": {"events": 4},
            "count": 10,
        },
        {"collaborate": "no", "value": 2, "recommend": 6, "comment": '=HYPERLINK("x")'},
        {"collaborate": "no", "value": 3, "recommend": 8},
        {
            "collaborate": "yes",
            "kinds": ["trade"],
            "value": 4,
            "recommend": 3,
            "comment": "Fewer webinars",
        },
    ]
    for row in rows:
        submitted(survey, row)
    member_cast.survey = survey
    return member_cast


def test_question_summaries(answered: Any) -> None:
    results = {r.question.key: r for r in survey_results(survey=answered.survey).questions}
    assert results["collaborate"].shares == [("yes", "Yes", 3, 60), ("no", "No", 2, 40)]
    assert results["kinds"].n == 3 and results["kinds"].counts == [
        ("rnd", "R&D", 2),
        ("trade", "Trade", 2),
    ]
    value = results["value"].summary
    assert (value.n, value.mean, value.median) == (5, 3.6, 4.0)
    assert value.distribution == [("1", 0), ("2", 1), ("3", 1), ("4", 2), ("5", 1)]
    assert results["recommend"].nps.score == 0  # 2 promoters, 2 passives... 10,9 / 6,3
    events = results["matrix"].statements[0]
    assert (events.label, events.summary.n, events.summary.mean) == ("Events", 2, 4.5)
    assert results["comment"].text_count == 3
    searched = {
        r.question.key: r for r in survey_results(survey=answered.survey, search="b2b").questions
    }
    assert searched["comment"].texts == ["More B2B days"]


def test_results_page_charts_breakdown_pdf_and_exports(answered: Any) -> None:
    client = Client()
    client.force_login(answered.staff_a)
    page = client.get(f"/surveys/{answered.survey.pk}/results/")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('class="klynge-chart"') == 6  # every question but the text one
    assert "NPS 0" in body and "More B2B days" in body

    xlsx = client.get(f"/surveys/{answered.survey.pk}/responses/export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Response", "collaborate", "kinds")
    assert "matrix.events" in rows[0] and len(rows) == 6
    texts = [row[rows[0].index("comment")] for row in rows[1:]]
    assert '=HYPERLINK("x")' in texts  # a text cell (a formula would load as data type "f")
    comment = rows[0].index("comment") + 1
    assert "f" not in {sheet.cell(row=r, column=comment).data_type for r in range(2, 7)}
    csv = client.get(f"/surveys/{answered.survey.pk}/responses/export/?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "R&D; Trade" in csv.content.decode()

    pdf = client.get(f"/surveys/{answered.survey.pk}/results.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Member survey" in text and "5 responses submitted" in text and "More B2B days" in text


def test_earlier_waves_side_by_side(answered: Any) -> None:
    from django.utils import timezone

    first = answered.survey
    first.opens_at = timezone.now().replace(year=timezone.now().year - 1)
    first.save()
    second = survey_copy(actor=answered.staff_a, survey=first, title_en="Member survey")
    second.opens_at = timezone.now()
    second.save()
    for value in (5, 5, 4, 4, 5, 5):
        submitted(second, {"collaborate": "yes", "value": value, "recommend": 10})
    waves = wave_results(waves=wave_list(survey=second))
    assert [w.survey for w in waves] == [first, second]
    assert [w.by_key["value"].summary.mean for w in waves] == [3.6, 4.67]
    assert waves[0].label != waves[1].label
    client = Client()
    client.force_login(answered.officer)
    body = client.get(f"/surveys/{second.pk}/results/").content.decode()
    assert 'data-testid="trend"' in body and "4.67" in body
    # the value axis spans the whole scale (1-5) and NPS (-100..100): a small change looks small
    from klynge.insight.charts import trend_chart

    scale_ticks = re.findall(r">([^<>]+)</text>", trend_chart("value", "Value", waves, "t-value"))
    assert {"1", "2", "3", "4", "5"} <= set(scale_ticks)
    nps_ticks = re.findall(r">([^<>]+)</text>", trend_chart("recommend", "NPS", waves, "t-nps"))
    assert {"100", "0"} <= set(nps_ticks) and any(
        t.endswith("100") and t != "100" for t in nps_ticks
    )


def test_identified_answers_are_exported_and_erased_with_the_person(sent: Any) -> None:
    from klynge.insight.models import Survey
    from klynge.insight.selectors.surveys import survey_structure
    from klynge.insight.services.answering import answers_save, response_submit

    Survey.objects.filter(pk=sent.survey.pk).update(anonymous=False)
    sent.survey.refresh_from_db()
    person = sent.contact_a.person
    invitation = Invitation.objects.select_related("survey").get(pk=sent.invitation_a.pk)
    structure = survey_structure(survey=sent.survey)
    answers_save(
        invitation=invitation,
        structure=structure,
        raw={"collaborate": "no", "recommend": "7", "comment": "Call me on 99"},
    )
    response_submit(actor=sent.contact_a, invitation=invitation, structure=structure)
    exported = person_export_data(actor=sent.manager_a, person=person)
    assert exported["surveys"]["survey_invitations"][0]["answered"] is True
    assert exported["surveys"]["survey_responses"][0]["answers"]["comment"] == "Call me on 99"
    person_anonymise(actor=sent.manager_a, person=person)
    response = Response.objects.get()
    assert response.person_id is None and response.organisation_id is None
    assert not Answer.objects.filter(response=response, question__key="comment").exists()
    assert Answer.objects.filter(response=response, question__key="recommend").exists()
    invitation.refresh_from_db()
    assert invitation.email.startswith("erased-") and invitation.person_id is None
    assert invitation.completed and invitation.org_kind == "sme"  # the rate still counts it
