"""One bad date cannot break pages: the date range holds on every path in, and the composition's
year-by-year history costs the same queries whatever the span of years (issue 12.4)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.core.dates import MAX_DATE, MIN_DATE, BoundedDateField, in_range
from klynge.core.errors import DomainError
from klynge.members.forms.organisations import MembershipStartForm
from klynge.members.models import Membership
from klynge.members.selectors.composition import composition_get
from klynge.members.services.memberships import membership_start
from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db
ANCIENT = datetime.date(1, 1, 1)


def test_the_range_is_declared_once() -> None:
    assert in_range(MIN_DATE) and in_range(MAX_DATE)
    assert not in_range(ANCIENT) and not in_range(datetime.date(2101, 1, 1))
    assert not in_range(datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC))


def test_the_api_refuses_a_membership_joined_in_year_one(member_cast: Any) -> None:
    organisation = OrganisationFactory()
    response = client_for(member_cast.manager_a).post(
        "/api/v1/clusters/cluster-a/memberships",
        json.dumps({"organisation_id": organisation.pk, "joined_on": "0001-01-01"}),
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert not Membership.objects.filter(organisation=organisation).exists()


def test_the_service_refuses_it_too(member_cast: Any) -> None:
    with pytest.raises(DomainError) as caught:
        membership_start(
            actor=member_cast.manager_a,
            cluster=member_cast.cluster_a,
            organisation=OrganisationFactory(),
            category="member",
            joined_on=ANCIENT,
        )
    assert caught.value.field == "joined_on"


def test_every_saved_klynge_row_is_guarded(member_cast: Any) -> None:
    membership = Membership.objects.filter(cluster=member_cast.cluster_a).first()
    membership.joined_on = datetime.date(2200, 1, 1)
    with pytest.raises(DomainError):
        membership.save()


def test_model_fields_and_forms_validate_the_range(member_cast: Any) -> None:
    field = Membership._meta.get_field("joined_on")
    assert any(v.__name__ == "validate_date_range" for v in field.validators)
    form = MembershipStartForm(data={"category": "member", "joined_on": "0001-01-01"})
    assert not form.is_valid() and "joined_on" in form.errors
    assert isinstance(form.fields["joined_on"], BoundedDateField)


def test_pages_survive_a_membership_stored_in_year_one(member_cast: Any) -> None:
    """A row from before the fix (or written around the checks) no longer breaks the pages."""
    membership = MembershipFactory(cluster=member_cast.cluster_a)
    Membership.objects.filter(pk=membership.pk).update(joined_on=ANCIENT)
    staff = client_for(member_cast.staff_a)
    assert staff.get(reverse("members:composition", args=["cluster-a"])).status_code == 200
    officer = client_for(member_cast.officer)
    response = officer.get(reverse("programme:readiness", args=["cluster-a"]))
    assert response.status_code == 200


def test_composition_queries_do_not_grow_with_the_span_of_years(member_cast: Any) -> None:
    as_of = datetime.date(2025, 6, 30)

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            composition_get(cluster=member_cast.cluster_a, as_of=as_of)
        return len(captured), max(len(q["sql"]) for q in captured.captured_queries)

    short = MembershipFactory(cluster=member_cast.cluster_a, joined_on=datetime.date(2020, 1, 1))
    queries_short, longest_short = measure()
    Membership.objects.filter(pk=short.pk).update(joined_on=datetime.date(1800, 1, 1))
    cache.clear()  # the update skips the services, which invalidate the cached composition
    queries_long, longest_long = measure()
    result = composition_get(cluster=member_cast.cluster_a, as_of=as_of)
    assert result.years[0].year == 1800 and len(result.years) == 226
    assert queries_long == queries_short
    assert longest_long == longest_short  # no column per year
