"""Conduit's Prometheus metrics (names and labels: docs/adr/0016) and their exposition.

With several worker processes each one writes its samples to files under
PROMETHEUS_MULTIPROC_DIR (set by `conduit serve` before any worker starts), and a scrape
adds them up; gauges say how (`livesum`: the sum over the processes still running).
"""

import asyncio
import os
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from entrypoints.observability.multiprocess import MULTIPROCESS_DIRECTORY

CONTENT_TYPE = CONTENT_TYPE_LATEST
# From a cached read (under a millisecond) to a request that should have timed out.
SECONDS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "conduit_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "conduit_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response.",
    ["method", "route"],
    buckets=SECONDS,
)
HTTP_IN_FLIGHT = Gauge(
    "conduit_http_requests_in_flight",
    "Requests being handled now.",
    multiprocess_mode="livesum",
)
USE_CASE_CALLS = Counter(
    "conduit_use_case_calls",
    "Use-case calls, by bounded context and use case.",
    ["context", "use_case"],
)
USE_CASE_ERRORS = Counter(
    "conduit_use_case_errors",
    "Use-case calls that raised, by the error's class (NotFound, InvalidInput, ...).",
    ["context", "use_case", "error"],
)
USE_CASE_DURATION = Histogram(
    "conduit_use_case_duration_seconds",
    "Time a use case took, errors included.",
    ["context", "use_case"],
    buckets=SECONDS,
)
POOL_IN_USE = Gauge(
    "conduit_db_pool_connections_in_use",
    "Database connections lent out, by pool (units_of_work, reads).",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_WAITING = Gauge(
    "conduit_db_pool_waiting",
    "Callers waiting for a database connection, by pool.",
    ["pool"],
    multiprocess_mode="livesum",
)

EVENTS_DELIVERED = Counter(
    "conduit_event_publications_delivered",
    "Publications delivered to their after-commit subscriber, by subscriber.",
    ["subscriber"],
)
EVENTS_FAILED = Counter(
    "conduit_event_publications_failed",
    "Failed deliveries, by subscriber; final: the last attempt (the publication is failed).",
    ["subscriber", "final"],
)
EVENTS_LATENCY = Histogram(
    "conduit_event_delivery_latency_seconds",
    "From the publisher's commit to the delivery's, by subscriber.",
    ["subscriber"],
    buckets=SECONDS,
)
EVENTS_PENDING = Gauge(
    "conduit_event_publications_pending",
    "Publications waiting for delivery (those to the broker not counted), sampled at each scrape.",
    multiprocess_mode="livemax",  # every worker counts the same table
)


def multiprocess_directory() -> str | None:
    return os.environ.get(MULTIPROCESS_DIRECTORY) or None


def exposition() -> bytes:
    """Every metric in Prometheus' text format; across all workers in multiprocess mode."""
    if multiprocess_directory() is None:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def forget_this_process() -> None:
    """At a worker's exit: its `livesum` gauges stop counting (its counters stay)."""
    if multiprocess_directory() is not None:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def metrics_router(before_scrape: Callable[[], Awaitable[None]]) -> APIRouter:
    """`GET /metrics`, outside /api and the OpenAPI document."""
    router = APIRouter(include_in_schema=False)

    @router.get("/metrics")
    async def metrics() -> Response:
        await before_scrape()
        # In multiprocess mode a scrape reads a file per worker and metric type.
        body = await asyncio.to_thread(exposition)
        return Response(body, media_type=CONTENT_TYPE)

    return router
