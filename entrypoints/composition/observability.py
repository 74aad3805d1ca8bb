"""Wires probes, metrics and traces to the container's adapters: the one place they meet.

Everything hangs off the shared kernel (its engine and read database) and off the HTTP
layer's single way of obtaining use cases, so every bounded context is covered without
naming any of them here.
"""

import logging
from functools import partial
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from opentelemetry.instrumentation.utils import suppress_instrumentation

from adapters.shared.broker.exporter import SUBSCRIBER as BROKER
from adapters.shared.sql.pool_usage import engine_pool_usage
from adapters.shared.sql.schema_revisions import applied_revisions
from entrypoints.composition.container import ApplicationContainer
from entrypoints.observability.event_metrics import DeliveryMetrics, EventsCheck
from entrypoints.observability.health import Readiness, health_router
from entrypoints.observability.metrics import forget_this_process, metrics_router
from entrypoints.observability.pool_gauges import PoolGauges
from entrypoints.observability.request_metrics import RequestMetrics
from entrypoints.observability.tracing import request_telemetry, tracer_provider_from_environment
from entrypoints.observability.use_cases import UseCaseObserver
from entrypoints.settings import Settings
from migrations import runner

log = logging.getLogger("conduit.metrics")

if TYPE_CHECKING:  # the SDK and the SQL instrumentation load only when tracing is on
    from opentelemetry.sdk.trace import TracerProvider


class Observability:
    """Built before the app (which takes its `telemetry`); `install(app)` adds the rest,
    `start` and `stop` follow the app's life."""

    def __init__(
        self,
        settings: Settings,
        container: ApplicationContainer,
        tracer_provider: "TracerProvider | None" = None,
    ) -> None:
        self._container = container
        self._metrics = settings.metrics_enabled
        self._tracer_provider = tracer_provider or tracer_provider_from_environment()
        # A broker outage holds the "broker" publications back in every instance alike:
        # taking instances out of service would not help, so it never makes one not ready
        # (docs/adr/0018).
        self._events = EventsCheck(
            partial(container.shared.publications().backlog, excluding=(BROKER,)),
            settings.events_ready_backlog,
        )
        self._readiness = Readiness(
            partial(applied_revisions, container.shared.read_database()),
            runner.HeadCheck().problem,
            settings.readiness_timeout_seconds,
            {"events": self._events.problem},
        )
        self._pools = PoolGauges(
            {
                "units_of_work": partial(engine_pool_usage, container.shared.engine()),
                "reads": container.shared.read_database().usage,
            }
        )

    @property
    def deliveries(self) -> DeliveryMetrics | None:
        """The event dispatcher's observer; None with metrics off."""
        return DeliveryMetrics() if self._metrics else None

    @property
    def telemetry(self) -> TelemetryConfig:
        """For FastAPI: a span per request when tracing is on."""
        return request_telemetry(self._tracer_provider)

    def install(self, app: FastAPI) -> None:
        app.include_router(health_router(self._readiness))
        tracer = None
        if self._tracer_provider is not None:
            from adapters.shared.sql.tracing import trace_statements

            tracer = self._tracer_provider.get_tracer("conduit")
            shared = self._container.shared
            trace_statements(tracer, shared.engine(), shared.read_database())
        if self._metrics:
            app.include_router(metrics_router(before_scrape=self._sample))
            app.add_middleware(RequestMetrics)  # outermost: it sees every answer
        if self._metrics or tracer is not None:
            app.state.observe_use_case = UseCaseObserver(metrics=self._metrics, tracer=tracer)

    async def _sample(self) -> None:
        self._pools.sample()
        try:
            with suppress_instrumentation():  # a scrape's statement is no trace worth keeping
                await self._events.sample()
        except Exception as error:  # the scrape still answers; the gauge keeps its last value
            log.warning("metrics: the event backlog could not be counted: %r", error)

    async def start(self) -> None:
        if self._metrics:
            self._pools.start()

    async def stop(self) -> None:
        if self._metrics:
            await self._pools.stop()
            forget_this_process()
        if self._tracer_provider is not None:
            self._tracer_provider.shutdown()  # sends the spans still buffered
