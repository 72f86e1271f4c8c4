"""Pages for levels and labels: who may open and change what, forms with field errors, badges."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from klynge.programme.models import CertificationLabel, ClusterStatus, Level
from tests.factories.clusters import ClusterFactory
from tests.factories.programme import CertificationLabelFactory, ClusterStatusFactory
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")


# role -> expected status code of the cluster A programme page
PAGE = {
    "anonymous": 302,
    "contact_a": 403,
    "staff_b": 403,
    "staff_a": 200,
    "manager_a": 200,
    "officer": 200,
    "superuser": 200,
}


@pytest.mark.parametrize(("role", "expected"), PAGE.items())
def test_cluster_programme_page_by_role(member_cast: Any, role: str, expected: int) -> None:
    response = client_for(member_cast.user(role)).get(
        f"/programme/clusters/{member_cast.cluster_a.slug}/"
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("contact_a", 403),
        ("manager_a", 403),
        ("staff_b", 403),
        ("officer", 200),
    ],
)
def test_only_officers_record_levels(member_cast: Any, role: str, expected: int) -> None:
    url = f"/programme/clusters/{member_cast.cluster_a.slug}/levels/new/"
    assert client_for(member_cast.user(role)).get(url).status_code == expected


def test_officer_records_a_level_and_sees_it_in_the_history(cast: Any) -> None:
    client = client_for(cast.officer)
    nce = Level.objects.get(code="nce")
    response = client.post(
        f"/programme/clusters/{cast.cluster_a.slug}/levels/new/",
        {"level": nce.pk, "starts_on": "2009-01-01", "decision_reference": "NCE-2009"},
    )
    assert response.status_code == 302
    page = client.get(f"/programme/clusters/{cast.cluster_a.slug}/").content.decode()
    assert "NCE-2009" in page and "current" in page


def test_overlap_comes_back_as_a_field_error_not_a_500(cast: Any) -> None:
    ClusterStatusFactory(cluster=cast.cluster_a, starts_on=datetime.date(2014, 1, 1))
    response = client_for(cast.officer).post(
        f"/programme/clusters/{cast.cluster_a.slug}/levels/new/",
        {
            "level": Level.objects.get(code="arena").pk,
            "starts_on": "2012-01-01",
            "ends_on": "2015-01-01",
        },
    )
    assert response.status_code == 200
    assert "overlaps" in response.context["form"].errors["starts_on"][0]
    assert ClusterStatus.objects.count() == 1


def test_label_form_with_evidence_and_default_validity(
    cast: Any, settings: Any, tmp_path: Any
) -> None:
    settings.KLYNGE_PRIVATE_MEDIA_ROOT = str(tmp_path)
    response = client_for(cast.officer).post(
        f"/programme/clusters/{cast.cluster_a.slug}/labels/new/",
        {
            "grade": "gold",
            "awarded_on": "2019-06-01",
            "score_percent": "96",
            "assessor": "ESCA",
            "evidence": SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content
    label = CertificationLabel.objects.get()
    assert label.valid_until == datetime.date(2021, 5, 31)
    assert label.evidence.name.startswith("labels/")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("contact_a", 403), ("staff_b", 403), ("staff_a", 200), ("officer", 200)],
)
def test_label_evidence_download_by_role(
    member_cast: Any, settings: Any, tmp_path: Any, role: str, expected: int
) -> None:
    settings.KLYNGE_PRIVATE_MEDIA_ROOT = str(tmp_path)
    label = CertificationLabelFactory(cluster=member_cast.cluster_a)
    label.evidence.save("report.pdf", SimpleUploadedFile("report.pdf", b"%PDF-1.4 secret"))
    response = client_for(member_cast.user(role)).get(f"/programme/labels/{label.pk}/evidence/")
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"


@pytest.mark.parametrize(
    ("role", "expected"), [("manager_a", 403), ("officer", 200), ("anonymous", 302)]
)
def test_labels_list_and_portfolio_are_for_officers(
    member_cast: Any, role: str, expected: int
) -> None:
    client = client_for(member_cast.user(role))
    assert client.get("/programme/labels/").status_code == expected
    assert client.get("/programme/portfolio/").status_code == expected


def test_labels_export_neutralises_formulas(cast: Any) -> None:
    CertificationLabelFactory(cluster=cast.cluster_a, assessor="=HYPERLINK(1)")
    response = client_for(cast.officer).get("/programme/labels/?export=csv")
    assert response.status_code == 200
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_badges_for_a_list_take_two_queries(django_assert_max_num_queries: Any) -> None:
    clusters = ClusterFactory.create_batch(10)
    for cluster in clusters:
        ClusterStatusFactory(cluster=cluster)
        CertificationLabelFactory(cluster=cluster, awarded_on=datetime.date.today())
    template = Template(
        "{% load programme_tags %}{% programme_badges clusters as badges %}"
        "{% for c in clusters %}{% level_badge c badges %}{% endfor %}"
    )
    with django_assert_max_num_queries(2):
        html = template.render(Context({"clusters": clusters}))
    assert html.count('data-testid="level-badge"') == 10
    assert html.count("Gold label") == 10
