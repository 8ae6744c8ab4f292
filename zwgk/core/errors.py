"""Domain errors with stable codes: the API maps them to 4xx JSON, the UI to messages."""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class ValidationFailed(DomainError):
    status = 400
    code = "validation_failed"


class NotPermitted(DomainError):
    status = 403
    code = "permission_denied"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"


class Unavailable(DomainError):
    """The platform cannot serve this now (database down, disk full); the request may be retried."""

    status = 503
    code = "service_unavailable"


class StorageFull(Unavailable):
    code = "storage_full"


class OutOfOrder(ValidationFailed):
    """A date that breaks the order of a record's events, or lies in the future (API.md: 422,
    the message naming both dates)."""

    status = 422
    code = "date_out_of_order"
