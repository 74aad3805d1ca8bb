"""CPU per request with metrics on and off, in-process: figures a busy machine skews less.

    python -m bench.metrics_overhead [--url URL] [--path "/api/articles?limit=20"]
                                     [--requests 250] [--rounds 40]

1. The added work alone: the request middleware around an app that answers at once, and the
   use-case wrapper around a use case that returns at once, against the bare ones (CPU time
   per call, 100,000 calls each).
2. The whole request: the app built twice on the benchmark database (metrics off, on),
   called through ASGI directly (no sockets, no HTTP client) in short alternating rounds;
   the overhead is the median of each round pair's ratio, so a load that comes and goes
   on a shared machine falls on both sides. CPU time is this process's only
   (`time.process_time`): PostgreSQL's is not counted.

With PROMETHEUS_MULTIPROC_DIR set to an empty directory both measure the multiprocess mode
that `conduit serve --workers N` uses.
"""

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from entrypoints.composition.app import create_app
from entrypoints.settings import Settings

ASGI = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]
WARMUP = 50


def app_with(url: str, metrics: bool) -> Any:
    settings = Settings(
        _env_file=None,
        environment="test",
        database_url=url,
        jwt_secret="bench-" + "s" * 40,
        log_level="warning",
        metrics_enabled=metrics,
    )
    return create_app(settings)


async def call(app: ASGI, path: str, query: bytes) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": [(b"host", b"bench")],
        "server": ("bench", 80),
        "client": ("127.0.0.1", 1),
        "root_path": "",
    }
    await app(scope, receive, send)
    return status


async def cpu_per_request(app: ASGI, target: str, requests: int) -> float:
    path, _, query = target.partition("?")
    for _ in range(WARMUP):
        assert await call(app, path, query.encode()) == 200
    started = time.process_time()
    for _ in range(requests):
        await call(app, path, query.encode())
    return (time.process_time() - started) / requests


async def answer_at_once(_scope: Any, _receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


class ReturnAtOnce:
    async def __call__(self) -> None:
        return None


async def per_call(call: Callable[[], Awaitable[Any]], calls: int = 100_000) -> float:
    started = time.process_time()
    for _ in range(calls):
        await call()
    return (time.process_time() - started) / calls


async def added_work() -> float:
    from entrypoints.observability.request_metrics import RequestMetrics
    from entrypoints.observability.use_cases import UseCaseObserver

    measured = RequestMetrics(answer_at_once)
    observe = UseCaseObserver(metrics=True, tracer=None)
    name = ("articles", "list_articles")
    bare_request = await per_call(lambda: call(answer_at_once, "/api/articles", b""))
    metered_request = await per_call(lambda: call(measured, "/api/articles", b""))
    bare_use_case = await per_call(lambda: ReturnAtOnce()())
    metered_use_case = await per_call(lambda: observe(name, ReturnAtOnce())())
    middleware, wrapper = metered_request - bare_request, metered_use_case - bare_use_case
    print(
        f"added work: request middleware {middleware * 1e6:.1f} us, "
        f"use-case wrapper {wrapper * 1e6:.1f} us per call"
    )
    return middleware + wrapper


async def main(args: argparse.Namespace) -> None:
    added = await added_work()
    apps = {"off": app_with(args.url, False), "on": app_with(args.url, True)}
    spent: dict[str, list[float]] = {name: [] for name in apps}
    async with (
        apps["off"].router.lifespan_context(apps["off"]),
        apps["on"].router.lifespan_context(apps["on"]),
    ):
        for round_ in range(args.rounds):
            order = ["off", "on"] if round_ % 2 == 0 else ["on", "off"]
            for name in order:
                spent[name].append(await cpu_per_request(apps[name], args.path, args.requests))
    off, on = statistics.median(spent["off"]), statistics.median(spent["on"])
    ratio = statistics.median(n / f for n, f in zip(spent["on"], spent["off"], strict=True))
    print(
        f"{args.path}: CPU per request, medians of {args.rounds} rounds of {args.requests}: "
        f"metrics off {off * 1e6:.0f} us, on {on * 1e6:.0f} us; median paired overhead "
        f"{ratio - 1:+.1%}; the added work alone is {added / off:.1%} of a request"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/conduit_bench_10000")
    parser.add_argument("--path", default="/api/articles?limit=20")
    parser.add_argument("--requests", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=40)
    asyncio.run(main(parser.parse_args()))
