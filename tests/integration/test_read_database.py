"""The read database survives a restarted server, bounds its wait for a connection, and
reports each statement it sends."""

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import Float, Integer, bindparam, func, literal, select

from adapters.shared.sql.engine import PoolSettings
from adapters.shared.sql.read_database import AsyncpgReadDatabase, read_database_for
from application.shared.unavailable import Unavailable
from tests.support.databases import (
    temporary_database,
    terminate_connections,
)

ECHO = select(bindparam("n", type_=Integer).label("n"), literal("x").label("constant"))


@pytest.mark.postgres
async def test_a_read_after_the_server_dropped_every_connection_still_answers(
    tmp_path: Path,
) -> None:
    async with temporary_database("postgres", tmp_path, "reads") as url:
        reads = read_database_for(url, PoolSettings(size=2))
        try:
            assert [dict(row) for row in await reads.rows(ECHO, {"n": 1})] == [
                {"n": 1, "constant": "x"}
            ]
            await terminate_connections(url)  # as a PostgreSQL restart does

            rows = await reads.rows(ECHO, {"n": 2})

            assert [dict(row) for row in rows] == [{"n": 2, "constant": "x"}]
        finally:
            await reads.close()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_every_statement_sent_is_reported_to_listeners(backend: str, tmp_path: Path) -> None:
    async with temporary_database(backend, tmp_path, "listen") as url:
        reads = read_database_for(url, PoolSettings(size=2))
        sent: list[str] = []
        stop = reads.listen(sent.append)
        try:
            await reads.rows(ECHO, {"n": 1})
            stop()
            await reads.rows(ECHO, {"n": 2})
        finally:
            await reads.close()

    assert len(sent) == 1
    assert "SELECT" in sent[0]


SLEEP = select(func.pg_sleep(bindparam("seconds", type_=Float)).label("slept"))


@asynccontextmanager
async def one_connection_reads(tmp_path: Path, name: str) -> AsyncIterator[AsyncpgReadDatabase]:
    """The read pool on a fresh PostgreSQL database, one connection, a 0.3 s wait for it."""
    async with temporary_database("postgres", tmp_path, name) as url:
        reads = read_database_for(url, PoolSettings(size=1, max_overflow=0, timeout_seconds=0.3))
        assert isinstance(reads, AsyncpgReadDatabase)
        try:
            yield reads
        finally:
            await reads.close()


@pytest.mark.postgres
async def test_a_read_waits_for_a_connection_only_as_long_as_the_pool_timeout(
    tmp_path: Path,
) -> None:
    async with one_connection_reads(tmp_path, "saturated") as reads:
        holding = asyncio.create_task(reads.rows(SLEEP, {"seconds": 1.5}))
        await asyncio.sleep(0.5)  # the one connection is out

        started = time.monotonic()
        with pytest.raises(Unavailable, match=r"no read connection came free in 0\.3 s"):
            await reads.rows(ECHO, {"n": 1})
        assert time.monotonic() - started < 1.0

        await holding
        # Back in the pool: the next reads take it without waiting, one after another,
        # and a read cancelled while it held the connection gives it back too.
        for n in range(3):
            assert (await reads.rows(ECHO, {"n": n}))[0]["n"] == n
        cancelled = asyncio.create_task(reads.rows(SLEEP, {"seconds": 5}))
        await asyncio.sleep(0.3)
        cancelled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        assert (await reads.rows(ECHO, {"n": 9}))[0]["n"] == 9
        assert reads._reading == 0  # every read counted out again


@pytest.mark.postgres
async def test_reads_arriving_together_at_a_cold_pool_wait_only_the_pool_timeout(
    tmp_path: Path,
) -> None:
    async with one_connection_reads(tmp_path, "burst") as reads:

        async def read() -> tuple[str, float]:
            started = time.monotonic()
            try:
                await reads.rows(SLEEP, {"seconds": 1.0})
                return "answered", time.monotonic() - started
            except Unavailable:
                return "unavailable", time.monotonic() - started

        # No connection open yet: the first opens one, the others must not queue behind it.
        answers = await asyncio.gather(*(read() for _ in range(3)))

    assert sorted(kind for kind, _ in answers) == ["answered", "unavailable", "unavailable"]
    assert all(took < 0.9 for kind, took in answers if kind == "unavailable")


async def test_a_server_that_never_answers_is_unavailable_after_the_pool_timeout() -> None:
    silent = socket.socket()  # accepts connections (its backlog) and never says a word
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{silent.getsockname()[1]}/conduit"
    reads = read_database_for(url, PoolSettings(size=1, max_overflow=0, timeout_seconds=0.5))
    try:
        started = time.monotonic()
        with pytest.raises(Unavailable, match="no read connection came free"):
            await reads.rows(ECHO, {"n": 1})
        took = time.monotonic() - started
    finally:
        await reads.close()
        silent.close()

    assert took < 0.9  # one wait, not a second after taking the silence for a lost server
