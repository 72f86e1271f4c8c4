"""The composition page: who may see it, the as-of picker, charts with tables, eligibility, exports."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories.members import MembershipFactory, OrganisationFactory
from tests.http import client_for

pytestmark = pytest.mark.django_db
D = datetime.date


def url(cluster: Any, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("members:composition", args=[cluster.slug]) + (f"?{query}" if query else "")


@pytest.fixture
def populated(member_cast: Any) -> Any:
    """Cluster A: org_a and org_b (SME members since 2015) plus a university partner from 2018 that
    left in 2021 and a Swedish associate since 2020."""
    cluster = member_cast.cluster_a
    university = OrganisationFactory(name="Uni", kind="university", employees=None, county="Oslo")
    MembershipFactory(
        cluster=cluster,
        organisation=university,
        category="partner",
        joined_on=D(2018, 3, 1),
        left_on=D(2021, 6, 1),
    )
    swede = OrganisationFactory(name="Svensk AB", country="SE", org_number=None, county="")
    MembershipFactory(
        cluster=cluster, organisation=swede, category="associate", joined_on=D(2020, 1, 1)
    )
    return member_cast


ROLE_STATUS = {
    "anonymous": 302,
    "contact_a": 403,
    "contact_b": 403,
    "staff_b": 403,
    "staff_a": 200,
    "manager_a": 200,
    "officer": 200,
    "superuser": 200,
}


@pytest.mark.parametrize(("role", "status"), list(ROLE_STATUS.items()))
def test_who_may_see_the_composition(populated: Any, role: str, status: int) -> None:
    response = client_for(populated.user(role)).get(url(populated.cluster_a))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_cluster_is_404(populated: Any) -> None:
    assert client_for(populated.superuser).get("/clusters/nope/composition/").status_code == 404


def test_page_as_of_a_date_shows_every_chart_with_its_numbers(
    populated: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(populated.staff_a)
    with django_assert_max_num_queries(16):
        response = client.get(url(populated.cluster_a, as_of="2019-12-31"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2019-12-31"' in html
    keys = re.findall(r'data-testid="chart-([a-z-]+)"', html)
    assert keys == ["member-type", "kind", "size", "nace", "county", "origin", "flows", "retention"]
    assert html.count('<svg role="img"') == 8
    assert "Estimated from headcount" in html
    # Three members on 31 Dec 2019: org_a, org_b (members) and the university (partner).
    summary = html[html.index('data-testid="summary"') :]
    assert re.search(r'Members in total</dt><dd class="num">3</dd>', summary)
    flows = html[html.index('data-testid="chart-flows"') :]
    assert re.search(
        r'<th scope="row">2018</th><td class="num">1</td><td class="num">0</td>'
        r'<td class="num">3</td>',
        flows,
    )
    assert "2020" not in flows.split("</figure>")[0]  # nothing after the as-of year


def test_eligibility_box_fails_and_says_what_is_missing(populated: Any) -> None:
    html = client_for(populated.staff_a).get(url(populated.cluster_a)).content.decode()
    box = html[html.index('data-testid="eligibility"') :]
    assert 'class="badge bad"' in box
    assert "2 of at least 15" in box  # org_a, org_b; the university left, the Swede is an associate
    assert "13 more committed members" in box and "1 more member type" in box


@override_settings(KLYNGE_ELIGIBILITY_MIN_MEMBERS=3)
def test_eligibility_box_passes(populated: Any) -> None:
    html = client_for(populated.staff_a).get(url(populated.cluster_a, as_of="2019-12-31")).content
    box = html.decode()[html.decode().index('data-testid="eligibility"') :]
    assert 'class="badge ok"' in box and "Industry, Research and education" in box


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2019-13-45", "Enter a date as YYYY-MM-DD"),
        ("yesterday", "Enter a date as YYYY-MM-DD"),
        ("1799-12-31", "Choose a date between 1800 and 2100"),
        ("2500-01-01", "Choose a date between 1800 and 2100"),
    ],
)
def test_bad_dates_give_a_field_error_not_a_500(populated: Any, value: str, message: str) -> None:
    response = client_for(populated.staff_a).get(url(populated.cluster_a, as_of=value))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error" role="alert"' in html and message in html
    assert "Showing today" in html and "Members today" in html


def test_empty_cluster_says_what_to_do_next(cast: Any) -> None:
    html = client_for(cast.manager_a).get(url(cast.cluster_a)).content.decode()
    assert 'data-testid="empty"' in html and "<svg" not in html
    assert 'href="/clusters/cluster-a/members/"' in html
    assert 'href="/clusters/cluster-a/members/import/"' in html


def test_date_before_anyone_joined(populated: Any) -> None:
    html = client_for(populated.officer).get(url(populated.cluster_a, as_of="2010-06-01")).content
    html = html.decode()
    assert 'data-testid="no-members-on-date"' in html and "<svg" not in html


def test_export_csv_has_the_numbers_behind_the_charts(populated: Any) -> None:
    response = client_for(populated.officer).get(
        url(populated.cluster_a, as_of="2019-12-31", export="csv")
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "cluster-a-composition-2019-12-31.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Breakdown,Group,Measure,Value"
    assert "Members in total,,Members,3" in lines
    assert "Members by member type (triple helix),Industry,Members,2" in lines
    assert "Joined and left per year,2018,Joined,1" in lines
    assert "Eligibility,,Committed members,3" in lines


def test_export_xlsx(populated: Any) -> None:
    response = client_for(populated.staff_a).get(url(populated.cluster_a, export="xlsx"))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_current_year_is_marked_year_to_date(populated: Any) -> None:
    html = client_for(populated.staff_a).get(url(populated.cluster_a, as_of="2021-06-30")).content
    assert "2021*" in html.decode() and "* year to date" in html.decode()


def test_picker_shows_the_date_in_use(populated: Any) -> None:
    from django.utils import timezone

    html = client_for(populated.staff_a).get(url(populated.cluster_a)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html and "Members today" in html
