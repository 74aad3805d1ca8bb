"""A time limit on work done on a session that also stops the statement running at the deadline."""

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.sql.driver import sqlite_driver
from adapters.shared.sql.sqlite_writer import SqliteWriterConnection

# On SQLite, how long after interrupting the statement the work is cancelled: the statement
# stops within milliseconds; this only bounds work that is not a statement (a network call).
SQLITE_GRACE_SECONDS = 0.25
# How many SQLite steps between two looks at the clock while a statement runs: a point write
# takes a few hundred and is never looked at; a long one is seen to every ~100 us.
PROGRESS_STEPS = 10_000


@asynccontextmanager
async def statement_deadline(session: AsyncSession, seconds: float) -> AsyncIterator[None]:
    """`asyncio.timeout(seconds)` around work on `session`; raises TimeoutError when it overran.

    PostgreSQL needs nothing more: asyncpg cancels the query on the server when cancelled.
    On SQLite, cancelling is not enough. aiosqlite runs a statement in a thread of its own that
    a cancelled task leaves running, and SQLAlchemy, seeing the cancellation, discards the
    connection: its transaction, with SQLite's one write lock, outlived the close for as long
    as anything referenced the statement (in tests, every writer after it waited 15 s and
    failed). So the statement is stopped at the deadline instead, from inside SQLite, on
    whichever thread runs it (the writer's run on the loop's own, sqlite_writer.py): it fails at
    once on a connection that stays whole, and the work is cancelled only if it goes on past a
    short grace.
    """
    found = await _sqlite_connection(session)
    if found is None:
        async with asyncio.timeout(seconds):
            yield
        return
    sqlite, on_the_loop = found
    interrupted = False
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds

    def past_deadline() -> bool:
        # SQLite's progress handler, called every PROGRESS_STEPS steps of a statement in the
        # thread running it: a statement running on the loop's own thread (the writer's,
        # inside its transaction) is stopped by this, as no timer of the loop can fire.
        nonlocal interrupted
        if loop.time() < deadline:
            return False
        interrupted = True
        return True  # stop the statement

    def interrupt() -> None:
        with suppress(sqlite3.ProgrammingError):  # closed meanwhile: nothing runs on it
            sqlite.interrupt()

    def at_deadline() -> None:
        nonlocal interrupted
        interrupted = True
        interrupt()  # a statement waiting, or running on the connection's thread

    if on_the_loop:
        # Only then: set or cleared while a statement runs on the driver's thread, the
        # handler could deadlock (this thread holding the GIL and waiting for the
        # connection, that one holding the connection and waiting for the GIL to call it).
        sqlite.set_progress_handler(past_deadline, PROGRESS_STEPS)
    # Interrupted again just before the cancellation, for work that started a second
    # statement after the first one failed.
    handles = [
        loop.call_at(deadline, at_deadline),
        loop.call_at(deadline + SQLITE_GRACE_SECONDS, interrupt),
    ]
    try:
        async with asyncio.timeout(seconds + SQLITE_GRACE_SECONDS):
            yield
    except TimeoutError:
        raise
    except Exception as error:
        if interrupted:  # the statement's "interrupted", or what the work made of it
            raise TimeoutError from error
        raise
    finally:
        for handle in handles:
            handle.cancel()
        if on_the_loop:
            with suppress(sqlite3.ProgrammingError):  # closed by a cancellation meanwhile
                sqlite.set_progress_handler(None, 0)
    if interrupted:  # the work caught the interruption and went on: it still overran
        raise TimeoutError


async def _sqlite_connection(session: AsyncSession) -> tuple[sqlite3.Connection, bool] | None:
    """The driver's connection under `session` on SQLite, and whether its statements run on
    the loop's thread; None where cancelling the task is enough (asyncpg cancels the query
    on the server). The database is told by the session's engine first: connecting the
    session costs a greenlet hop (~15 us a delivery) that other databases need not pay. On
    PostgreSQL a savepoint begun for the work is therefore sent with its first statement,
    inside the time limit (a work that touches no table sends none)."""
    if session.sync_session.get_bind().dialect.name != "sqlite":
        return None
    driver = await sqlite_driver(await session.connection())
    if driver is None:
        return None
    # interrupt() and set_progress_handler() are safe from any thread; the writer's
    # connection is made to be used from the loop's thread too (sqlite_writer.py).
    found: sqlite3.Connection = driver._conn
    return found, isinstance(driver, SqliteWriterConnection) and driver.answers_at_once
