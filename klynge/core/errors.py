"""Domain errors: a rule of the domain refused an operation. Views and the API turn them into 400/409."""

from __future__ import annotations


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
