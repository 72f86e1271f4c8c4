"""The application path through the pages: call, application, attachments, review, decision, PDF."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from klynge.programme.models import Application, Call, Framework
from klynge.programme.services.reviews import evaluator_add
from klynge.projects.models import Project
from tests.factories.programme import CallFactory, ready_project
from tests.factories.projects import ProjectPartnerFactory
from tests.http import client_for

pytestmark = pytest.mark.usefixtures("shipped")


def test_officer_creates_and_publishes_a_call_with_field_errors(cast: Any) -> None:
    client = client_for(cast.officer)
    form = {
        "title": "Pre-projects 2021",
        "kind": "pre_project",
        "opens_at": "2021-03-01T09:00",
        "closes_at": "2021-02-01T09:00",
        "period": "2021",
        "quota_per_cluster": "2",
        "max_public_share": "0.5",
        "reviews_per_application": "2",
    }
    response = client.post("/programme/calls/new/", form)
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"]
    form["closes_at"] = "2021-04-01T12:00"
    response = client.post("/programme/calls/new/", form)
    call = Call.objects.get()
    assert response.status_code == 302 and not call.is_published
    assert client_for(cast.manager_a).get(f"/programme/calls/{call.pk}/").status_code == 404
    client.post(f"/programme/calls/{call.pk}/publish/", {"publish": "1"})
    assert Call.objects.get().is_published


def test_whole_path_through_the_pages(
    cast: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.KLYNGE_PRIVATE_MEDIA_ROOT = str(tmp_path)
    call = CallFactory(
        framework=Framework.objects.get(code="pre-project"), title="Mature pre-projects"
    )
    project = ready_project(cast.cluster_a, title="Flexibility for SMEs")
    manager = client_for(cast.manager_a)

    page = manager.get(f"/programme/calls/{call.pk}/").content.decode()
    assert "Start an application" in page
    response = manager.post(
        f"/programme/calls/{call.pk}/apply/",
        {
            "cluster": cast.cluster_a.pk,
            "project": project.pk,
            "amount_requested": "400000",
            "summary": "Twelve SMEs learn flexibility trading.",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    manager.post(
        f"/programme/applications/{application.pk}/edit/",
        {
            "amount_requested": "450000",
            "summary": "Twelve SMEs.",
            "q_objectives": "SME competence lift",
        },
    )
    manager.post(
        f"/programme/applications/{application.pk}/attachments/new/",
        {"title": "Budget", "file": SimpleUploadedFile("budget.xlsx", b"PK-data")},
    )
    assert application.attachments.count() == 1
    manager.post(f"/programme/applications/{application.pk}/do/submit/")
    application.refresh_from_db()
    assert application.status == "submitted" and application.amount_requested == 450_000
    assert Project.objects.get(pk=project.pk).status == "applied"

    officer = client_for(cast.officer)
    officer.post(f"/programme/applications/{application.pk}/do/start_review/")
    evaluators = [
        evaluator_add(actor=cast.officer, email=f"ev{i}@example.org").user for i in (1, 2)
    ]
    partner = ProjectPartnerFactory(project=project)
    from tests.factories.members import PersonFactory

    PersonFactory(user=evaluators[1], organisation=partner.organisation)
    page = officer.get(f"/programme/applications/{application.pk}/assign/").content.decode()
    assert "⚠" in page and partner.organisation.name in page
    for user in evaluators:
        officer.post(f"/programme/applications/{application.pk}/assign/", {"evaluator": user.pk})
    criteria = list(call.framework.criteria.order_by("position"))
    for index, user in enumerate(evaluators):
        client = client_for(user)
        assignment = application.assignments.get(evaluator=user)
        note = "Different department, no stake." if index else ""
        client.post(
            f"/programme/reviews/{assignment.pk}/",
            {"declare": "1", "has_conflict": "no", "note": note},
        )
        form = {"submit": "1", "recommendation": "fund", "comment": "Good"}
        form |= {f"score_{c.pk}": str(5 + index) for c in criteria}
        response = client.post(f"/programme/reviews/{assignment.pk}/", form)
        assert response.status_code == 302, response.content.decode()[:2000]
    detail = (
        client_for(evaluators[0]).get(f"/programme/applications/{application.pk}/").content.decode()
    )
    assert "Review summary" in detail and "Average total 22 of 28" in detail

    pdf = officer.get(f"/programme/calls/{call.pk}/decision-pack/")
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Flexibility for SMEs" in text and "Recommend funding." in text
    assert "450 000" in text or "450,000" in text

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            f"/programme/applications/{application.pk}/decision/",
            {
                "decision": "approve",
                "granted_amount": "400000",
                "conditions": "Report in six months",
            },
        )
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).status == "approved"
    assert [m.to for m in mail.outbox] == [["manager-a@example.org"]]
    page = manager.get(f"/programme/applications/{application.pk}/").content.decode()
    assert "Approved: NOK\u00a0400" in page and "Report in six months" in page
    assert "Review summary" not in page  # applicants see the decision, not the scores


def test_decision_form_errors_are_field_errors(cast: Any) -> None:
    call = CallFactory()
    application = Application.objects.create(
        call=call,
        cluster=cast.cluster_a,
        project=ready_project(cast.cluster_a),
        amount_requested=1000,
    )
    client_for(cast.manager_a).post(f"/programme/applications/{application.pk}/do/submit/")
    response = client_for(cast.officer).post(
        f"/programme/applications/{application.pk}/decision/", {"decision": "reject"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reasons"]


def test_a_call_without_a_fitting_project_leads_to_creating_one_and_back(cast: Any) -> None:
    """Applying with no fitting project links to a new project of the call's kind (planned), and
    creating it comes back to the application form with the project chosen."""
    call = CallFactory(framework=Framework.objects.get(code="pre-project"), title="Pre 2021")
    manager = client_for(cast.manager_a)
    apply_url = f"/programme/calls/{call.pk}/apply/"
    page = manager.get(apply_url)
    html = page.content.decode()
    assert "create it first" in html and 'data-testid="new-project-links"' in html
    [(cluster, link)] = page.context["new_project_links"]
    assert cluster == cast.cluster_a
    form_page = manager.get(link)
    assert form_page.status_code == 200
    initial = form_page.context["form"].initial
    assert initial["kind"] == "pre_project" and initial["status"] == "planned"
    created = manager.post(
        link, {"title": "Flex for SMEs", "kind": "pre_project", "status": "planned"}
    )
    project = Project.objects.get(title="Flex for SMEs")
    assert created.status_code == 302
    assert created["Location"] == f"{apply_url}?project={project.pk}"
    back = manager.get(created["Location"])
    assert back.context["form"].initial["project"] == project.pk
    assert "create it first" not in back.content.decode()


def test_the_project_form_returns_only_to_pages_of_this_site(cast: Any) -> None:
    manager = client_for(cast.manager_a)
    url = f"/clusters/{cast.cluster_a.slug}/projects/new/?next=https://elsewhere.example/"
    response = manager.post(url, {"title": "Stay", "kind": "collaboration", "status": "idea"})
    assert response["Location"] == Project.objects.get(title="Stay").get_absolute_url()
