"""Builds the FastAPI application around a ready container."""

import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from entrypoints.http.articles.routes import router as articles_router
from entrypoints.http.comments.routes import router as comments_router
from entrypoints.http.identity.routes import router as identity_router
from entrypoints.http.profiles.routes import router as profiles_router
from entrypoints.http.shared.body_limit import BodySizeLimit
from entrypoints.http.shared.errors import install_error_handlers
from entrypoints.http.shared.trailing_slash import serve_one_trailing_slash

API_PREFIX = "/api"
DESCRIPTION = """\
The RealWorld **Conduit** API: users, profiles and follows, articles with tags, favorites,
comments and a personal feed.

Send `Authorization: Token <jwt>` on the operations that need it. Every error answers
`{"errors": {"<field or resource>": ["<message>"]}}`.
"""


def create_http_app(
    container: Any,
    *,
    cors_origins: list[str],
    max_body_bytes: int,
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Everything built so far (routes, models, metadata) lives as long as the process:
        # moved out of the collector's sight, full collections stop walking it, which cut
        # the worst request latencies under load (bench/RESULTS.md).
        gc.collect()
        gc.freeze()
        yield
        if on_shutdown is not None:
            await on_shutdown()

    app = FastAPI(
        title="Conduit",
        version="2.0.0",
        description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
        # The contract: no redirects; one trailing slash is served as the path without it.
        redirect_slashes=False,
    )
    app.state.container = container

    # Straight onto the app: every level of nested routers is another matching pass.
    for router in (articles_router, comments_router, profiles_router, identity_router):
        app.include_router(router, prefix=API_PREFIX)
    serve_one_trailing_slash(app.router)

    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=cors_origins,
        allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["content-type", "authorization", "x-requested-with"],
        max_age=600,
    )
    return app
