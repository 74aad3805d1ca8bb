"""The units of work's engine on PostgreSQL: its pre-ping is the transaction's own BEGIN, and
still heals a connection the server dropped."""

from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text

from adapters.shared.sql.engine import PoolSettings, create_engine
from tests.support.databases import (
    POSTGRES_HOST,
    POSTGRES_PORT,
    POSTGRES_USER,
    temporary_database,
)

pytestmark = pytest.mark.postgres


async def test_the_pre_ping_is_the_transactions_own_begin(tmp_path: Path) -> None:
    async with temporary_database("postgres", tmp_path, "ping") as url:
        engine = create_engine(url, PoolSettings(size=1, max_overflow=0))
        sent: list[str] = []
        try:
            async with engine.connect() as connection:  # the pool now holds one connection
                raw = await connection.get_raw_connection()
                driver: Any = raw.driver_connection
                driver.add_query_logger(lambda record: sent.append(record.query))
            async with engine.begin() as connection:  # checked out again: pinged, then used
                await connection.execute(text("SELECT 1"))
        finally:
            await engine.dispose()

    # No round trip of the ping's own: SQLAlchemy's sent BEGIN; ; ROLLBACK; first, ours a `;`
    # until the BEGIN served as the ping. (Prepared statements, such as the SELECT, do not
    # reach the query logger.)
    assert sent == ["BEGIN ISOLATION LEVEL READ COMMITTED;", "COMMIT;"]


async def test_a_connection_in_autocommit_is_pinged_with_an_empty_statement(
    tmp_path: Path,
) -> None:
    async with temporary_database("postgres", tmp_path, "ping_autocommit") as url:
        engine = create_engine(url, PoolSettings(size=1, max_overflow=0))
        sent: list[str] = []
        try:
            async with engine.connect() as connection:
                raw = await connection.get_raw_connection()
                driver: Any = raw.driver_connection
                driver.add_query_logger(lambda record: sent.append(record.query))
                raw.dbapi_connection.autocommit = True  # type: ignore[union-attr]
            async with engine.connect() as connection:  # pinged as it was left: no BEGIN
                assert (await connection.execute(text("SELECT 1"))).scalar() == 1
        finally:
            await engine.dispose()

    assert sent[0] == ";"
    assert not any(query.startswith("BEGIN") for query in sent)


async def test_a_unit_of_work_after_the_server_dropped_its_connection_still_commits(
    tmp_path: Path,
) -> None:
    async with temporary_database("postgres", tmp_path, "ping_heals") as url:
        engine = create_engine(url, PoolSettings(size=1, max_overflow=0))
        try:
            async with engine.begin() as connection:
                await connection.execute(text("CREATE TABLE t (n integer)"))
            admin = await asyncpg.connect(
                host=POSTGRES_HOST, port=POSTGRES_PORT, user=POSTGRES_USER, database="postgres"
            )
            try:  # what a PostgreSQL restart does to the pooled connection
                await admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                    url.rsplit("/", 1)[1],
                )
            finally:
                await admin.close()

            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t VALUES (1)"))
            async with engine.connect() as connection:
                assert (await connection.execute(text("SELECT n FROM t"))).scalars().all() == [1]
        finally:
            await engine.dispose()
