"""Counts and times every HTTP request by method, route template and status (pure ASGI)."""

import time
from typing import Any

from prometheus_client.metrics import MetricWrapperBase
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.http.shared.request_log import NO_ROUTE, route_template
from entrypoints.observability.metrics import HTTP_DURATION, HTTP_IN_FLIGHT, HTTP_REQUESTS

UNMATCHED = "unmatched"  # every path no route matched: raw paths would be unbounded labels
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
OTHER_METHOD = "OTHER"


class RequestMetrics:
    """Outermost middleware: the route template (the access line's) is read once routing ran.

    Labelled children are kept in a dict of our own: `labels()` takes a lock and checks its
    arguments on every call, which the hot path need not pay.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._counted: dict[tuple[str, str, int], Any] = {}
        self._timed: dict[tuple[str, str], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the server answers if the app raises before responding
        root_path = scope.get("root_path", "")  # as received: a Mount moves it on

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        HTTP_IN_FLIGHT.inc()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_and_note)
        finally:
            elapsed = time.perf_counter() - started
            HTTP_IN_FLIGHT.dec()
            method = scope["method"] if scope["method"] in METHODS else OTHER_METHOD
            route = route_template(scope, root_path)
            if route == NO_ROUTE:
                route = UNMATCHED
            self._child(self._counted, HTTP_REQUESTS, (method, route, status)).inc()
            self._child(self._timed, HTTP_DURATION, (method, route)).observe(elapsed)

    @staticmethod
    def _child(known: dict[Any, Any], metric: MetricWrapperBase, labels: tuple[Any, ...]) -> Any:
        child = known.get(labels)
        if child is None:
            child = known[labels] = metric.labels(*labels)
        return child
