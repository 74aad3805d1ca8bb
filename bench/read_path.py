"""Every read endpoint in-process on SQLite and on PostgreSQL, side by side.

    python -m bench.read_path [--sqlite bench/out/conduit_bench_100000.db]
                              [--postgres postgresql://postgres@127.0.0.1/conduit_bench_100000]
                              [--requests 400] [--concurrency 16] [--rounds 3]

Both databases hold `bench.generate`'s data set. The app is built once per database and called
through ASGI directly (no sockets, no HTTP client): 16 callers at once, as one worker serves
them. Rounds alternate between the databases so a load that comes and goes falls on both.
Reported per scenario: requests/s (wall clock) and this process's CPU time per request (on
SQLite that includes the database's work, which runs in-process; PostgreSQL's does not).
"""

import argparse
import asyncio
import contextlib
import random
import statistics
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from bench.run import SECRET  # passes the production checks
from entrypoints.composition.app import create_app
from entrypoints.settings import Settings

ASGI = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]
USERS = 10_000
TAGS = 500
SEED = 20261202


def token(user_id: int) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + timedelta(days=1)}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def targets(slugs: list[str]) -> dict[str, list[tuple[str, str | None]]]:
    rng = random.Random(SEED)

    def anyone() -> int:
        return rng.randint(1, USERS)

    def many(make: Callable[[], tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        return [make() for _ in range(200)]

    return {
        "list": many(lambda: ("/api/articles?limit=20", None)),
        "list_auth": many(lambda: ("/api/articles?limit=20", token(anyone()))),
        "tag": many(lambda: (f"/api/articles?tag=tag{rng.randint(1, TAGS)}&limit=20", None)),
        "author": many(lambda: (f"/api/articles?author=user{anyone()}", None)),
        "favorited": many(lambda: (f"/api/articles?favorited=user{anyone()}", None)),
        "feed": many(lambda: ("/api/articles/feed?limit=20", token(anyone()))),
        "article": many(lambda: (f"/api/articles/{rng.choice(slugs)}", token(anyone()))),
        "comments": many(lambda: (f"/api/articles/{rng.choice(slugs)}/comments", None)),
        "profile": many(lambda: (f"/api/profiles/user{anyone()}", token(anyone()))),
        "tags": many(lambda: ("/api/tags", None)),
    }


async def call(app: ASGI, target: str, auth: str | None) -> int:
    status = 0
    path, _, query = target.partition("?")

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    headers = [(b"host", b"bench")]
    if auth is not None:
        headers.append((b"authorization", f"Token {auth}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": headers,
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 1),
        "root_path": "",
    }
    await app(scope, receive, send)
    return status


async def measure(
    app: ASGI, calls: list[tuple[str, str | None]], requests: int, concurrency: int
) -> tuple[float, float]:
    """(requests/s, CPU seconds per request) for `requests` calls from `concurrency` callers."""
    queue = [calls[i % len(calls)] for i in range(requests)]
    statuses: list[int] = []

    async def caller() -> None:
        while queue:
            target, auth = queue.pop()
            statuses.append(await call(app, target, auth))

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(concurrency)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if any(status != 200 for status in statuses):
        raise AssertionError(f"not all 200: {sorted(set(statuses))}")
    return requests / wall, cpu / requests


def app_on(url: str, log_level: str = "warning") -> Any:
    """The app as served in production; "info" adds the access line of each request."""
    settings = Settings(
        _env_file=None,
        environment="production",
        database_url=url,
        jwt_secret=SECRET,
        log_level=log_level,
    )
    return create_app(settings)


async def main(args: argparse.Namespace) -> None:
    import sqlite3

    with sqlite3.connect(args.sqlite) as connection:
        rng = random.Random(SEED)
        total = connection.execute("SELECT total FROM article_count").fetchone()[0]
        wanted = sorted({rng.randint(1, total) for _ in range(200)})
        marks = ",".join("?" * len(wanted))
        slugs = [
            r[0]
            for r in connection.execute(f"SELECT slug FROM articles WHERE id IN ({marks})", wanted)
        ]
    apps = {
        "sqlite": app_on(f"sqlite+aiosqlite:///{args.sqlite}"),
        "postgres": app_on(args.postgres),
    }
    chosen = targets(slugs)
    if args.scenarios:
        chosen = {name: chosen[name] for name in args.scenarios.split(",")}
    async with contextlib.AsyncExitStack() as running:
        for app in apps.values():
            await running.enter_async_context(app.router.lifespan_context(app))
        await measure_all(apps, chosen, args)


async def measure_all(
    apps: dict[str, Any], chosen: dict[str, list[tuple[str, str | None]]], args: argparse.Namespace
) -> None:
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for name, calls in chosen.items():
        for app in apps.values():  # warm-up: statements compiled, pools filled, pages cached
            await measure(app, calls, 100, args.concurrency)
        for _ in range(args.rounds):
            for database, app in apps.items():
                results.setdefault((name, database), []).append(
                    await measure(app, calls, args.requests, args.concurrency)
                )
        row = []
        for database in apps:
            runs = results[(name, database)]
            rps = statistics.median(r for r, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            row.append(f"{database} {rps:7,.0f} req/s {cpu * 1e6:6,.0f} us CPU")
        print(f"{name:<10} " + " | ".join(row), flush=True)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", default="bench/out/conduit_bench_100000.db")
    parser.add_argument(
        "--postgres", default="postgresql://postgres@127.0.0.1/conduit_bench_100000"
    )
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scenarios", default="")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
