"""The one error format: a refusal is `{"detail": message, "code": code, "field": field}`.

Domain errors (a rule of the domain refused an operation) become 400/409, invalid input 422. The API
(`klynge/api/v1/errors.py`) answers with the body as JSON; pages render `error.html` with the same three
values (the handlers below, and `DomainErrorMiddleware` for a refusal a view did not put on a form).

Only the lookup of the requested object becomes 404: wrap it in `requested(Model, ...)` or use
`get_object_or_404`. Any other `DoesNotExist` is a bug and surfaces as one (500, and an error in tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


class DomainError(Exception):
    """A business rule was broken. `code` is stable for API clients; `field` names the input at fault."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class ConflictError(DomainError):
    """The request conflicts with the current state (already exists, capacity taken, stale)."""

    status_code = 409

    def __init__(self, message: str, *, code: str = "conflict", field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)


class InvalidInput(DomainError):
    """The input cannot be read as asked (out of range, unknown reference): 422, like validation."""

    status_code = 422


class NotFound(DomainError):
    """The requested thing (a page of a list, say) does not exist: 404, with the field that named it."""

    status_code = 404

    def __init__(self, message: str, *, code: str = "not_found", field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)


def error_body(detail: Any, code: str, field: str | None = None) -> dict[str, Any]:
    """The one error body."""
    return {"detail": str(detail), "code": code, "field": field}


def domain_error_body(error: DomainError) -> dict[str, Any]:
    return error_body(error.message, error.code, error.field)


@contextmanager
def requested(*models: type[Model]) -> Iterator[None]:
    """Inside, a missing row of one of `models` (the object the request names) is a 404."""
    missing: tuple[type[ObjectDoesNotExist], ...] = tuple(
        model.DoesNotExist  # type: ignore[attr-defined]  # set on every concrete model by its metaclass
        for model in models
    )
    try:
        yield
    except missing as exc:
        raise Http404(str(exc)) from exc


def referenced(model: type[Model] | Any, *, field: str, **lookup: Any) -> Any:
    """The row an input field refers to, or a 422 naming that field (it is not the requested object)."""
    queryset = (
        model._default_manager.all()
        if isinstance(model, type) and issubclass(model, Model)
        else model
    )
    found = queryset.filter(**lookup).first()
    if found is None:
        raise InvalidInput(_("No such object."), code="unknown", field=field)
    return found


# Pages -------------------------------------------------------------------------------------------


def _titles() -> dict[int, tuple[str, str, str]]:
    return {
        400: ("bad_request", _("Not possible"), _("The request could not be carried out.")),
        403: (
            "forbidden",
            _("Not allowed"),
            _("Your role does not allow this. Ask a cluster manager if you think it should."),
        ),
        404: (
            "not_found",
            _("Page not found"),
            _("The page you asked for does not exist or is not visible to you."),
        ),
        409: ("conflict", _("Not possible"), _("The request conflicts with the current state.")),
        422: ("invalid", _("Not possible"), _("The request could not be carried out.")),
        429: (
            "rate_limited",
            _("Too many attempts"),
            _("Too many attempts. Wait a little and try again."),
        ),
    }


def error_response(
    request: HttpRequest,
    status: int,
    *,
    detail: str | None = None,
    code: str | None = None,
    field: str | None = None,
) -> HttpResponse:
    """The error page (or, under /api/, the JSON body) for `status`."""
    default_code, title, default_detail = _titles().get(status, _titles()[400])
    body = error_body(detail or default_detail, code or default_code, field)
    if request.path.startswith(API_PREFIX):
        return JsonResponse(body, status=status)
    return render(request, "error.html", {"title": title, **body}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body("Server error.", "server_error"), status=500)
    return defaults.server_error(request)


class DomainErrorMiddleware:
    """A DomainError a view did not catch becomes its 400/409/422 page instead of a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return error_response(
                request,
                exception.status_code,
                detail=exception.message,
                code=exception.code,
                field=exception.field,
            )
        return None
