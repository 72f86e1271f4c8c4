"""One error format for the API: {"detail": message, "code": code, "field": field}."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from klynge.core.errors import DomainError


def install_error_handlers(api: NinjaAPI) -> None:
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(
            request,
            {"detail": exc.message, "code": exc.code, "field": exc.field},
            status=exc.status_code,
        )

    def permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(
            request,
            {
                "detail": "You do not have permission to do this.",
                "code": "forbidden",
                "field": None,
            },
            status=403,
        )

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(
            request, {"detail": "Not found.", "code": "not_found", "field": None}, status=404
        )

    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(
            request,
            {"detail": "Authentication required.", "code": "unauthenticated", "field": None},
            status=401,
        )

    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(PermissionDenied, permission_denied)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ObjectDoesNotExist, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
