"""Certificates: download the PDF (logged in, or by the personal link) and verify a number."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _

from klynge.core.permissions import require

from ..certificates import certificate_filename, certificate_pdf
from ..models import Enrolment
from ..permissions import can_download_certificate
from ..selectors.enrolments import certificate_get
from .helpers import enrolment_or_404


def _pdf(enrolment: Enrolment) -> HttpResponse:
    if enrolment.status != Enrolment.Status.COMPLETED or enrolment.person.anonymised_at:
        raise Http404(_("There is no certificate for this enrolment."))
    response = HttpResponse(certificate_pdf(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(enrolment)}"'
    return response


@login_required
def certificate(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = enrolment_or_404(enrolment_id)
    require(can_download_certificate, request.user, enrolment)
    return _pdf(enrolment)


def certificate_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """From the completion mail: the secret link is the permission."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course", "course__cluster", "course__provider", "person"),
        token=token,
    )
    return _pdf(enrolment)


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding a certificate can check it: name, course, date and credits, nothing more."""
    enrolment = certificate_get(code=code.strip().upper())
    valid = enrolment is not None and enrolment.person.anonymised_at is None
    return render(
        request,
        "learning/certificate_verify.html",
        {"enrolment": enrolment if valid else None, "code": code},
        status=200 if valid else 404,
    )


urlpatterns = [
    path("courses/enrolments/<int:enrolment_id>/certificate.pdf", certificate, name="certificate"),
    path(
        "courses/e/<str:token>/certificate.pdf", certificate_by_token, name="certificate_by_token"
    ),
    path("courses/certificates/<str:code>/", certificate_verify, name="certificate_verify"),
]
