"""The CPU of one unit of work on PostgreSQL: the write engine against raw asyncpg.

    python -m bench.unit_of_work [--url postgresql://postgres@127.0.0.1/conduit_bench_100000]
                                 [--units 2000] [--concurrency 16] [--rounds 5]

Each unit of work is the favorite request's: the favorite's INSERT ... SELECT, then its
DELETE (so the table stays as it was), committed; 16 at once, as one worker runs them. Four
ways, rounds alternating: the units of work's sessions as they ship (pre-ping on, both
statements sent directly, direct.py), a plain session on the same engine, the same with no
pre-ping, and the same compiled statements on an asyncpg pool with nothing between.
Printed: this process's CPU time per unit of work, fastest and median round. PostgreSQL's own
work is not in it; round trips are, in the driver's and the event loop's time.
"""

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import async_sessionmaker

from adapters.articles.sql_article_repository import UNFAVORITE, favorite_statement
from adapters.shared.sql.direct import unit_of_work_sessions
from adapters.shared.sql.engine import PoolSettings, create_engine, database_url

Unit = Callable[[int], Awaitable[None]]
ARTICLE_ID = 7


def values(n: int) -> dict[str, Any]:
    return {"user_id": 1 + n % 5000, "article_id": ARTICLE_ID, "favorited_at": datetime.now(UTC)}


def on_engine(url: str, concurrency: int, pre_ping: bool, direct: bool = False) -> Unit:
    engine = create_engine(url, PoolSettings(size=concurrency, max_overflow=0, pre_ping=pre_ping))
    sessions = (
        unit_of_work_sessions(engine)
        if direct
        else async_sessionmaker(engine, expire_on_commit=False)
    )
    favorite = favorite_statement("postgresql")

    async def unit(n: int) -> None:
        async with sessions() as session:
            await session.execute(favorite, values(n))
            await session.execute(UNFAVORITE, {"user_id": 1 + n % 5000, "article_id": ARTICLE_ID})
            await session.commit()

    return unit


async def on_driver(url: str, concurrency: int) -> Unit:
    dsn = database_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    pool = await asyncpg.create_pool(dsn, min_size=concurrency, max_size=concurrency)
    dialect = asyncpg_dialect()  # type: ignore[no-untyped-call]
    favorite = favorite_statement("postgresql").compile(dialect=dialect)
    unfavorite = UNFAVORITE.compile(dialect=dialect)

    async def unit(n: int) -> None:
        bound = values(n)
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute(
                favorite.string, *(bound[k] for k in favorite.positiontup or ())
            )
            await connection.execute(unfavorite.string, bound["user_id"], ARTICLE_ID)

    return unit


async def cpu_per_unit(unit: Unit, units: int, concurrency: int) -> float:
    async def caller(first: int) -> None:
        for n in range(first, units, concurrency):
            await unit(n)

    started = time.process_time()
    await asyncio.gather(*(caller(first) for first in range(concurrency)))
    return (time.process_time() - started) / units


async def main(args: argparse.Namespace) -> None:
    ways = {
        "units of work's sessions (direct statements, as shipped)": on_engine(
            args.url, args.concurrency, True, direct=True
        ),
        "write engine, plain session (pre-ping on)": on_engine(args.url, args.concurrency, True),
        "write engine, no pre-ping": on_engine(args.url, args.concurrency, False),
        "raw asyncpg pool": await on_driver(args.url, args.concurrency),
    }
    spent: dict[str, list[float]] = {name: [] for name in ways}
    for unit in ways.values():  # connections opened, statements prepared
        await cpu_per_unit(unit, args.concurrency * 20, args.concurrency)
    for _round in range(args.rounds):
        for name, unit in ways.items():
            spent[name].append(await cpu_per_unit(unit, args.units, args.concurrency))
    print("| unit of work (INSERT ... SELECT, DELETE, COMMIT) | fastest us | median us |")
    print("|---|---:|---:|")
    for name, seconds in spent.items():
        print(f"| {name} | {min(seconds) * 1e6:,.0f} | {statistics.median(seconds) * 1e6:,.0f} |")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/conduit_bench_100000")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
