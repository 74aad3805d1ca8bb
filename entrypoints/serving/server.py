"""Runs uvicorn for `conduit serve`: one or several workers, every limit from the settings."""

import asyncio
from functools import partial
from typing import cast

import uvicorn

from entrypoints.logging_setup import logging_config
from entrypoints.serving.protocol import ConnectionLimits, LimitedHttpToolsProtocol
from entrypoints.settings import Settings

APP = "entrypoints.composition.app:create_app"
WORKER_HEALTHCHECK_SECONDS = 30


def limits_of(settings: Settings) -> ConnectionLimits:
    return ConnectionLimits(
        max_header_bytes=settings.max_header_bytes,
        header_timeout_seconds=settings.header_timeout_seconds,
        body_timeout_seconds=settings.body_timeout_seconds,
        max_connections=settings.max_connections,
    )


def serve(settings: Settings, *, host: str, port: int, workers: int, reload: bool) -> None:
    # uvicorn builds a protocol per connection by calling this with its config; a partial of
    # a module-level class pickles into the worker processes `--workers` spawns.
    protocol = partial(LimitedHttpToolsProtocol, limits=limits_of(settings))
    uvicorn.run(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        http=cast(type[asyncio.Protocol], protocol),
        timeout_keep_alive=settings.keep_alive_timeout_seconds,
        log_config=logging_config(settings.log_level, settings.log_format),
        access_log=False,  # the app's request log writes one line per request instead
        proxy_headers=False,
        # uvicorn kills a worker that has not answered its supervisor within this; at its
        # default (5 s) a worker still importing on a busy host is killed, again and again.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
