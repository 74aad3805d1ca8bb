"""Every request gets an id (the client's `X-Request-ID` when sane), echoed on the response,
carried by every log line written while it is handled, and one access line when it ends."""

import logging
import os
import re
import time

from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.http.shared.auth import CALLER_SCOPE_KEY
from entrypoints.logging_setup import fast_logger, request_id

HEADER = "X-Request-ID"
_HEADER_KEY = HEADER.lower().encode()
# Bounded and inert: it is written into logs and echoed in a response header.
_SANE = re.compile(rb"[A-Za-z0-9._-]{1,128}")
NO_ROUTE = "-"

ACCESS_LOGGER = "conduit.access"


def route_template(scope: Scope, root_path: str = "") -> str:
    """The path as routed, e.g. `/api/articles/{slug}`: raw paths would name every article.
    "-" when no route answered: a 404, a CORS preflight, a body refused before routing."""
    route = scope.get("route") or _plain_route(scope, root_path)
    template = getattr(route, "path_format", None)
    return template if isinstance(template, str) else NO_ROUTE


def _plain_route(scope: Scope, root_path: str) -> BaseRoute | None:
    """FastAPI records the route it chose for its API routes only; the OpenAPI document,
    /docs and its assets are plain Starlette routes, matched again here (a Mount has moved
    `root_path` on, so they match against the scope as it was received)."""
    as_received = {**scope, "root_path": root_path}
    for route in getattr(scope.get("app"), "routes", ()):
        if isinstance(route, Route | Mount) and route.matches(as_received)[0] is Match.FULL:
            return route
    return None


def _incoming_id(scope: Scope) -> bytes | None:
    for name, value in scope["headers"]:
        if name == _HEADER_KEY:
            return value if _SANE.fullmatch(value) else None
    return None


class RequestLog:
    """Pure ASGI (no BaseHTTPMiddleware): one wrapped `send`, one log call per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.access_log = fast_logger(ACCESS_LOGGER)  # built with the app, after logging is set

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        root_path = scope.get("root_path", "")
        raw_id = _incoming_id(scope) or os.urandom(16).hex().encode()
        current = raw_id.decode()
        token = request_id.set(current)
        status = 500  # what the server answers if the app raises before starting a response

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (_HEADER_KEY, raw_id)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except BaseException:
            # The id stays set: the error handler and the server report this failure next,
            # in this same task, and their lines belong to this request.
            self._log(scope, root_path, status, started, current)
            raise
        self._log(scope, root_path, status, started, current)
        request_id.reset(token)

    def _log(self, scope: Scope, root_path: str, status: int, started: float, current: str) -> None:
        if not self.access_log.is_enabled_for(logging.INFO):
            return
        fields: dict[str, object] = {
            "method": scope["method"],
            "route": route_template(scope, root_path),
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "request_id": current,
        }
        user = scope.get(CALLER_SCOPE_KEY)
        if user is not None:
            fields["user_id"] = user
        self.access_log.info("request", **fields)
