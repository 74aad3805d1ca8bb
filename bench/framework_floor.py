"""Where a light request's CPU goes, layer by layer: bare ASGI, FastAPI, ours, the database.

    python -m bench.framework_floor [--url postgresql://postgres@127.0.0.1/conduit_bench_100000]
                                    [--rounds 15] [--requests 300]   2>/dev/null

Six apps answer `GET /api/tags`, each called in-process through ASGI, one request at a time
(no sockets, no HTTP parsing: uvicorn's share is the same for all and left out):

1. bare ASGI: the start and body messages, as bench/ceiling.py sends them;
2. bare FastAPI: one route returning the same bytes, nothing else;
3. Conduit's app (production settings: metrics, access log, request ids, CORS, body limit,
   error handlers) with one route returning the same bytes;
4. the same route taking what a route of ours takes: the optional caller and a use case;
5. the ceiling's `GET /api/tags` (the statement on asyncpg, the JSON written);
6. Conduit's `GET /api/tags`.

1-4 never wait, so their CPU time is their cost; 5-6 include the driver's work for one
round trip, PostgreSQL's own work excluded. The rounds alternate between the apps and each
app's fastest round is printed (the least disturbed by the rest of the machine), with the
median. Run with stderr sent away: the access log writes one line per request there.
"""

import argparse
import asyncio
import contextlib
import statistics
import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, Response

import entrypoints.composition.app as composition
from application.articles.read_articles import ListTags
from bench.ceiling import Ceiling
from bench.read_path import ASGI, app_on, call
from bench.run import SECRET
from entrypoints.http.shared.auth import OptionalCallerId
from entrypoints.http.shared.provide import provided
from entrypoints.http.shared.router import context_router

PATH = "/api/tags"
BODY = b'{"tags":[' + b",".join(b'"tag%d"' % n for n in range(500)) + b"]}"


async def bare_asgi(_scope: Any, _receive: Any, send: Any) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


def bare_fastapi() -> FastAPI:
    app = FastAPI()

    @app.get(PATH)
    async def tags() -> Response:
        return json_response_bytes()

    return app


def conduit_with(route: Callable[..., Any], url: str) -> FastAPI:
    """Conduit's app with its routes replaced by `route` at PATH."""
    router = context_router()
    router.add_api_route(PATH.removeprefix("/api"), route, methods=["GET"])
    replaced = composition.context_routers
    composition.context_routers = lambda: [router]
    try:
        return app_on(url, log_level="info")  # type: ignore[no-any-return]
    finally:
        composition.context_routers = replaced


async def constant() -> Response:
    return json_response_bytes()


async def constant_with_dependencies(
    caller: OptionalCallerId,
    list_tags: Annotated[ListTags, provided(lambda c: c.articles.list_tags)],
) -> Response:
    return json_response_bytes()


def json_response_bytes() -> Response:
    return Response(BODY, media_type="application/json")


async def cpu_per_request(app: ASGI, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        if await call(app, PATH, None) != 200:
            raise AssertionError(f"{PATH} did not answer 200")
    return (time.process_time() - started) / requests


async def main(args: argparse.Namespace) -> None:
    ceiling = Ceiling(args.url, SECRET, pool_size=4)
    apps: dict[str, Any] = {
        "1. bare ASGI": bare_asgi,
        "2. bare FastAPI": bare_fastapi(),
        "3. Conduit's app, a constant route": conduit_with(constant, args.url),
        "4. ... taking caller and use case": conduit_with(constant_with_dependencies, args.url),
        "5. ceiling GET /api/tags": ceiling,
        "6. Conduit GET /api/tags": app_on(args.url, log_level="info"),
    }
    async with contextlib.AsyncExitStack() as running:
        for app in apps.values():
            if isinstance(app, FastAPI):
                await running.enter_async_context(app.router.lifespan_context(app))
        await running.enter_async_context(_lifespan(ceiling))
        seconds = await alternate(apps, args.rounds, args.requests)
    report("app", seconds)


async def alternate(apps: dict[str, ASGI], rounds: int, requests: int) -> dict[str, list[float]]:
    """Each app's CPU seconds per request in each of `rounds` rounds, the apps in turn."""
    seconds: dict[str, list[float]] = {name: [] for name in apps}
    for app in apps.values():
        await cpu_per_request(app, requests)  # warm-up
    for _ in range(rounds):
        for name, app in apps.items():
            seconds[name].append(await cpu_per_request(app, requests))
    return seconds


def report(heading: str, seconds: dict[str, list[float]]) -> None:
    print(f"{heading:<40} {'fastest us':>10} {'median us':>10}")
    for name, runs in seconds.items():
        print(f"{name:<40} {min(runs) * 1e6:10.1f} {statistics.median(runs) * 1e6:10.1f}")


@contextlib.asynccontextmanager
async def _lifespan(app: Ceiling) -> Any:
    messages = asyncio.Queue[dict[str, str]]()
    sent = asyncio.Queue[dict[str, str]]()
    await messages.put({"type": "lifespan.startup"})
    task = asyncio.ensure_future(app({"type": "lifespan"}, messages.get, sent.put))
    await sent.get()
    try:
        yield
    finally:
        await messages.put({"type": "lifespan.shutdown"})
        await task


def parse(doc: str = __doc__) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/conduit_bench_100000")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=300)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
