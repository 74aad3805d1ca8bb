"""The CPU of delivering one event publication to the app's own subscriber, on PostgreSQL.

    python -m bench.delivery_cost [--url postgresql://postgres@127.0.0.1/conduit_bench_100000]
                                  [--writes 3000] [--rounds 3]

Each round: the app, its dispatcher off, takes `--writes` favorites and comments through ASGI
(16 callers), each recording a publication for notifications; then one dispatcher, built
as `conduit serve` builds it, delivers them all (`run_once`: batches of 100, each delivery in
a savepoint of its own). Printed: this process's CPU time per delivery, each round's. Older
pending publications are dropped first, so a round delivers only its own.
"""

import argparse
import asyncio
import time

import asyncpg

from bench.read_path import token
from bench.run import SECRET
from bench.write_path import call, writes
from entrypoints.composition.app import create_app
from entrypoints.composition.container import build_container, release
from entrypoints.composition.events import EventDelivery
from entrypoints.settings import Settings

DROP_PENDING = "DELETE FROM event_publications WHERE status = 'pending'"


async def one_round(url: str, count: int) -> float:
    """CPU seconds per delivery."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(DROP_PENDING)
        found = await connection.fetch("SELECT slug FROM articles WHERE id % 97 = 0 LIMIT 300")
    finally:
        await connection.close()
    settings = Settings(
        _env_file=None,
        environment="production",
        database_url=url,
        jwt_secret=SECRET,
        log_level="warning",
        events_dispatch_in_serve=False,
    )
    app = create_app(settings)
    publishing = [w for w in writes([r["slug"] for r in found], count * 2) if w[0] == "POST"]
    queue = publishing[:count]
    tokens = {user: token(user) for _, _, user, _ in queue}

    async def caller() -> None:
        while queue:
            method, path, user, body = queue.pop()
            await call(app, method, path, tokens[user], body)

    async with app.router.lifespan_context(app):
        await asyncio.gather(*(caller() for _ in range(16)))
        container = build_container(settings)
        dispatcher = EventDelivery(settings, container).dispatcher
        assert dispatcher is not None
        try:
            cpu = time.process_time()
            delivered = await dispatcher.run_once()
            spent = time.process_time() - cpu
        finally:
            await release(container)
    return spent / delivered


async def main(args: argparse.Namespace) -> None:
    for n in range(args.rounds):
        spent = await one_round(args.url, args.writes)
        print(f"round {n + 1}: {spent * 1e6:,.0f} us of CPU per delivery")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/conduit_bench_100000")
    parser.add_argument("--writes", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
