"""Every error leaves as {"errors": {key: [messages]}}; this module decides key and message."""

import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from application.shared.unavailable import Unavailable
from domain.shared.errors import (
    AlreadyTaken,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)
from domain.shared.text import BLANK
from entrypoints.http.shared.request_log import HEADER as REQUEST_ID_HEADER
from entrypoints.http.shared.unavailable import OutageLog
from entrypoints.logging_setup import request_id

log = logging.getLogger("conduit.http")

RETRY_AFTER_SECONDS = 1  # a restart takes seconds; the pools reconnect on the next request
UNAVAILABLE = "unavailable, try again shortly"


def error_response(
    status: int, errors: Mapping[str, Sequence[str]], **headers: str
) -> JSONResponse:
    return JSONResponse(
        {"errors": {key: list(messages) for key, messages in errors.items()}},
        status_code=status,
        headers=headers or None,
    )


async def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    match error:
        case InvalidInput():
            return error_response(422, error.errors)
        case Unauthenticated():
            return error_response(401, {error.key: [error.message]})
        case NotFound():
            return error_response(404, {error.resource: ["not found"]})
        case Forbidden():
            return error_response(403, {error.resource: ["forbidden"]})
        case AlreadyTaken():
            return error_response(409, {error.field: ["has already been taken"]})
    log.error("unmapped domain error %r", error)
    return error_response(500, {"server": ["internal error"]})


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return error_response(422, validation_messages(error.errors()))


_STATUS_KEYS = {
    404: ("path", "not found"),
    405: ("method", "not allowed"),
    413: ("body", "is too large"),
}


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    if error.status_code == 400:
        # FastAPI's answer to a body it could not decode (bad UTF-8, nesting too deep, ...).
        return error_response(422, {"body": ["is not valid JSON"]})
    key, message = _STATUS_KEYS.get(error.status_code, ("request", str(error.detail).lower()))
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return error_response(error.status_code, {key: [message]}, **headers)


def _allowed_methods(request: Request) -> list[str]:
    """The methods the API documents for this path, under its most literal matching template.

    `/api/articles/feed` also fits `/api/articles/{slug}`, but names the feed (no slug is
    `feed`): the template with the fewest parameters wins. Runs only when answering a 405.
    """
    path = request.scope["path"].removeprefix(request.scope.get("root_path", ""))
    fitting = [
        (parameters, methods)
        for pattern, parameters, methods in _documented_paths(request.app)
        if pattern.fullmatch(path)
    ]
    return sorted(min(fitting)[1]) if fitting else []


def _documented_paths(app: FastAPI) -> list[tuple[re.Pattern[str], int, frozenset[str]]]:
    paths: list[tuple[re.Pattern[str], int, frozenset[str]]] | None = getattr(
        app.state, "documented_paths", None
    )
    if paths is None:
        paths = app.state.documented_paths = [
            (
                re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template))),
                template.count("{"),
                frozenset(method.upper() for method in item),
            )
            for template, item in app.openapi()["paths"].items()
        ]
    return paths


def _unavailable(outages: OutageLog) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def answer(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, Unavailable)
        outages.refused(f"{request.method} {request.url.path}", error)
        return error_response(
            503, {error.resource: [UNAVAILABLE]}, **{"Retry-After": str(RETRY_AFTER_SECONDS)}
        )

    return answer


async def _unexpected_error(_request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=error)
    # Starlette answers this one outside every middleware: the request log cannot add its id.
    current = request_id.get()
    headers = {REQUEST_ID_HEADER: current} if current else {}
    return error_response(500, {"server": ["internal error"]}, **headers)


def install_error_handlers(app: FastAPI) -> None:
    # Handlers are coroutines: Starlette would run plain functions in a worker thread.
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    # Registered for its class, not as a 500, so Starlette keeps the connection open.
    app.add_exception_handler(Unavailable, _unavailable(OutageLog()))
    app.add_exception_handler(Exception, _unexpected_error)


def validation_messages(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Pydantic's errors as {field: [message]}: the field is the innermost named location."""
    result: dict[str, list[str]] = {}
    for error in errors:
        key, message = _describe(error)
        messages = result.setdefault(key, [])
        if message not in messages:
            messages.append(message)
    return result


def _describe(error: Mapping[str, Any]) -> tuple[str, str]:
    names = [part for part in error.get("loc", ()) if isinstance(part, str)]
    key = names[-1] if len(names) > 1 else "body"
    kind = error.get("type", "")
    if kind == "json_invalid":
        return "body", "is not valid JSON"
    if kind == "missing" or (kind == "string_type" and error.get("input") is None):
        return key, BLANK
    messages = {
        "string_type": "must be a string",
        "list_type": "must be a list",
        "model_attributes_type": "must be an object",
        "dict_type": "must be an object",
        "model_type": "must be an object",
        "int_parsing": "must be an integer",
        "int_type": "must be an integer",
        "int_from_float": "must be an integer",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
    }
    if kind in messages:
        return key, messages[kind]
    bounds = {
        "greater_than_equal": "must be at least {ge}",
        "less_than_equal": "must be at most {le}",
        "greater_than": "must be greater than {gt}",
        "less_than": "must be less than {lt}",
    }
    if kind in bounds:
        return key, bounds[kind].format(**error.get("ctx", {}))
    text = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
    return key, text[0].lower() + text[1:] if text else "is invalid"
