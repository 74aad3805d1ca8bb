"""The CPU of a write, in-process: favorite, unfavorite and comment through ASGI, no sockets.

    python -m bench.write_path [--url postgresql://postgres@127.0.0.1/conduit_bench_100000]
                               [--requests 1200] [--concurrency 16] [--ceiling]

The app is built once and called through ASGI directly by 16 callers at once (as one worker
serves them), on articles of `bench.generate`'s data set; the first 300 writes warm it up.
Prints this process's CPU time per write, counted until the app's dispatcher has delivered
every event publication the writes recorded (the notifications they cause): steadier than
requests/s on a shared machine, though it leaves out PostgreSQL's own work (round trips
saved show up only partly). `--ceiling` drives the write ceiling (bench.write_ceiling) in
this process instead, with the same writes: its CPU per write is the floor to compare with.
"""

import argparse
import asyncio
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg

from bench.read_path import app_on, token
from bench.run import SECRET
from bench.write_ceiling import WriteCeiling

# Those the measured writes recorded: an older backlog, or a retry waiting out its backoff,
# is no part of them.
PENDING = "SELECT count(*) FROM event_publications WHERE status = 'pending' AND created_at >= $1"


def writes(slugs: list[str], count: int) -> list[tuple[str, str, int, bytes]]:
    rng = random.Random(1)
    chosen = []
    for n in range(count):
        user, slug = rng.randint(1, 10_000), rng.choice(slugs)
        if n % 3 == 0:
            chosen.append(("POST", f"/api/articles/{slug}/favorite", user, b""))
        elif n % 3 == 1:
            chosen.append(("DELETE", f"/api/articles/{slug}/favorite", user, b""))
        else:
            body = b'{"comment": {"body": "Nice."}}'
            chosen.append(("POST", f"/api/articles/{slug}/comments", user, body))
    return chosen


async def call(app: Any, method: str, path: str, bearer: str, body: bytes) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Any) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    headers = [
        (b"host", b"bench"),
        (b"content-type", b"application/json"),
        (b"authorization", f"Token {bearer}".encode()),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers,
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 1),
        "root_path": "",
    }
    await app(scope, receive, send)
    return status


async def main(args: argparse.Namespace) -> None:
    connection = await asyncpg.connect(args.url)
    try:
        found = await connection.fetch("SELECT slug FROM articles WHERE id % 97 = 0 LIMIT 300")
    finally:
        await connection.close()
    app = WriteCeiling(args.url, SECRET, pool_size=16) if args.ceiling else app_on(args.url)
    chosen = writes([row["slug"] for row in found], args.requests + 300)
    tokens = {user: token(user) for _, _, user, _ in chosen}

    async def run(batch: list[tuple[str, str, int, bytes]]) -> None:
        queue, statuses = list(batch), []

        async def caller() -> None:
            while queue:
                method, path, user, body = queue.pop()
                statuses.append(await call(app, method, path, tokens[user], body))

        await asyncio.gather(*(caller() for _ in range(args.concurrency)))
        if not set(statuses) <= {200, 201}:
            raise AssertionError(f"not all 2xx: {sorted(set(statuses))}")

    async with serving(app):
        since = datetime.now(UTC)
        await run(chosen[:300])
        await delivered(args.url, since)
        since, cpu = datetime.now(UTC), time.process_time()
        await run(chosen[300:])
        await delivered(args.url, since)
        spent = time.process_time() - cpu
    print(f"CPU per write: {spent / args.requests * 1e6:,.0f} us ({args.requests} writes)")


@asynccontextmanager
async def serving(app: Any) -> AsyncIterator[None]:
    """The app between its ASGI lifespan's startup and shutdown, as a server runs it."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    lifespan = asyncio.ensure_future(
        app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, outbox.put)
    )
    await inbox.put({"type": "lifespan.startup"})
    answer = asyncio.ensure_future(outbox.get())
    # An app whose startup raises without answering ends its lifespan task instead.
    await asyncio.wait([answer, lifespan], timeout=60, return_when=asyncio.FIRST_COMPLETED)
    if not answer.done():
        answer.cancel()
        if lifespan.done():
            raise RuntimeError(f"the app did not start: {lifespan.exception()!r}")
        raise RuntimeError("the app did not answer its startup within 60 s")
    if (started := answer.result())["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"the app did not start: {started}")
    try:
        yield
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        await lifespan


async def delivered(url: str, since: datetime) -> None:
    """Returns once no publication recorded since `since` is pending: the dispatcher, in this
    loop, has caught up. (It needs the dispatcher on: CONDUIT_EVENTS_DISPATCH_IN_SERVE unset.)"""
    connection = await asyncpg.connect(url)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if not await connection.fetchval(PENDING, since):
                return
            await asyncio.sleep(0.01)
        raise RuntimeError("publications still pending after 120 s: is the dispatcher running?")
    finally:
        await connection.close()


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/conduit_bench_100000")
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--ceiling", action="store_true", help="the write ceiling instead")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
