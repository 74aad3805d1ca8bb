"""SQLite reads through the standard library's driver answer exactly as SQLAlchemy's engine,
and never hold the event loop for long: a long or locked read finishes on a reading thread."""

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
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

from adapters.shared.sql import sqlite_reads
from adapters.shared.sql.compiled import Statement, converter
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
            driver._run("DELETE FROM events", [])  # a reading thread's
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            driver._run_here("DELETE FROM events", [])  # the event loop's
        assert len(await driver.rows(STATEMENT, {"ids": [1, 2, 3]})) == 3
    finally:
        await driver.close()


async def test_every_reading_connection_maps_the_file(tmp_path: Path) -> None:
    url = await _database(tmp_path)
    driver = read_database_for(url, PoolSettings(size=2))
    assert isinstance(driver, SqliteReadDatabase)
    try:
        await driver.rows(STATEMENT, {"ids": [1]})
        here = driver._here
        assert here is not None
        thread = await asyncio.get_running_loop().run_in_executor(driver._executor, driver._connect)
        options = [row[0] for row in here.execute("PRAGMA compile_options")]
        most = next(
            (int(o.split("=")[1], 0) for o in options if o.startswith("MAX_MMAP_SIZE=")),
            0x7FFF0000,  # SQLite's own default maximum
        )
        for connection in (here, thread):
            mapped = connection.execute("PRAGMA mmap_size").fetchone()[0]
            assert mapped == min(sqlite_reads.MMAP_BYTES, most)
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


def _counting_to(n: int) -> Statement:
    counter = select(literal(1).label("x")).cte("counter", recursive=True)
    counter = counter.union_all(select(counter.c.x + 1).where(counter.c.x < n))
    return select(func.count().label("counted")).select_from(counter)


async def _longest_pause_while(read: Awaitable[Sequence[Any]]) -> tuple[Sequence[Any], float]:
    """What `read` answered, and the longest the event loop went without a turn meanwhile."""
    longest = 0.0

    async def ticking() -> None:
        nonlocal longest
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            longest = max(longest, time.perf_counter() - before)

    ticker = asyncio.create_task(ticking())
    await asyncio.sleep(0.02)
    try:
        answered = await read
        await asyncio.sleep(0.02)  # the ticker's turn: a pause the read caused ends only now
        return answered, longest
    finally:
        ticker.cancel()


async def test_a_read_longer_than_its_budget_is_answered_from_a_thread(tmp_path: Path) -> None:
    url = await _database(tmp_path)
    driver = read_database_for(url, PoolSettings(size=2))
    statement = _counting_to(2_000_000)  # about a second of SQLite's work
    try:
        started = time.perf_counter()
        rows, longest_pause = await _longest_pause_while(driver.rows(statement, {}))
        took = time.perf_counter() - started
    finally:
        await driver.close()

    assert [dict(row) for row in rows] == [{"counted": 2_000_000}]
    # Stopped on the loop's thread after its budget and run again on a reading thread: the
    # loop kept turning, where it would have stood still for the whole read.
    assert longest_pause < took / 3


async def test_a_statement_stopped_twice_for_its_budget_goes_to_a_thread_for_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = await _database(tmp_path)
    driver = read_database_for(url, PoolSettings(size=2))
    assert isinstance(driver, SqliteReadDatabase)
    tried_here: list[str] = []
    run_here = driver._run_here

    def spied(sql: str, values: Sequence[Any]) -> Any:
        tried_here.append(sql)
        return run_here(sql, values)

    monkeypatch.setattr(driver, "_run_here", spied)
    slow, quick = _counting_to(300_000), select(EVENTS.c.id).order_by(EVENTS.c.id)
    try:
        for _ in range(3):
            assert [dict(row) for row in await driver.rows(slow, {})] == [{"counted": 300_000}]
            assert len(await driver.rows(quick, {})) == 3
        # Stopped once, the slow statement is tried on the loop again; stopped twice in a
        # row, it stays off it. The quick one stays on it throughout.
        assert tried_here.count(tried_here[0]) == 2
        assert len(tried_here) == 5
        later = SimpleNamespace(
            perf_counter=time.perf_counter, monotonic=lambda: time.monotonic() + 3600
        )
        monkeypatch.setattr("adapters.shared.sql.sqlite_reads.time", later)
        await driver.rows(slow, {})  # a while later it is tried on the loop again
        assert len(tried_here) == 6
    finally:
        await driver.close()


class _Recovering:
    """The loop's connection while another process recovers the WAL after a crash."""

    def execute(self, *_arguments: object) -> None:
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorcode = sqlite3.SQLITE_BUSY_RECOVERY  # an extended code of BUSY
        raise error


async def test_a_read_meeting_a_recovering_database_gives_way_to_a_thread(
    tmp_path: Path,
) -> None:
    url = await _database(tmp_path)
    driver = read_database_for(url, PoolSettings(size=2))
    assert isinstance(driver, SqliteReadDatabase)
    driver._here = _Recovering()  # type: ignore[assignment]
    try:
        assert len(await driver.rows(STATEMENT, {"ids": [1, 2]})) == 2
    finally:
        await driver.close()


async def test_a_value_the_driver_cannot_decode_fails_as_on_a_thread(tmp_path: Path) -> None:
    path = tmp_path / "undecodable.db"
    with sqlite3.connect(path) as writer:
        writer.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, naive_at)")
        writer.execute("INSERT INTO events VALUES (1, CAST(x'ff' AS TEXT))")  # not UTF-8
    driver = SqliteReadDatabase(str(path), threads=1, busy_timeout_seconds=1)
    try:
        with pytest.raises(sqlite3.OperationalError, match="decode"):
            await driver.rows(select(EVENTS.c.naive_at), {})
    finally:
        await driver.close()


async def test_a_read_after_close_is_unavailable(tmp_path: Path) -> None:
    url = await _database(tmp_path)
    driver = read_database_for(url, PoolSettings(size=2))
    await driver.rows(STATEMENT, {"ids": [1]})
    await driver.close()

    with pytest.raises(Unavailable, match="closed"):
        await driver.rows(STATEMENT, {"ids": [1]})


async def test_a_read_meeting_a_lock_waits_for_it_on_a_thread(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")  # readers wait for a writer's lock here
    holder.execute("CREATE TABLE events (id INTEGER PRIMARY KEY)")
    holder.execute("INSERT INTO events VALUES (1)")
    driver = SqliteReadDatabase(str(path), threads=1, busy_timeout_seconds=10)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        # Released by the event loop: a read that waited for the lock on the loop's own
        # thread would stop the release itself, and wait out the whole busy timeout.
        asyncio.get_running_loop().call_later(0.3, holder.execute, "COMMIT")
        started = time.perf_counter()
        rows = await driver.rows(select(EVENTS.c.id), {})
        waited = time.perf_counter() - started
    finally:
        await driver.close()
        holder.close()

    assert [dict(row) for row in rows] == [{"id": 1}]
    assert 0.25 < waited < 5


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
