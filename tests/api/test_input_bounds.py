"""Unchecked input gave 500s (issue 12.5): each of these is now a 4xx in the one error format."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from klynge.programme.models import ApplicationAttachment
from tests.factories.learning import CourseFactory
from tests.factories.programme import ApplicationFactory, CallFactory
from tests.factories.projects import ProjectFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db
HUGE = 10**30


def error_of(response: Any) -> dict:
    body = response.json()
    assert set(body) == {"detail", "code", "field"}
    return body


@pytest.mark.parametrize("page", [2, 10**6, HUGE])
def test_api_page_past_the_end_is_404_on_page(cast: Any, page: int) -> None:
    response = Client().get("/api/v1/clusters", {"page": page})
    assert response.status_code == 404
    assert error_of(response)["field"] == "page"


def test_api_first_page_of_an_empty_list_is_empty(db: Any) -> None:
    response = Client().get("/api/v1/clusters", {"page": 1})
    assert response.json() == {"items": [], "count": 0, "page": 1, "pages": 1}


@pytest.mark.parametrize("page", ["2", str(HUGE), "1e400", "-5", "x" * 5000, "9" * 5000])
def test_page_number_on_pages_never_breaks_the_list(cast: Any, page: str) -> None:
    response = Client().get("/clusters/", {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(("field", "value"), [("fee", -1), ("fee", HUGE), ("member_fee", HUGE)])
def test_course_fees_out_of_range_are_422(cast: Any, field: str, value: int) -> None:
    course = CourseFactory(cluster=cast.cluster_a, fee=100)
    response = client_for(cast.staff_a).patch(
        f"/api/v1/courses/{course.pk}", json.dumps({field: value}), content_type="application/json"
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == field


@pytest.mark.parametrize("value", [-3, HUGE, True, "7"])
def test_outcome_quantity_must_be_a_sensible_count(cast: Any, value: Any) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    response = client_for(cast.staff_a).post(
        f"/api/v1/projects/{project.pk}/outcomes",
        json.dumps(
            {"kind": "product", "date": "2021-05-01", "description": "x", "quantity": value}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == "quantity"


@pytest.mark.parametrize("field", ["amount"])
def test_funding_amount_huge_is_422(cast: Any, field: str) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a)
    response = client_for(cast.staff_a).post(
        f"/api/v1/projects/{project.pk}/funding-sources",
        json.dumps({"name": "Fund", "kind": "public", "amount": HUGE}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert error_of(response)["field"] == field


def test_missing_attachment_file_is_404_not_500(cast: Any, settings: Any, tmp_path: Any) -> None:
    settings.KLYNGE_PRIVATE_MEDIA_ROOT = str(tmp_path)
    from klynge.programme.loaders import load_shipped
    from klynge.programme.models import Framework

    load_shipped()
    call = CallFactory(framework=Framework.objects.get(code="pre-project"))
    application = ApplicationFactory(call=call, cluster=cast.cluster_a)
    attachment = ApplicationAttachment(application=application, title="Plan")
    attachment.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    attachment.file.storage.delete(attachment.file.name)
    officer = client_for(cast.officer)
    api = officer.get(
        f"/api/v1/programme/applications/{application.pk}/attachments/{attachment.pk}"
    )
    assert api.status_code == 404
    assert error_of(api)["code"] == "not_found"
    page = officer.get(f"/programme/applications/{application.pk}/attachments/{attachment.pk}/")
    assert page.status_code == 404


@pytest.mark.parametrize("field", ["total_eligible_cost", "private_cash", "in_kind"])
def test_budget_form_refuses_amounts_no_column_holds(cast: Any, field: str) -> None:
    project = ProjectFactory(lead_cluster=cast.cluster_a, total_eligible_cost=1000)
    data = {"save_budget": "1", "total_eligible_cost": "1000", "private_cash": "0", "in_kind": "0"}
    data[field] = str(HUGE)
    response = client_for(cast.staff_a).post(f"/projects/{project.pk}/budget/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    project.refresh_from_db()
    assert project.total_eligible_cost == 1000


def test_a_number_is_no_date_in_a_query_or_a_body() -> None:
    # pydantic alone reads a number as a Unix time (found by schemathesis: as_of=-1.6e-182 gave 200).
    import pydantic

    from klynge.api.v1.schemas.types import Date, Schema

    class Dated(Schema):
        day: datetime.date | None = None

    adapter = pydantic.TypeAdapter(Date)
    assert adapter.validate_python("2025-03-01") == datetime.date(2025, 3, 1)
    for number in (-1.6e-182, 0, 1700000000, "1700000000"):
        with pytest.raises(pydantic.ValidationError):
            adapter.validate_python(number)
    assert Dated(day="2025-03-01").day == datetime.date(2025, 3, 1)
    with pytest.raises(pydantic.ValidationError):
        Dated(day=1700000000)


@pytest.mark.parametrize(
    "url", ["/api/v1/clusters/cluster-a/projects", "/api/v1/programme/reports"]
)
def test_a_year_outside_the_range_is_422_on_year(cast: Any, url: str) -> None:
    # year=-1327 was a 500 (found by schemathesis): years share the range of core.dates.
    response = client_for(cast.manager_a).get(url, {"year": -1327})
    assert response.status_code == 422
    assert response.json()["field"] == "year"
    assert client_for(cast.manager_a).get(url, {"year": 2025}).status_code == 200
