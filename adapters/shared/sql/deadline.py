"""A time limit on work done on a session that also stops the statement running at the deadline."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

from sqlalchemy.ext.asyncio import AsyncSession

# On SQLite, how long after interrupting the statement the work is cancelled: the statement
# stops within milliseconds; this only bounds work that is not a statement (a network call).
SQLITE_GRACE_SECONDS = 0.25


@asynccontextmanager
async def statement_deadline(session: AsyncSession, seconds: float) -> AsyncIterator[None]:
    """`asyncio.timeout(seconds)` around work on `session`; raises TimeoutError when it overran.

    PostgreSQL needs nothing more: asyncpg cancels the query on the server when cancelled.
    On SQLite, cancelling is not enough. aiosqlite runs a statement in a thread of its own that
    a cancelled task leaves running, and SQLAlchemy, seeing the cancellation, discards the
    connection: its transaction, with SQLite's one write lock, outlived the close for as long
    as anything referenced the statement (in tests, every writer after it waited 15 s and
    failed). So the statement is interrupted at the deadline instead: it fails at once, in its
    own thread, on a connection that stays whole, and the work is cancelled only if it goes
    on past a short grace.
    """
    interrupt = await _interrupter(session)
    if interrupt is None:
        async with asyncio.timeout(seconds):
            yield
        return
    interrupted = False

    def at_deadline() -> None:
        nonlocal interrupted
        interrupted = True
        interrupt()

    # Interrupted again just before the cancellation, for work that started a second
    # statement after the first one failed.
    loop = asyncio.get_running_loop()
    handles = [
        loop.call_later(seconds, at_deadline),
        loop.call_later(seconds + SQLITE_GRACE_SECONDS, interrupt),
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
    if interrupted:  # the work caught the interruption and went on: it still overran
        raise TimeoutError


async def _interrupter(session: AsyncSession) -> Callable[[], None] | None:
    """What stops the statement running on `session`'s connection; None where cancelling the
    task is enough."""
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        return None
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection  # aiosqlite's Connection
    if driver is None:
        return None

    def interrupt() -> None:
        # aiosqlite's interrupt() calls sqlite3's, which any thread may call, directly rather
        # than through the queue the running statement holds: it never suspends, so it is
        # run to its end here, at once. Scheduled as a task it could land a loop turn later,
        # on whatever statement came next.
        with suppress(StopIteration, ValueError):  # ValueError: the connection is closed
            driver.interrupt().send(None)

    return interrupt
