"""Builds the FastAPI application around a ready container."""

import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.telemetry import TelemetryConfig
from fastapi_offline import FastAPIOffline

from entrypoints.http.shared.auth import AuthenticatedFirstRoute
from entrypoints.http.shared.body_limit import BodySizeLimit
from entrypoints.http.shared.errors import install_error_handlers
from entrypoints.http.shared.request_log import HEADER as REQUEST_ID_HEADER
from entrypoints.http.shared.request_log import RequestLog
from entrypoints.http.shared.router import API_PREFIX
from entrypoints.http.shared.trailing_slash import serve_one_trailing_slash

DOCS_URL = "/docs"

DESCRIPTION = """\
The RealWorld **Conduit** API: users, profiles and follows, articles with tags, favorites,
comments and a personal feed; and notifications of others' actions that concern you.

Send `Authorization: Token <jwt>` on the operations that need it. Every error answers
`{"errors": {"<field or resource>": ["<message>"]}}`.
"""


def create_http_app(
    container: Any,
    *,
    routers: Sequence[APIRouter] = (),
    cors_origins: list[str],
    max_body_bytes: int,
    on_startup: Callable[[], Awaitable[None]] | None = None,
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
    telemetry: TelemetryConfig | None = None,
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Everything built so far (routes, models, metadata) lives as long as the process:
        # moved out of the collector's sight, full collections stop walking it, which cut
        # the worst request latencies under load (bench/RESULTS.md).
        gc.collect()
        gc.freeze()
        if on_startup is not None:
            await on_startup()
        yield
        if on_shutdown is not None:
            await on_shutdown()

    # Swagger UI's script, style and icon come from fastapi-offline's copy, served by us:
    # /docs works without internet and names no other host.
    app = FastAPIOffline(
        docs_url=DOCS_URL,
        redoc_url=None,
        static_url=f"{DOCS_URL}/assets",
        # Swagger UI would otherwise send the document to validator.swagger.io.
        swagger_ui_parameters={"validatorUrl": None},
        title="Conduit",
        version="2.0.0",
        description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        lifespan=lifespan,
        # The contract: no redirects; one trailing slash is served as the path without it.
        redirect_slashes=False,
        telemetry=telemetry,
    )
    app.state.container = container
    app.state.observe_use_case = None  # entrypoints/observability installs one when wanted

    serve_routes(app, routers)
    serve_one_trailing_slash(app.router)

    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=cors_origins,
        allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["content-type", "authorization", "x-requested-with", "x-request-id"],
        expose_headers=[REQUEST_ID_HEADER],
        max_age=600,
    )
    # Outermost of ours: it times, ids and logs everything above, preflights and 413s too.
    app.add_middleware(RequestLog)
    return app


def serve_routes(app: FastAPI, routers: Sequence[APIRouter]) -> None:
    """Each route straight onto the app's router, ahead of the documentation's.

    FastAPI keeps an included router as one route that is matched once to be chosen and again
    to pick its route, and every route tried before the right one costs a regex match
    (bench/RESULTS.md, "The framework's share"); it would also build the handlers anew from
    the routes' dependencies, past what AuthenticatedFirstRoute leaves out. Served so, a
    route skips its pattern for paths outside its literal prefix. FastAPI's
    `app.dependency_overrides` does not reach routes served this way: tests override the
    container's providers.
    """
    served = [route for router in routers for route in router.routes]
    for route in served:
        if isinstance(route, AuthenticatedFirstRoute):
            route.match_by_literal_prefix()
    app.router.routes[:0] = served
