"""The application factory: settings -> container -> FastAPI app. uvicorn calls `create_app`."""

import importlib
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI

from entrypoints.composition.container import ApplicationContainer, build_container, release
from entrypoints.composition.contexts import ROUTES, declared_contexts
from entrypoints.composition.events import EventDelivery
from entrypoints.composition.observability import Observability
from entrypoints.http.app import create_http_app
from entrypoints.logging_setup import configure_logging
from entrypoints.serving.loopback_only import LoopbackOnly
from entrypoints.settings import Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider


def create_app(
    settings: Settings | None = None,
    container: ApplicationContainer | None = None,
    tracer_provider: "TracerProvider | None" = None,
) -> FastAPI:
    """`tracer_provider` replaces the one the OTEL_* variables describe (tests)."""
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_format)
    ready_container = container or build_container(settings)
    observability = Observability(settings, ready_container, tracer_provider)
    # Every worker delivers after-commit events too, unless told not to (docs/adr/0017).
    delivery = EventDelivery(
        settings,
        ready_container,
        observability.deliveries,
        dispatch=settings.events_dispatch_in_serve,
    )

    async def startup() -> None:
        await observability.start()
        await delivery.start()

    async def shutdown() -> None:
        await delivery.stop()
        await observability.stop()
        await release(ready_container)

    app = create_http_app(
        ready_container,
        routers=context_routers(),
        cors_origins=settings.cors_origins,
        max_body_bytes=settings.max_body_bytes,
        on_startup=startup,
        on_shutdown=shutdown,
        telemetry=observability.telemetry,
    )
    observability.install(app)
    if not settings.has_secret:
        # Outermost: nothing runs for a request it refuses. With a secret it costs nothing.
        app.add_middleware(LoopbackOnly)
    return app


def context_routers() -> list[APIRouter]:
    """Every declared context's `router` (entrypoints/http/<ctx>/routes.py), those with the
    most routes first: the app tries their routes one by one in this order, a regex match
    each (bench/route_matching.py), and the largest (articles) serves the busiest reads."""
    modules = [importlib.import_module(ROUTES.format(c.name)) for c in declared_contexts()]
    routers: list[APIRouter] = [module.router for module in modules]
    return sorted(routers, key=lambda router: -len(router.routes))
