"""SQLite reads through the standard library's driver answer exactly as SQLAlchemy's engine."""

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    DateTime,
    Integer,
    bindparam,
    column,
    func,
    literal,
    select,
    table,
    text,
)
from sqlalchemy.dialects.sqlite.pysqlite import dialect as pysqlite_dialect
from sqlmodel.sql.sqltypes import UTCDateTime

from adapters.shared.sql.compiled import converter
from adapters.shared.sql.engine import PoolSettings, create_engine
from adapters.shared.sql.read_database import SqlAlchemyReadDatabase, read_database_for
from adapters.shared.sql.sqlite_reads import SqliteReadDatabase
from application.shared.unavailable import Unavailable

EVENTS = table(
    "events",
    column("id", Integer),
    column("happened_at", UTCDateTime()),
    column("naive_at", DateTime()),
    column("done", Boolean),
)
STATEMENT = (
    select(
        EVENTS.c.id,
        EVENTS.c.happened_at,
        EVENTS.c.naive_at,
        EVENTS.c.done,
        literal("x").label("constant"),
    )
    .where(EVENTS.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(EVENTS.c.id)
)


async def _database(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'reads.db'}"
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE events (id INTEGER PRIMARY KEY, happened_at, naive_at, done)")
        )
        await connection.execute(
            text(
                "INSERT INTO events VALUES (1, :at, :at, 1), (2, NULL, NULL, 0), (3, :at, :at, 0)"
            ),
            {"at": "2026-12-02 10:11:12.123456"},
        )
    await engine.dispose()
    return url


async def test_rows_are_typed_exactly_as_through_the_engine(tmp_path: Path) -> None:
    url = await _database(tmp_path)
    driver = read_database_for(url, PoolSettings(size=2))
    engine = SqlAlchemyReadDatabase(create_engine(url, PoolSettings(), autocommit=True))
    assert isinstance(driver, SqliteReadDatabase)
    try:
        for ids in ([1, 2, 3], [3], [2, 1]):
            ours = [dict(row) for row in await driver.rows(STATEMENT, {"ids": ids})]
            theirs = [dict(row) for row in await engine.rows(STATEMENT, {"ids": ids})]
            assert ours == theirs
        first = (await driver.rows(STATEMENT, {"ids": [1]}))[0]
        assert isinstance(first["happened_at"], datetime)
        assert first["happened_at"].tzinfo is not None
        assert first["done"] is True
    finally:
        await driver.close()
        await engine.close()


async def test_rows_needing_no_conversion_read_as_through_the_engine(tmp_path: Path) -> None:
    """Such rows come as the driver makes them (no dict per row): same keys, same values."""
    url = await _database(tmp_path)
    driver = read_database_for(url, PoolSettings(size=2))
    engine = SqlAlchemyReadDatabase(create_engine(url, PoolSettings(), autocommit=True))
    other = EVENTS.alias("other")
    statements = [
        select(EVENTS.c.id).order_by(EVENTS.c.id),
        select(EVENTS.c.id, other.c.id).join(other, other.c.id == EVENTS.c.id),  # "id" twice
        select(func.count().label("total"), literal("x")),  # a label, and an anonymous one
        select(EVENTS.c.id).where(EVENTS.c.id > 5),  # no rows
    ]
    try:
        for statement in statements:
            ours = await driver.rows(statement, {})
            theirs = await engine.rows(statement, {})
            assert [dict(row) for row in ours] == [dict(row) for row in theirs]
            for mine, expected in zip(ours, theirs, strict=True):
                assert all(mine[key] == expected[key] for key in expected)
    finally:
        await driver.close()
        await engine.close()


async def test_the_read_path_cannot_write(tmp_path: Path) -> None:
    url = await _database(tmp_path)
    driver = read_database_for(url, PoolSettings(size=2))
    assert isinstance(driver, SqliteReadDatabase)
    try:
        # Its connections are query-only: a write that reached one would fail, not land.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            driver._run("DELETE FROM events", [])
        assert len(await driver.rows(STATEMENT, {"ids": [1, 2, 3]})) == 3
    finally:
        await driver.close()


async def test_a_file_that_cannot_be_opened_is_unavailable(tmp_path: Path) -> None:
    missing_directory = tmp_path / "nowhere" / "reads.db"
    driver = read_database_for(f"sqlite:///{missing_directory}", PoolSettings(size=2))
    try:
        with pytest.raises(Unavailable):
            await driver.rows(STATEMENT, {"ids": [1]})
    finally:
        await driver.close()


def _converters() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(SQLAlchemy's, ours) for an aware datetime stored in SQLite."""
    dialect = pysqlite_dialect()
    theirs = UTCDateTime()._cached_result_processor(dialect, None)
    ours = converter(UTCDateTime(), dialect)
    assert theirs is not None
    assert ours is not None
    return theirs, ours


@pytest.mark.parametrize(
    "stored",
    [
        "2026-12-02 10:11:12.123456",  # as SQLAlchemy writes an aware datetime
        "2026-12-02 10:11:12",  # SQLite's CURRENT_TIMESTAMP
        "2026-12-02",
        "2026-12-02T10:11:12.5",
        "2026-12-02 10:11:12.123456+02:00",
        "2026-12-02 10:11:12.1234567",
        "20261202",
    ],
)
def test_a_stored_datetime_converts_as_sqlalchemy_converts_it(stored: str) -> None:
    theirs, ours = _converters()

    assert ours(stored) == theirs(stored)
    assert ours(stored).tzinfo is UTC


@pytest.mark.parametrize(
    "stored", ["", "garbage", "2026-13-02 10:11:12.123456", "2026-12-02 10:11:12."]
)
def test_a_stored_datetime_it_cannot_read_fails_as_sqlalchemy_fails(stored: str) -> None:
    theirs, ours = _converters()

    assert _refusal(ours, stored) == _refusal(theirs, stored)


def _refusal(convert: Callable[[Any], Any], stored: str) -> str:
    try:
        convert(stored)
    except ValueError as error:
        return str(error)
    raise AssertionError(f"{stored!r} was read")
