"""Schema pieces every context's routes share: timestamps, the error body, request models."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

from entrypoints.http.shared.rendering import stamp

Timestamp = Annotated[
    datetime,
    PlainSerializer(stamp, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def _storable(value: str) -> str:
    """Refuse what no database column can hold: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


NO_NUL = "^[^\\x00]*$"
NOT_BLANK = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"


def documented(pattern: str = NO_NUL, **constraints: int) -> WithJsonSchema:
    """The schema a string field documents: the rules the domain enforces, stated up front,
    so a client (or schemathesis) knows which strings will be accepted."""
    return WithJsonSchema({"type": "string", "pattern": pattern, **constraints})


Text = Annotated[str, AfterValidator(_storable), documented()]
"""Every string that comes in (body, path, query) is `Text`, so it can be stored and queried."""


class RequestModel(BaseModel):
    """Base of request bodies: unknown keys are ignored, as RealWorld clients send extras."""

    model_config = ConfigDict(extra="ignore")


class ResponseModel(BaseModel):
    """Base of response bodies: documentation and the conformance test's yardstick.

    Responses are rendered by entrypoints/http/shared/rendering.py; `extra="forbid"` makes the
    document say no other key is ever sent.
    """

    model_config = ConfigDict(extra="forbid")


class Profile(ResponseModel):
    """The API's profile object, shared by profiles, articles (author) and comments (author)."""

    username: str
    bio: str | None
    image: str | None
    following: bool


class ErrorBody(ResponseModel):
    """{"errors": {"<field or resource>": ["<message>", ...]}}"""

    errors: dict[str, list[str]]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an operation can answer with.

    413 and 503 are on every operation: any request whose body is over the size limit gets
    413, and every operation needs the database, which may be unavailable (503).
    """
    descriptions = {
        401: "Token missing or invalid",
        403: "Not the author",
        404: "Not found",
        409: "Already taken",
        413: "Request body too large",
        422: "Invalid input",
        503: "Database unavailable: try again after `Retry-After` seconds",
    }
    responses: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorBody, "description": descriptions[status]}
        for status in sorted({*statuses, 413, 503})
    }
    responses[503]["headers"] = {"Retry-After": RETRY_AFTER_HEADER}
    return responses


RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before trying again",
    "schema": {"type": "integer", "minimum": 0},
    "required": True,
}
