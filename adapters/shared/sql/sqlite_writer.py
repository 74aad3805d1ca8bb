"""SQLite's writer connection: statements of a transaction it holds run at once, not on a thread.

aiosqlite sends every call to the connection's own thread and wakes the caller through the
event loop, so each statement of a unit of work waited for the loop to come round while the
unit of work held SQLite's one write lock, and under load every writer queued behind those
waits (bench/RESULTS.md). Once the connection is inside a transaction, BEGIN IMMEDIATE holds
the lock and nothing can make a statement wait for another writer (WAL: readers never block
it), so its calls run on the caller's thread and a unit of work runs through in one turn of
the loop. The lock itself is taken at once when it is free; when another process holds it,
BEGIN waits for it (up to the busy timeout) on the thread, as does anything else outside a
transaction that could wait, and the WAL's checkpoints. The price: a long statement holds
the loop while it runs (an event handler's is stopped at its deadline, `statement_deadline`).

It relies on aiosqlite's internals (0.22: the queue of calls its thread serves, and that
thread's loop): tests/integration/test_sqlite_writer.py fails if an upgrade changes them.
"""

import logging
import sqlite3
import threading
from collections.abc import Callable
from functools import partial
from queue import SimpleQueue
from typing import Any

import aiosqlite
from aiosqlite.core import _connection_worker_thread
from sqlalchemy.util import await_

log = logging.getLogger("conduit.sqlite")

# Commits between two checkpoints of the WAL (a unit of work writes ~5 to 10 pages; SQLite's
# own checkpoint comes at 1,000).
CHECKPOINT_EVERY = 100
# SQLite's own checkpoint on a COMMIT, kept as a backstop for writers that seldom reach
# CHECKPOINT_EVERY (a CLI command beside a quiet server): the WAL stays below ~40 MB.
AUTOCHECKPOINT_PAGES = 10_000


class _CountedCalls(SimpleQueue[tuple[Any, Callable[[], Any]]]):
    """aiosqlite's queue of calls for its thread, counting those not finished there: every
    call goes through it (SQLAlchemy's isolation-level setter and aiosqlite's stop() put
    theirs straight in)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._unfinished = 0

    @property
    def idle(self) -> bool:
        with self._lock:
            return self._unfinished == 0

    def put(
        self, item: tuple[Any, Callable[[], Any]], block: bool = True, timeout: float | None = None
    ) -> None:
        self.put_nowait(item)  # never full

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        future, function = item
        with self._lock:
            self._unfinished += 1

        def counted() -> Any:  # on the thread
            try:
                return function()
            finally:
                with self._lock:
                    self._unfinished -= 1

        super().put_nowait((future, counted))


class SqliteWriterConnection(aiosqlite.Connection):
    """aiosqlite's connection, answering at once inside a transaction when its thread is idle."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], busy_timeout_ms: int) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._calls = _CountedCalls()
        self._tx = self._calls
        self._thread = threading.Thread(
            target=_connection_worker_thread,
            args=(self._calls,),
            daemon=True,  # as SQLAlchemy's dialect makes aiosqlite's own
        )
        self._busy_timeout_ms = busy_timeout_ms
        # Set once connected: only in WAL mode can a transaction's statements never wait
        # (with a rollback journal a COMMIT waits for the readers).
        self.answers_at_once = False
        self._commits = 0

    def end_stray_transaction(self) -> None:
        """Rolls back a transaction nobody owns before the next begins. A COMMIT that failed
        (a deferred foreign key violated) leaves SQLite's transaction open, and SQLAlchemy,
        which counts it ended, rolls it back only if asked (a unit of work does; a session
        closed by `async with` does not): the next BEGIN would fail, and every one after it."""
        if self._connection is None or not self._running:
            return
        if self._usable_here() is not None:
            self._roll_back_if_open()
        else:  # on the thread, behind what it has to do
            await_(super()._execute(self._roll_back_if_open))  # type: ignore[no-untyped-call]

    def _roll_back_if_open(self) -> None:
        connection = self._connection
        if connection is not None and connection.in_transaction:
            log.warning("rolled back a transaction a failed COMMIT left open")
            connection.rollback()

    def begin_immediate_at_once(self) -> bool:
        """BEGIN IMMEDIATE here and now if no other process holds the write lock; False
        otherwise (nothing begun), and the caller begins on the thread, which waits for it."""
        connection = self._usable_here()
        if connection is None:
            return False
        connection.execute("PRAGMA busy_timeout=0")
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:  # extended codes too
                raise
            return False
        finally:
            connection.execute(f"PRAGMA busy_timeout={self._busy_timeout_ms}")
        return True

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        connection = self._usable_here()
        if connection is not None and (connection.in_transaction or _never_waits(fn, connection)):
            committing = connection.in_transaction and _is(fn, connection, "commit")
            result = fn(*args, **kwargs)
            if committing:
                self._committed()
            return result
        # aiosqlite leaves it unannotated.
        return await super()._execute(fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    def _committed(self) -> None:
        """Copies the WAL into the database every CHECKPOINT_EVERY commits, on the thread:
        left to SQLite's own checkpoint (kept on this connection only as a backstop, at
        AUTOCHECKPOINT_PAGES), the COMMIT that crossed 1,000 pages did it on the loop's
        thread (4-5 ms, 135 ms on cold pages). PASSIVE: it waits for no reader. The unit of
        work that committed waits for it (its connection's check-in goes to the thread
        behind it) and with it the next writer, on the thread: the loop goes on."""
        self._commits += 1
        if self._commits % CHECKPOINT_EVERY == 0:
            self._tx.put_nowait((None, self._checkpoint))

    def _checkpoint(self) -> None:
        if self._connection is not None:  # not closed meanwhile
            self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _usable_here(self) -> sqlite3.Connection | None:
        """The driver's connection if this thread may use it now: never beside a call the
        connection's thread still runs, or has yet to (one whose caller was cancelled while
        it waited, say), as the connection serves one call at a time."""
        if not (self.answers_at_once and self._running and self._calls.idle):
            return None
        return self._connection


def _never_waits(fn: Callable[..., Any], connection: sqlite3.Connection) -> bool:
    """A call that cannot wait for a lock: making or closing a cursor, and COMMIT or ROLLBACK
    outside a transaction (no-ops: SQLAlchemy rolls back every connection it takes back)."""
    if _is(fn, connection, "cursor", "commit", "rollback"):
        return True
    return isinstance(getattr(fn, "__self__", None), sqlite3.Cursor) and _is(fn, None, "close")


def _is(fn: Callable[..., Any], owner: object, *names: str) -> bool:
    """Whether `fn` is one of the methods `names` of `owner` (any owner for None)."""
    bound_to = getattr(fn, "__self__", None)
    return (owner is None or bound_to is owner) and getattr(fn, "__name__", "") in names


def connect_writer(database: str, **kwargs: Any) -> SqliteWriterConnection:
    """What SQLAlchemy's aiosqlite dialect calls instead of `aiosqlite.connect`."""
    # The connection is used from the caller's thread as well as from its own.
    options = kwargs | {"check_same_thread": False}
    busy_timeout_ms = round(float(options.get("timeout", 5.0)) * 1000)  # sqlite3's default
    return SqliteWriterConnection(partial(sqlite3.connect, database, **options), busy_timeout_ms)
