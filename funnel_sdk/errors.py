"""Errors the SDK raises. Catch ``ReassureError`` for all of them.

ReassureError
├── TokenRequired       an admin call without a token (raised before any request)
├── ConnectionFailed    the API could not be reached, or did not answer in time
└── ApiError            the API answered with an error (status, code, message, fields)
    ├── AuthError       401 / 403: the token is missing or wrong for this site
    ├── NotFound        404: no such site (or resource)
    └── InvalidRequest  400 / 413 / 415 / 422: the request itself is wrong; see .fields
"""

from __future__ import annotations

from dataclasses import dataclass


class ReassureError(Exception):
    """Base of every error this SDK raises."""


class TokenRequired(ReassureError):
    """An admin call was made by a client built without a token. No request was sent."""


class ConnectionFailed(ReassureError):
    """Transport failure: refused connection, DNS failure, TLS error, timeout, cut response."""


@dataclass(frozen=True)
class FieldError:
    """One wrong field, named by its path in the request (e.g. ``mentions[3].text``)."""

    field: str
    message: str


class ApiError(ReassureError):
    """The API answered with an error status."""

    def __init__(
        self, status: int, code: str, message: str, fields: tuple[FieldError, ...] = ()
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.fields = tuple(fields)
        detail = "; ".join(f"{f.field}: {f.message}" for f in self.fields)
        text = f"{status} {code}: {message}"
        super().__init__(f"{text} ({detail})" if detail and detail != message else text)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.fields)

    def __reduce__(self):  # keep errors picklable (multiprocessing, RQ, logging handlers)
        return (type(self), (self.status, self.code, self.message, self.fields))


class AuthError(ApiError):
    """401 (or 403): the admin token is missing or wrong for this site."""


class NotFound(ApiError):
    """404: the site (or the resource) does not exist."""


class InvalidRequest(ApiError):
    """400 / 413 / 415 / 422: the request is wrong; ``fields`` names each wrong field."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: InvalidRequest,
    401: AuthError,
    403: AuthError,
    404: NotFound,
    413: InvalidRequest,
    415: InvalidRequest,
    422: InvalidRequest,
}


def error_for(
    status: int, code: str, message: str, fields: tuple[FieldError, ...] = ()
) -> ApiError:
    """The most specific ApiError for an HTTP status."""
    return _BY_STATUS.get(status, ApiError)(status, code, message, fields)
