"""The application factory: settings -> container -> FastAPI app. uvicorn calls `create_app`."""

from fastapi import FastAPI

from entrypoints.composition.container import ApplicationContainer, build_container, release
from entrypoints.http.app import create_http_app
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings


def create_app(
    settings: Settings | None = None, container: ApplicationContainer | None = None
) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_format)
    container = container or build_container(settings)

    return create_http_app(
        container,
        cors_origins=settings.cors_origins,
        max_body_bytes=settings.max_body_bytes,
        on_shutdown=lambda: release(container),
    )
