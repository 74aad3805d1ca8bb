"""The units of work's engine on PostgreSQL: its pre-ping is the transaction's own BEGIN, and
still heals a connection the server dropped; its pool keeps what a burst opened."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.sql.engine import PoolSettings, create_engine
from tests.support.databases import (
    temporary_database,
    terminate_connections,
)

pytestmark = pytest.mark.postgres


@asynccontextmanager
async def one_connection_engine(
    tmp_path: Path, name: str
) -> AsyncIterator[tuple[AsyncEngine, str]]:
    """A fresh PostgreSQL database, and a units-of-work engine on it pooling one connection."""
    async with temporary_database("postgres", tmp_path, name) as url:
        engine = create_engine(url, PoolSettings(size=1, max_overflow=0))
        try:
            yield engine, url
        finally:
            await engine.dispose()


async def test_the_pre_ping_is_the_transactions_own_begin(tmp_path: Path) -> None:
    async with one_connection_engine(tmp_path, "ping") as (engine, _url):
        sent: list[str] = []
        async with engine.connect() as connection:  # the pool now holds one connection
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection
            driver.add_query_logger(lambda record: sent.append(record.query))
        async with engine.begin() as connection:  # checked out again: pinged, then used
            await connection.execute(text("SELECT 1"))

    # No round trip of the ping's own: SQLAlchemy's sent BEGIN; ; ROLLBACK; first, ours a `;`
    # until the BEGIN served as the ping. (Prepared statements, such as the SELECT, do not
    # reach the query logger.)
    assert sent == ["BEGIN ISOLATION LEVEL READ COMMITTED;", "COMMIT;"]


async def test_a_connection_in_autocommit_is_pinged_with_an_empty_statement(
    tmp_path: Path,
) -> None:
    async with one_connection_engine(tmp_path, "ping_autocommit") as (engine, _url):
        sent: list[str] = []
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection
            driver.add_query_logger(lambda record: sent.append(record.query))
            raw.dbapi_connection.autocommit = True  # type: ignore[union-attr]
        async with engine.connect() as connection:  # pinged as it was left: no BEGIN
            assert (await connection.execute(text("SELECT 1"))).scalar() == 1

    assert sent[0] == ";"
    assert not any(query.startswith("BEGIN") for query in sent)


async def test_a_unit_of_work_after_the_server_dropped_its_connection_still_commits(
    tmp_path: Path,
) -> None:
    async with one_connection_engine(tmp_path, "ping_heals") as (engine, url):
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (n integer)"))
        await terminate_connections(url)  # what a PostgreSQL restart does to them

        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t VALUES (1)"))
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT n FROM t"))).scalars().all() == [1]


@pytest.mark.parametrize(
    ("option", "setting", "expected"),
    [
        ({"postgresql_readonly": True}, "transaction_read_only", "on"),
        ({"postgresql_deferrable": True}, "transaction_deferrable", "on"),
        ({"isolation_level": "REPEATABLE READ"}, "transaction_isolation", "repeatable read"),
    ],
)
async def test_what_is_set_after_checkout_holds_for_the_transaction(
    tmp_path: Path, option: dict[str, Any], setting: str, expected: str
) -> None:
    """The ping has begun a transaction by then: it is begun again with the setting."""
    async with one_connection_engine(tmp_path, "ping_settings") as (engine, _url):
        async with engine.connect() as connection:  # the pool now holds one connection
            await connection.execute(text("SELECT 1"))
        async with engine.connect() as connection:  # pinged: a transaction begun
            configured = await connection.execution_options(**option)
            shown = (await configured.execute(text(f"SHOW {setting}"))).scalar()

    assert shown == expected


async def test_savepoints_are_simple_queries_that_undo_only_their_own_writes(
    tmp_path: Path,
) -> None:
    """Not prepared (a prepared statement never reaches the query logger): one round trip
    each, and no cached statement per savepoint name."""
    async with one_connection_engine(tmp_path, "savepoints") as (engine, _url):
        sent: list[str] = []
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (n integer)"))
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection
            driver.add_query_logger(lambda record: sent.append(record.query))
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t VALUES (1)"))
            async with connection.begin_nested():
                await connection.execute(text("INSERT INTO t VALUES (2)"))
            savepoint = await connection.begin_nested()
            await connection.execute(text("INSERT INTO t VALUES (3)"))
            await savepoint.rollback()
        async with engine.connect() as connection:
            found = (await connection.execute(text("SELECT n FROM t ORDER BY n"))).scalars()
            assert found.all() == [1, 2]

    assert [query for query in sent if "SAVEPOINT" in query] == [
        "SAVEPOINT sa_savepoint_1",
        "RELEASE SAVEPOINT sa_savepoint_1",
        "SAVEPOINT sa_savepoint_2",
        "ROLLBACK TO SAVEPOINT sa_savepoint_2",
    ]


async def test_a_savepoint_first_on_a_new_connection_begins_the_transaction(
    tmp_path: Path,
) -> None:
    async with one_connection_engine(tmp_path, "savepoint_first") as (engine, _url):
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (n integer)"))
        await engine.dispose()  # the next connection is new: not pinged, nothing begun
        async with engine.connect() as connection:
            async with connection.begin_nested():
                await connection.execute(text("INSERT INTO t VALUES (1)"))
            await connection.rollback()  # the transaction the savepoint was in
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 0


async def test_a_savepoint_on_a_dropped_connection_invalidates_it(tmp_path: Path) -> None:
    async with one_connection_engine(tmp_path, "savepoint_dropped") as (engine, url):
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            await terminate_connections(url)
            with pytest.raises(DBAPIError) as raised:
                await connection.begin_nested()
            assert raised.value.connection_invalidated
        async with engine.begin() as connection:  # the pool goes on with a new one
            assert (await connection.execute(text("SELECT 1"))).scalar() == 1


async def test_a_savepoint_whose_statement_failed_rolls_back_and_the_transaction_goes_on(
    tmp_path: Path,
) -> None:
    """A handler's own SQL error: PostgreSQL aborts the transaction up to the savepoint."""
    async with one_connection_engine(tmp_path, "savepoint_failed") as (engine, _url):
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (n integer PRIMARY KEY)"))
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t VALUES (1)"))
            savepoint = await connection.begin_nested()
            await connection.execute(text("INSERT INTO t VALUES (2)"))
            with pytest.raises(IntegrityError):
                await connection.execute(text("INSERT INTO t VALUES (1)"))
            await savepoint.rollback()
            await connection.execute(text("INSERT INTO t VALUES (3)"))
        async with engine.connect() as connection:
            found = (await connection.execute(text("SELECT n FROM t ORDER BY n"))).scalars()
            assert found.all() == [1, 3]


SESSIONS_HERE = (
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND backend_type = 'client backend'"
)


async def test_bursts_above_the_pool_size_reuse_their_connections(tmp_path: Path) -> None:
    async with temporary_database("postgres", tmp_path, "bursts") as url:
        engine = create_engine(url, PoolSettings(size=2, max_overflow=3))
        backends: set[int] = set()

        async def unit_of_work() -> None:
            async with engine.begin() as connection:
                backends.add(await connection.scalar(text("SELECT pg_backend_pid()")))
                await connection.execute(text("SELECT pg_sleep(0.05)"))  # all 5 at once

        try:
            for _ in range(4):
                await asyncio.gather(*(unit_of_work() for _ in range(5)))
            # SQLAlchemy's own pool opened 3 new server processes at each later burst (14).
            assert len(backends) == 5
            async with engine.connect() as connection:  # all five still open, this one too
                assert await connection.scalar(text(SESSIONS_HERE)) == 5
        finally:
            await engine.dispose()
