"""Assessment and readiness pages by role, the scoring forms and the decision form."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from klynge.programme.models import Assessment, Evaluator, Framework
from klynge.programme.services.assessments import assessment_create
from tests.factories.accounts import UserFactory
from tests.factories.programme import CertificationLabelFactory
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")


@pytest.fixture
def setup(member_cast: Any) -> Any:
    cast = member_cast
    cast.assessor = UserFactory(email="assessor@example.org")
    Evaluator.objects.create(user=cast.assessor)
    CertificationLabelFactory(cluster=cast.cluster_a, awarded_on=datetime.date(2020, 1, 1))
    cast.assessment = assessment_create(
        actor=cast.officer,
        cluster=cast.cluster_a,
        framework=Framework.objects.get(code="mature-cluster"),
        period="2021",
        as_of=datetime.date(2021, 1, 1),
        assessors=[cast.assessor],
    )
    return cast


DETAIL = {
    "anonymous": 302,
    "contact_a": 403,
    "staff_b": 403,
    "staff_a": 200,
    "manager_a": 200,
    "assessor": 200,
    "officer": 200,
}
SCORES_IN_DRAFT = {
    "anonymous": 302,
    "contact_a": 403,
    "staff_b": 403,
    "manager_a": 403,
    "assessor": 200,
    "officer": 200,
}
READINESS = {
    "anonymous": 302,
    "contact_a": 403,
    "staff_b": 403,
    "assessor": 403,
    "manager_a": 200,
    "officer": 200,
}
CREATE = {"anonymous": 302, "contact_a": 403, "manager_a": 403, "assessor": 403, "officer": 200}


@pytest.mark.parametrize(("role", "expected"), DETAIL.items())
def test_detail_by_role(setup: Any, role: str, expected: int) -> None:
    url = f"/programme/assessments/{setup.assessment.pk}/"
    assert client_for(setup.user(role)).get(url).status_code == expected


@pytest.mark.parametrize(("role", "expected"), SCORES_IN_DRAFT.items())
def test_scoring_page_by_role(setup: Any, role: str, expected: int) -> None:
    url = f"/programme/assessments/{setup.assessment.pk}/scores/"
    assert client_for(setup.user(role)).get(url).status_code == expected


@pytest.mark.parametrize(("role", "expected"), READINESS.items())
def test_readiness_by_role(setup: Any, role: str, expected: int) -> None:
    url = f"/programme/clusters/{setup.cluster_a.slug}/readiness/"
    assert client_for(setup.user(role)).get(url).status_code == expected


@pytest.mark.parametrize(("role", "expected"), CREATE.items())
def test_create_by_role(setup: Any, role: str, expected: int) -> None:
    url = f"/programme/clusters/{setup.cluster_a.slug}/assessments/new/"
    assert client_for(setup.user(role)).get(url).status_code == expected


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("officer", True),
        ("assessor", True),
        ("manager_a", True),
        ("staff_b", False),
        ("contact_a", False),
    ],
)
def test_list_shows_no_foreign_rows(setup: Any, role: str, visible: bool) -> None:
    response = client_for(setup.user(role)).get("/programme/assessments/")
    assert response.status_code == 200
    assert (setup.assessment in response.context["page"].object_list) is visible
    export = client_for(setup.user(role)).get("/programme/assessments/?export=csv").content.decode()
    assert ("Cluster A" in export) is visible


def test_readiness_page_shows_what_is_missing(setup: Any) -> None:
    page = (
        client_for(setup.manager_a)
        .get(
            f"/programme/clusters/{setup.cluster_a.slug}/readiness/?framework=mature-cluster&as_of=2021-10-01"
        )
        .content.decode()
    )
    assert "2 more member types" in page  # org A and org B are both SMEs: 1 type of 3
    assert "Label expires in 91 days" not in page and "expires in" not in page  # 91 days left
    page = (
        client_for(setup.manager_a)
        .get(f"/programme/clusters/{setup.cluster_a.slug}/readiness/?as_of=2021-11-21")
        .content.decode()
    )
    assert "Label expires in 40 days" in page


def test_officer_creates_scores_and_decides_through_the_forms(setup: Any) -> None:
    client = client_for(setup.officer)
    response = client.post(
        f"/programme/clusters/{setup.cluster_b.slug}/assessments/new/",
        {
            "framework": Framework.objects.get(code="admission-2014").pk,
            "period": "2021",
            "as_of": "2021-06-01",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(cluster=setup.cluster_b)
    client.post(f"/programme/assessments/{assessment.pk}/do/start_review/")
    items = list(assessment.items.all())
    form = {f"score_{item.pk}": "5" for item in items}
    form[f"score_{items[0].pk}"] = "9"  # above the maximum of 6
    response = client.post(f"/programme/assessments/{assessment.pk}/scores/", form)
    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{items[0].pk}"]
    form[f"score_{items[0].pk}"] = "4"
    assert client.post(f"/programme/assessments/{assessment.pk}/scores/", form).status_code == 302
    response = client.post(
        f"/programme/assessments/{assessment.pk}/decide/",
        {"outcome": "passed", "decided_on": "2021-06-15", "decision_reference": "A-1"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.outcome) == ("decided", "passed")
    detail = client.get(f"/programme/assessments/{assessment.pk}/").content.decode()
    assert "A-1" in detail
