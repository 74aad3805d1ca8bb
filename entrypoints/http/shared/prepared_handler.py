"""A route's request handler prepared once, for routes that need nothing of FastAPI's
per-request dependency solving but its parameter validation.

FastAPI solves a route's dependencies anew on every request: a recursive walk over the
declared tree, four parameter sources per dependency, a cache, override lookups, telemetry
operations. Our read routes take only path and query parameters, the caller and a use case,
and return a finished Response; for them that walk and the handler around it cost 60-70 us
of a 300-600 us request in-process (bench/RESULTS.md). Prepared here, a handler calls the
same dependency functions in the same order and validates the same parameters with FastAPI's
own `request_params_to_args`, so answers and 422s are the same; any route it cannot prepare
keeps FastAPI's handler. What FastAPI's telemetry adds inside its handler (operation spans,
the validation-failure log event, `TelemetryData`) is not produced here: Conduit switches
those off (entrypoints/observability/tracing.py); its request spans are made outside the
handler and are unchanged. The endpoint's `-> Response` is trusted, as mypy checks it.
"""

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import request_params_to_args
from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import Response

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
Step = tuple[str, Callable[..., Awaitable[Any]], str]  # (parameter, dependency, its request's name)


def prepared_handler(dependant: Dependant) -> Handler | None:
    """A handler for `dependant`, or None where FastAPI's own must run (a body, headers or
    cookies to read, a dependency that is not one coroutine taking only the request, an
    endpoint that does not return a Response)."""
    endpoint = dependant.call
    if not _plain(dependant) or endpoint is None or not _answers_itself(endpoint):
        return None
    steps: list[Step] = []
    for sub in dependant.dependencies:
        call = sub.call
        if (
            sub.name is None
            or sub.request_param_name is None
            or sub.dependencies
            or sub.path_params
            or sub.query_params
            or not _plain(sub)
            or not inspect.iscoroutinefunction(call)
            or any(call is step[1] for step in steps)  # FastAPI would call it once: keep it
        ):
            return None
        steps.append((sub.name, call, sub.request_param_name))
    path_params, query_params = dependant.path_params, dependant.query_params
    own_request = dependant.request_param_name

    async def handler(request: Request) -> Response:
        values: dict[str, Any] = {} if own_request is None else {own_request: request}
        for name, call, request_name in steps:
            values[name] = await call(**{request_name: request})
        errors: list[Any] = []
        if path_params:
            found, wrong = request_params_to_args(path_params, request.path_params)
            values.update(found)
            errors += wrong
        if query_params:
            found, wrong = request_params_to_args(query_params, request.query_params)
            values.update(found)
            errors += wrong
        if errors:
            raise RequestValidationError(errors)
        response: Response = await endpoint(**values)
        return response

    return handler


def _plain(dependant: Dependant) -> bool:
    """Nothing to read but the path and the query string, nothing special to pass in."""
    return not (
        dependant.body_params
        or dependant.header_params
        or dependant.cookie_params
        or dependant.http_connection_param_name
        or dependant.websocket_param_name
        or dependant.background_tasks_param_name
        or dependant.response_param_name
        or dependant.security_scopes_param_name
        or dependant.own_oauth_scopes
        or dependant.concurrency is not None
    )


def _answers_itself(endpoint: Callable[..., Any]) -> bool:
    """A coroutine declared to return a Response: nothing to serialize or validate after it."""
    returns = inspect.signature(endpoint).return_annotation
    return (
        inspect.iscoroutinefunction(endpoint)
        and inspect.isclass(returns)
        and issubclass(returns, Response)
    )
