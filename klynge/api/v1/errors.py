"""One error format for the API: {"detail": message, "code": code, "field": field}.

Every refusal the API gives goes through these handlers, 422 validation errors included. Only Http404
(raised by `get_object_or_404` or `klynge.core.errors.requested` around the lookup of the requested
object) becomes a 404; any other `DoesNotExist` is a bug and stays a server error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from klynge.core.errors import DomainError, domain_error_body, error_body

if TYPE_CHECKING:
    from ninja.main import ExcHandler

E = TypeVar("E", bound=Exception)

# Where ninja puts the input in a validation error's location; not part of the field name.
_LOCATION_PARTS = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "throttled",
}


class ErrorOut(Schema):
    """Every 4xx body of the API."""

    detail: str
    code: str
    field: str | None


def validation_field(location: Any) -> str | None:
    """("body", "payload", "items", 0, "name") -> "items.0.name"; None for the input as a whole."""
    parts = [str(part) for part in location or () if str(part) not in _LOCATION_PARTS]
    return ".".join(parts) or None


def validation_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The first problem of a validation error, in the one format (one field at a time)."""
    first = errors[0] if errors else {}
    field = validation_field(first.get("loc"))
    message = str(first.get("msg") or "Invalid input.").removeprefix("Value error, ")
    if len(errors) > 1:
        message = f"{message} (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return error_body(message, "invalid", field)


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, domain_error_body(exc), exc.status_code)

    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, validation_body(list(exc.errors)), 422)

    def permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        body = error_body("You do not have permission to do this.", "forbidden")
        return respond(request, body, 403)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, error_body("Not found.", "not_found"), 404)

    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, error_body("Authentication required.", "unauthenticated"), 401)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = HTTP_CODES.get(exc.status_code, "error")
        return respond(request, error_body(exc.message, code), exc.status_code)

    _handle(api, DomainError, domain_error)
    _handle(api, ValidationError, validation_error)
    _handle(api, PermissionDenied, permission_denied)
    _handle(api, Http404, not_found)
    _handle(api, AuthenticationError, unauthenticated)
    _handle(api, HttpError, http_error)


def _handle(
    api: NinjaAPI, kind: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    """Answer `kind` with `handler`. Ninja calls a handler with the exception raised; its type hint
    (`ExcHandler`) also allows the exception class, which it never passes, so it is cast here."""
    api.add_exception_handler(kind, cast("ExcHandler[E]", handler))
