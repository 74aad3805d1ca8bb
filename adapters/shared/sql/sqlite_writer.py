"""SQLite's writer connection: statements of a transaction it holds run at once, not on a thread.

aiosqlite sends every call to the connection's own thread and wakes the caller through the
event loop, so each statement of a unit of work waited for the loop to come round while the
unit of work held SQLite's one write lock, and under load every writer queued behind those
waits (bench/RESULTS.md). Once the connection is inside a transaction, BEGIN IMMEDIATE holds
the lock and nothing can make a statement wait for another writer (WAL: readers never block
it), so its calls run on the caller's thread and a unit of work runs through in one turn of
the loop. Taking the lock, which may wait up to the busy timeout for another process, and
anything outside a transaction still go to the thread. A statement that could run long is
bounded by `statement_deadline`, which stops it from inside SQLite, whichever thread runs it.
"""

import sqlite3
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite


class SqliteWriterConnection(aiosqlite.Connection):
    """aiosqlite's connection, answering at once inside a transaction when its thread is idle."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._thread.daemon = True  # as SQLAlchemy's dialect makes aiosqlite's own
        self._count_lock = threading.Lock()
        self._on_thread = 0  # calls sent to the thread and not finished there

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        connection = self._connection
        with self._count_lock:
            # Never beside a call the thread still runs, or has yet to (one whose caller
            # was cancelled while it waited, say): the connection is used by one at a time.
            inline = (
                self._on_thread == 0
                and self._running
                and connection is not None
                and connection.in_transaction
            )
            if not inline:
                self._on_thread += 1
        if inline:
            return fn(*args, **kwargs)
        # aiosqlite leaves it unannotated.
        return await super()._execute(self._counted, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    def _counted(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Runs on the connection's thread."""
        try:
            return fn(*args, **kwargs)
        finally:
            with self._count_lock:
                self._on_thread -= 1


def connect_writer(database: str, **kwargs: Any) -> SqliteWriterConnection:
    """What SQLAlchemy's aiosqlite dialect calls instead of `aiosqlite.connect`."""
    # The connection is used from the caller's thread as well as from its own.
    options = kwargs | {"check_same_thread": False}
    return SqliteWriterConnection(partial(sqlite3.connect, database, **options))
