"""Deep pages are read from the nearer end of the list and hold the same rows as OFFSET would."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from klynge.core.pagination import page_slice, paginate
from klynge.members.models import Organisation
from tests.factories.members import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations() -> Any:
    for i in range(53):
        OrganisationFactory(name=f"Org {i % 7} {i:02d}", org_number=None, country="SE")
    return Organisation.objects.order_by("name", "pk")


def test_every_page_holds_the_rows_offset_gives(organisations: Any) -> None:
    expected = list(organisations)
    factory = RequestFactory()
    seen = []
    for number in range(1, 4):
        page = paginate(factory.get("/", {"page": number}), organisations, per_page=25)
        assert list(page.object_list) == expected[(number - 1) * 25 : number * 25]
        seen += list(page.object_list)
    assert seen == expected


def test_past_the_middle_the_query_reads_the_reversed_order(
    organisations: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1) as captured:
        rows = page_slice(organisations, 50, 53, 53)
    assert rows == list(organisations)[50:53]
    assert "DESC" in captured.captured_queries[0]["sql"]
    assert "OFFSET" not in captured.captured_queries[0]["sql"]
