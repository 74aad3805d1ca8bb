"""The request log's own cost per request, in-process, around an app that answers at once.

    python -m bench.request_log               # text, json and off (level warning)
    python -m bench.request_log --rounds 25
    python -m bench.request_log --list-url postgresql://postgres@127.0.0.1/conduit_bench_10000

Each variant handles the same requests in alternating rounds (the machine is shared: the
median of the rounds is printed); the log goes to /dev/null. Beside ours: the same access line
written through the standard library's logging (a record, then structlog's formatter), and,
when asgi-correlation-id is installed, the id taken from it (its middleware for the id, a
second one of ours for the line).

With --list-url, the whole app instead serves the list (`GET /api/articles?limit=20`) from
that database, the access line off, in text and in JSON: CPU time of this process per request
(the database's own work is not counted), the share the line adds to a real request.
"""

import argparse
import asyncio
import logging
import os
import re
import statistics
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.http.shared.request_log import RequestLog, route_template
from entrypoints.logging_setup import configure_logging, fast_logger


async def answer(_scope: Scope, _receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def _receive() -> Message:
    return {"type": "http.request", "body": b""}


async def _send(_message: Message) -> None:
    return None


class _StandardLibraryLine:
    """The access line as a standard library record, rendered by the same formatter."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("conduit.access")

    def is_enabled_for(self, level: int) -> bool:
        return self.logger.isEnabledFor(level)

    def info(self, event: str, **fields: object) -> None:
        self.logger.info(event, extra=fields)


def _through_the_standard_library() -> ASGIApp:
    app = RequestLog(answer)
    app.access_log = _StandardLibraryLine()  # type: ignore[assignment]
    return app


def _with_correlation_id() -> ASGIApp | None:
    """asgi-correlation-id for the id, a minimal middleware of ours for the access line."""
    try:
        from asgi_correlation_id import CorrelationIdMiddleware, correlation_id
    except ImportError:
        return None
    sane = re.compile(r"[A-Za-z0-9._-]{1,128}")
    access_log = fast_logger("conduit.access")

    class AccessLine:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            started, status = time.perf_counter(), 500

            async def recording(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            await self.app(scope, receive, recording)
            access_log.info(
                "request",
                method=scope["method"],
                route=route_template(scope),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                request_id=correlation_id.get(),
            )

    return CorrelationIdMiddleware(
        AccessLine(answer), validator=lambda value: bool(sane.fullmatch(value))
    )


async def _per_request_us(
    app: ASGIApp, requests: int, headers: list[tuple[bytes, bytes]], query: bytes = b""
) -> float:
    """CPU time of this process per request: steadier than wall time on a shared machine."""
    started = time.process_time()
    for _ in range(requests):
        scope = {
            "type": "http",
            "method": "GET",
            "path": "/api/articles",
            "query_string": query,
            "headers": headers,
            "root_path": "",
        }
        await app(scope, _receive, _send)
    return (time.process_time() - started) / requests * 1e6


def measure(args: argparse.Namespace) -> dict[str, float]:
    results: dict[str, list[float]] = {}
    null = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the run
    for level, log_format in (("warning", "text"), ("info", "text"), ("info", "json")):
        configure_logging(level, log_format, stream=null)  # type: ignore[arg-type]
        variants: dict[str, ASGIApp | None] = {
            "bare app": answer,
            "RequestLog": RequestLog(answer),
            "RequestLog, line via stdlib": _through_the_standard_library(),
            "asgi-correlation-id + line": _with_correlation_id(),
        }
        for _ in range(args.rounds):
            for name, app in variants.items():
                if app is None:
                    continue
                for sent, headers in (("generated", []), ("sent", [(b"x-request-id", b"a-1")])):
                    key = f"{level}/{log_format} {name}, id {sent}"
                    value = asyncio.run(_per_request_us(app, args.requests, headers))
                    results.setdefault(key, []).append(value)
    return {key: statistics.median(values) for key, values in results.items()}


def measure_list(url: str, args: argparse.Namespace) -> dict[str, float]:
    from entrypoints.composition.app import create_app
    from entrypoints.settings import Settings

    null = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the run
    apps: dict[str, ASGIApp] = {}

    async def run() -> dict[str, float]:
        for level, log_format in (("warning", "text"), ("info", "text"), ("info", "json")):
            settings = Settings(database_url=url, jwt_secret="b" * 40, log_level=level)
            app = create_app(settings)
            # The request log binds its logger on the app's first request: to /dev/null.
            configure_logging(level, log_format, stream=null)  # type: ignore[arg-type]
            await _per_request_us(app, 200, [], b"limit=20")  # warm: pools, statements
            apps[f"list, access line {log_format if level == 'info' else 'off'}"] = app
        results: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for name, served in apps.items():
                value = await _per_request_us(served, args.requests // 10, [], b"limit=20")
                results.setdefault(name, []).append(value)
        return {name: statistics.median(values) for name, values in results.items()}

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=5_000, help="per round and variant")
    parser.add_argument("--list-url", help="measure the list request on this database")
    args = parser.parse_args()
    results = measure_list(args.list_url, args) if args.list_url else measure(args)
    for key, value in results.items():
        print(f"{key:60} {value:6.1f} us")


if __name__ == "__main__":
    main()
