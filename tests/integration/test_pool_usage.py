"""Pool usage as the metrics read it: connections lent out, and callers left waiting."""

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.shared.sql.engine import PoolSettings, create_engine
from adapters.shared.sql.pool_usage import PoolUsage, engine_pool_usage
from adapters.shared.sql.read_database import read_database_for
from tests.support.databases import temporary_database

ONE = PoolSettings(size=1, max_overflow=0)


async def until(usage: Callable[[], PoolUsage | None], expected: PoolUsage) -> None:
    """Wait (at most 10 s) for the pool to reach a state; the test fails if it never does."""
    async with asyncio.timeout(10):
        while usage() != expected:  # noqa: ASYNC110 - a pool's state has no event to await
            await asyncio.sleep(0.01)


@pytest.mark.postgres
async def test_the_engine_pool_counts_lent_and_waiting_connections(tmp_path: Path) -> None:
    async with temporary_database("postgres", tmp_path, "pool") as url:
        engine = create_engine(url, ONE)

        def usage() -> PoolUsage | None:
            return engine_pool_usage(engine)

        try:
            assert usage() == PoolUsage(in_use=0, waiting=0)
            held = await engine.connect().start()
            assert usage() == PoolUsage(in_use=1, waiting=0)
            queued = asyncio.create_task(engine.connect().start())
            await until(usage, PoolUsage(in_use=1, waiting=1))
            await held.close()
            await (await queued).close()
            assert usage() == PoolUsage(in_use=0, waiting=0)
        finally:
            await engine.dispose()


@pytest.mark.postgres
async def test_the_read_pool_counts_lent_and_waiting_connections(tmp_path: Path) -> None:
    async with temporary_database("postgres", tmp_path, "reads_pool") as url:
        reads = read_database_for(url, ONE)
        slow = select(func.pg_sleep(0.2).label("slept"))
        try:
            assert reads.usage() == PoolUsage(in_use=0, waiting=0)
            first = asyncio.create_task(reads.rows(slow, {}))
            second = asyncio.create_task(reads.rows(slow, {}))
            await until(reads.usage, PoolUsage(in_use=1, waiting=1))
            await asyncio.gather(first, second)
            assert reads.usage() == PoolUsage(in_use=0, waiting=0)
        finally:
            await reads.close()


async def test_sqlite_pools_count_lent_connections(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'pool.db'}"
    engine = create_engine(url)
    reads = read_database_for(url, ONE)
    try:
        held = await engine.connect().start()
        assert engine_pool_usage(engine) == PoolUsage(in_use=1, waiting=0)
        await held.close()
        assert engine_pool_usage(engine) == PoolUsage(in_use=0, waiting=0)
        assert reads.usage() == PoolUsage(in_use=0, waiting=0)
    finally:
        await engine.dispose()
        await reads.close()
