"""SQLite's writer: a transaction holding the write lock runs through without waiting for the
event loop, and waiting for the lock never holds the loop."""

import asyncio
import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker

from adapters.shared.sql.engine import create_engine
from adapters.shared.sql.sqlite_writer import (
    AUTOCHECKPOINT_PAGES,
    CHECKPOINT_EVERY,
    SqliteWriterConnection,
)


@contextmanager
def loop_turns() -> Iterator[list[int]]:
    """A one-item list counting the event loop's turns while the block runs."""
    loop = asyncio.get_running_loop()
    turns = [0]
    handle: asyncio.Handle | None = None

    def tick() -> None:
        nonlocal handle
        turns[0] += 1
        handle = loop.call_soon(tick)

    tick()
    try:
        yield turns
    finally:
        assert handle is not None
        handle.cancel()


async def test_a_transaction_on_a_free_lock_takes_no_turn_of_the_loop(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (n INTEGER)"))
        with loop_turns() as turns:
            before = turns[0]
            connection = await engine.connect()  # from the pool
            transaction = await connection.begin()  # BEGIN IMMEDIATE
            for n in range(20):
                await connection.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})
            await connection.execute(text("UPDATE t SET n = n + 1"))
            await transaction.commit()
            during = turns[0] - before
            await connection.close()  # back to the pool (SQLAlchemy's own shielded task)
        async with engine.connect() as connection:
            total = (await connection.execute(text("SELECT sum(n) FROM t"))).scalar()
    finally:
        await engine.dispose()

    # Through aiosqlite's thread each call was a turn at least (BEGIN, 21 statements, their
    # cursors, COMMIT).
    assert during == 0
    assert total == sum(range(1, 21))


async def test_waiting_for_the_lock_another_process_holds_leaves_the_loop_free(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (n INTEGER)"))
        other.execute("BEGIN IMMEDIATE")  # another process's writer holds the lock

        async def write() -> None:
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t VALUES (1)"))

        with loop_turns() as turns:
            writing = asyncio.create_task(write())
            await asyncio.sleep(0.3)
            assert not writing.done()  # waiting for the lock
            assert turns[0] > 10  # and the loop went on meanwhile
        other.execute("INSERT INTO t VALUES (2)")
        other.execute("COMMIT")
        async with asyncio.timeout(10):
            await writing
        async with engine.connect() as connection:
            found = (await connection.execute(text("SELECT n FROM t ORDER BY n"))).scalars()
            assert found.all() == [1, 2]
    finally:
        other.close()
        await engine.dispose()


async def test_without_wal_every_call_goes_to_the_driver_s_thread() -> None:
    """With a rollback journal (here an in-memory database, which cannot use WAL) a COMMIT
    waits for readers: nothing may then run on the loop's thread."""
    engine = create_engine("sqlite+aiosqlite:///:memory:")  # one pooled connection, kept
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (n INTEGER)"))
        with loop_turns() as turns:
            before = turns[0]
            connection = await engine.connect()
            transaction = await connection.begin()
            await connection.execute(text("INSERT INTO t VALUES (1)"))
            found = (await connection.execute(text("SELECT n FROM t"))).scalar()
            await transaction.commit()
            during = turns[0] - before
            await connection.close()
    finally:
        await engine.dispose()

    assert found == 1
    assert during >= 4  # BEGIN, the two statements and COMMIT, each a trip to the thread


def _in_the_database_file(path: Path) -> int:
    """Rows of t in the database file itself, leaving out the WAL (not yet checkpointed)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as reader:
        return int(reader.execute("SELECT count(*) FROM t").fetchone()[0])


async def test_the_wal_is_checkpointed_on_the_driver_s_thread_every_so_many_commits(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.db"
    with contextlib.closing(sqlite3.connect(path)) as setup:
        setup.execute("CREATE TABLE t (n INTEGER)")  # in the file itself, before any WAL
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.connect() as connection:
            setting = await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")
            assert setting.scalar() == AUTOCHECKPOINT_PAGES  # a backstop, not every 1,000
            await connection.commit()
            raw = await connection.get_raw_connection()
            writer = raw.driver_connection
            assert isinstance(writer, SqliteWriterConnection)
            inserted = 0
            while (writer._commits + 1) % CHECKPOINT_EVERY:
                await connection.execute(text("INSERT INTO t VALUES (1)"))
                await connection.commit()
                inserted += 1
            assert _in_the_database_file(path) == 0  # all in the WAL so far
            await connection.execute(text("INSERT INTO t VALUES (1)"))
            await connection.commit()  # the CHECKPOINT_EVERY-th: a checkpoint is queued
            await connection.exec_driver_sql("SELECT 1")  # its BEGIN waits for it, on the thread
            await connection.commit()
            # Checked before the engine closes: SQLite checkpoints when the last connection does.
            assert _in_the_database_file(path) == inserted + 1
    finally:
        await engine.dispose()


async def test_a_transaction_a_failed_commit_left_open_does_not_stop_the_next(
    tmp_path: Path,
) -> None:
    """SQLite keeps the transaction open when its COMMIT fails on a deferred foreign key
    (a comment whose article was deleted meanwhile); a session closed by `async with`
    does not roll it back, and every later BEGIN failed."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}")
    sessions = async_sessionmaker(engine)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE a (id INTEGER PRIMARY KEY)"))
            await connection.execute(
                text(
                    "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER"
                    " REFERENCES a (id) DEFERRABLE INITIALLY DEFERRED)"
                )
            )
        async with sessions() as session:
            await session.execute(text("INSERT INTO b (a_id) VALUES (42)"))  # no such a
            with pytest.raises(IntegrityError):
                await session.commit()

        async with sessions() as session:
            await session.execute(text("INSERT INTO a (id) VALUES (1)"))
            await session.commit()
        async with engine.connect() as connection:
            found = (await connection.execute(text("SELECT count(*) FROM b"))).scalar()
    finally:
        await engine.dispose()

    assert found == 0  # the failed one's row is gone with its transaction
