"""Reads on SQLite through the standard library's driver, the way PostgreSQL reads use asyncpg.

Through SQLAlchemy's async engine a SQLite read crossed to aiosqlite's thread and back once
per driver call (connect, execute, fetch, close) and built its rows twice; the embedded
default served a third to a half of what PostgreSQL did (bench/RESULTS.md). Here each
statement is compiled once and run on a connection of the event loop's own, where most
reads finish in less time than a hop to another thread costs (~120 us of CPU here); one
that runs past a short budget, or meets a lock, is stopped and run again on a reading
thread, whose connection waits as long as it needs. SQLite's engine releases the GIL while
it steps, so the event loop keeps serving other requests meanwhile.
"""

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from sqlalchemy.dialects.sqlite.pysqlite import dialect as pysqlite_dialect

from adapters.shared.sql.compiled import Compiled, CompiledStatements, Statement
from adapters.shared.sql.listeners import StatementListeners
from adapters.shared.sql.pool_usage import PoolUsage
from adapters.shared.sql.unavailable import RESOURCE, as_unavailable
from application.shared.unavailable import Unavailable

Row = Mapping[str, Any]
Fetch = Callable[[str, Sequence[Any]], Any]
# Pages read in place from the operating system's cache instead of copied into each
# connection's own 2 MB cache with a system call a page: the filtered lists and the feed,
# which touch pages all over the file, ran in half the time or less (bench/RESULTS.md).
# SQLite caps it at its build's maximum (2 GiB less 64 KiB in Python's); past that, pages
# are read as before.
MMAP_BYTES = 1 << 31
# How long a read may run on the event loop's thread before it is stopped and sent to a
# reading thread: the lists and the feed take 0.1-0.3 ms. (The loop can be held longer: the
# driver lets go of the GIL at every step, and while another thread runs Python each step
# waits for it; only the budget's checks are bounded.) A statement stopped twice in a row
# goes straight to a thread for SLOW_STATEMENT_SECONDS rather than pay the budget each time;
# one stopped once (pages not read since the start, say) stays on the loop: sent to threads
# at the first stop, the comments' reads served half as many requests (bench/RESULTS.md).
INLINE_BUDGET_SECONDS = 0.002
SLOW_STATEMENT_SECONDS = 2.0
_BUDGET_CHECK_STEPS = 200  # SQLite's virtual machine steps between two looks at the clock
_GIVE_WAY = frozenset({sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_CLOSED = "the read database is closed"


class SqliteReadDatabase(StatementListeners):
    """Query-only connections: the event loop's own, and one per reading thread (`threads`
    of them) for the reads that gave way on the loop's."""

    def __init__(self, path: str, threads: int, busy_timeout_seconds: float) -> None:
        super().__init__()
        self._uri = f"file:{quote(str(Path(path).absolute()))}"
        self._busy_timeout = busy_timeout_seconds
        self._threads = threads
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="sqlite-reads")
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._statements = CompiledStatements(pysqlite_dialect())
        self._reading = 0
        self._fetch: Fetch = self._fetch_here_or_on_thread
        self._here: sqlite3.Connection | None = None  # the event loop's own
        self._deadline = 0.0
        self._slow_until: dict[str, float] = {}  # statement -> when it may run on the loop again
        self._stopped_last_time: set[str] = set()  # statements whose last read here was stopped
        self._closed = False

    async def rows(self, statement: Statement, parameters: Mapping[str, Any]) -> Sequence[Row]:
        compiled = self._statements[statement]
        sql, values = compiled.bind(parameters)
        self._reading += 1
        try:
            with as_unavailable:
                found: list[sqlite3.Row] = await self._fetch(sql, values)
        finally:
            self._reading -= 1
        self.sent(sql)
        return _rows(compiled, found)

    async def _fetch_here_or_on_thread(self, sql: str, values: Sequence[Any]) -> list[sqlite3.Row]:
        if self._closed:
            raise Unavailable(RESOURCE, _CLOSED)  # a read still arriving while it shuts down
        slow_until = self._slow_until.get(sql)
        if slow_until is None or slow_until < time.monotonic():
            found = self._run_here(sql, values)
            if found is not None:
                return found
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._run, sql, values)

    def _run_here(self, sql: str, values: Sequence[Any]) -> list[sqlite3.Row] | None:
        """The rows, read on the loop's thread; None if the read gave way (too long, locked)."""
        connection = self._here
        if connection is None:
            # Never waits for a lock: a busy database sends the read to a thread at once.
            connection = self._here = self._connect(busy_timeout_seconds=0)
            connection.set_progress_handler(self._past_deadline, _BUDGET_CHECK_STEPS)
        self._deadline = time.perf_counter() + INLINE_BUDGET_SECONDS
        try:
            found = connection.execute(sql, values).fetchall()
        except sqlite3.OperationalError as error:
            # Extended codes too (SQLITE_BUSY_RECOVERY); the driver's own errors (a text it
            # cannot decode) carry none.
            code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
            if code == sqlite3.SQLITE_INTERRUPT:
                self._stopped(sql)
            if code in _GIVE_WAY:
                return None
            raise
        self._stopped_last_time.discard(sql)
        return found

    def _stopped(self, sql: str) -> None:
        if sql in self._stopped_last_time:
            self._stopped_last_time.discard(sql)
            self._slow_until[sql] = time.monotonic() + SLOW_STATEMENT_SECONDS
        else:
            self._stopped_last_time.add(sql)

    def _past_deadline(self) -> bool:
        return time.perf_counter() > self._deadline

    def _run(self, sql: str, values: Sequence[Any]) -> list[sqlite3.Row]:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
        return connection.execute(sql, values).fetchall()

    def _connect(self, busy_timeout_seconds: float | None = None) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self._uri,
            uri=True,
            timeout=self._busy_timeout if busy_timeout_seconds is None else busy_timeout_seconds,
            isolation_level=None,  # autocommit: each read is its own snapshot
            check_same_thread=False,  # closed by `close`, from the event loop's thread
        )
        self._connections.append(connection)  # closed by `close`, even if a PRAGMA fails
        connection.execute("PRAGMA query_only=ON")  # a read path that writes is a bug
        connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        # Rows made by the driver in C, keyed like a mapping: a statement whose values need no
        # processing is answered with them as they come (500 tags: ~45 us, not ~540 as dicts).
        connection.row_factory = sqlite3.Row
        return connection

    def wrap_fetch(self, wrap: Callable[[Fetch], Fetch]) -> None:
        """Send every statement through `wrap(fetch)` (tracing): nothing in the way otherwise."""
        self._fetch = wrap(self._fetch)

    @property
    def database_name(self) -> str:
        return Path(self._uri).name

    def usage(self) -> PoolUsage | None:
        # Reads on the loop's own connection end before anything else can look: these are
        # the reads on the reading threads, and those waiting for one.
        return PoolUsage(
            in_use=min(self._reading, self._threads),
            waiting=max(self._reading - self._threads, 0),
        )

    async def close(self) -> None:
        self._closed = True
        await asyncio.get_running_loop().run_in_executor(None, self._executor.shutdown)
        for connection in self._connections:
            connection.close()
        self._connections.clear()
        self._here = None


def _rows(compiled: Compiled, found: list[sqlite3.Row]) -> Sequence[Row]:
    keys, converted = compiled.keys, compiled.converted
    if not converted:
        if not found or tuple(found[0].keys()) == keys:
            # Read by key like the mappings they stand for (as asyncpg's records are).
            return cast(list[Row], found)
        return [dict(zip(keys, values, strict=True)) for values in found]
    rows = []
    for values in found:
        row = dict(zip(keys, values, strict=True))  # in C; then only the columns to convert
        for position, key, convert in converted:
            if (value := values[position]) is not None:
                row[key] = convert(value)
        rows.append(row)
    return rows
