"""Where read models run their one-statement reads: statements built with SQLAlchemy Core,
executed through the driver's own pool on PostgreSQL (docs/adr/0010).

On PostgreSQL a read through SQLAlchemy's async engine cost ~350 us of CPU (pool checkout with
pre-ping, execution, result rows, check-in); the same compiled statement on an asyncpg pool
costs ~110 us. A SQLite file reads through the standard library's driver (`sqlite_reads.py`);
an in-memory SQLite database, which exists only on its engine, through SQLAlchemy's.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.sql.compiled import CompiledStatements, Statement
from adapters.shared.sql.engine import PoolSettings, create_engine, database_url
from adapters.shared.sql.listeners import Listener, StatementListeners
from adapters.shared.sql.pool_usage import PoolUsage, engine_pool_usage
from adapters.shared.sql.sqlite_reads import SqliteReadDatabase
from adapters.shared.sql.unavailable import POSTGRES_CONNECTION_LOST, RESOURCE, as_unavailable
from application.shared.unavailable import Unavailable

# Read by column name only (`row["title"]`): on PostgreSQL an asyncpg record, on SQLite a
# dict or the driver's sqlite3.Row, which has no .get() or .items(), iterates over values
# and matches names without regard to case.
Row = Mapping[str, Any]
SQLITE_READING_THREADS = 2  # SQLite steps without the GIL: the loop keeps a core
Fetch = Callable[[str, Sequence[Any]], Awaitable[list[Any]]]


class ReadDatabase(Protocol):
    async def rows(self, statement: Statement, parameters: Mapping[str, Any]) -> Sequence[Row]:
        """Run one SELECT outside any transaction; rows as mappings of column name to value."""
        ...

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(sql)` for each statement sent; returns a function that stops it."""
        ...

    def usage(self) -> PoolUsage | None:
        """How busy its connection pool is; None when it has no pool to count."""
        ...

    async def close(self) -> None: ...


class SqlAlchemyReadDatabase(StatementListeners):
    """Reads on an autocommit SQLAlchemy engine: any dialect (SQLite here)."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__()
        self._engine = engine

    async def rows(self, statement: Statement, parameters: Mapping[str, Any]) -> Sequence[Row]:
        with as_unavailable:
            async with self._engine.connect() as connection:
                result = await connection.execute(statement, dict(parameters))
                # Keyed by column name; SQLAlchemy declares its key type as name-or-column
                # (both look up), and Mapping's key type is invariant, so a Mapping[str, ...]
                # it is not.
                rows: Sequence[Row] = result.mappings().all()  # type: ignore[assignment]
        if self._listeners:  # compiling the text again costs as much as the read
            self.sent(str(statement))
        return rows

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    def usage(self) -> PoolUsage | None:
        return engine_pool_usage(self._engine)

    async def close(self) -> None:
        await self._engine.dispose()


async def _keep_state(_connection: asyncpg.Connection) -> None:
    """Check-in without asyncpg's RESET ALL round trip: reads never change session state."""


class AsyncpgReadDatabase(StatementListeners):
    """Reads on an asyncpg pool: each statement compiled once to PostgreSQL's SQL, then bound.

    Its sessions use generic plans: PostgreSQL otherwise replans a prepared statement on every
    execution while it judges a custom plan cheaper, which for these statements costs more
    than running them (a feed: 2.1 ms planned each time, 0.9 ms on the generic plan). Read
    models keep their statements' plans independent of the values (see the newest-articles
    page, which inlines its LIMIT). The pool replaces closed connections on acquire, and a
    read that hits a connection that died unnoticed is retried once on a fresh one: the
    protection pre-ping gives, without a round trip per read.
    """

    def __init__(self, url: str, pool: PoolSettings) -> None:
        super().__init__()
        self._dsn = (
            database_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        self._settings = pool
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()
        self._compiled = CompiledStatements(asyncpg_dialect())  # type: ignore[no-untyped-call]
        self._reading = 0  # reads sent and not answered yet: holding a connection or waiting
        self._fetch: Fetch = self._fetch_from_pool
        self._capacity = pool.size + pool.max_overflow

    async def rows(self, statement: Statement, parameters: Mapping[str, Any]) -> Sequence[Row]:
        sql, values = self._compiled[statement].bind(parameters)
        self._reading += 1
        try:
            with as_unavailable:
                found: list[asyncpg.Record] = await self._fetch(sql, values)
        finally:
            self._reading -= 1
        self.sent(sql)
        return found

    async def _fetch_from_pool(self, sql: str, values: Sequence[Any]) -> list[Any]:
        pool = self._pool or await self._open()
        try:
            return await self._fetch_once(pool, sql, values)
        except POSTGRES_CONNECTION_LOST:
            # The server went away (a restart, pg_terminate_backend, the network): the
            # read never ran. Reads are idempotent, so after retiring every pooled
            # connection (all suspect now) it is tried once more.
            await pool.expire_connections()
            return await self._fetch_once(pool, sql, values)

    async def _fetch_once(
        self, pool: asyncpg.Pool, sql: str, values: Sequence[Any]
    ) -> list[asyncpg.Record]:
        # Bounded like the engine's pool: a saturated pool answers "unavailable", not never.
        # `rows` counted this read before anything waited, so reads arriving together (a
        # cold pool, one whose connections expired) see each other; one sure of a free
        # connection skips the timer, which cost ~10-20 us a read (bench/RESULTS.md): the
        # pool hands the connection over at once, or opens it within the same wait
        # (asyncpg's connect timeout, whose TimeoutError is answered here too, not taken for
        # a lost server).
        wait = self._settings.timeout_seconds
        ahead = self._reading - 1
        try:
            if ahead < self._capacity:
                connection = await pool.acquire()
            else:
                async with asyncio.timeout(wait):
                    connection = await pool.acquire()
        except TimeoutError:
            raise Unavailable(RESOURCE, f"no read connection came free in {wait:g} s") from None
        try:
            found: list[asyncpg.Record] = await connection.fetch(sql, *values)
            return found
        finally:
            await pool.release(connection)

    @property
    def database_name(self) -> str:
        return database_url(self._dsn).database or ""

    def wrap_fetch(self, wrap: Callable[[Fetch], Fetch]) -> None:
        """Send every statement through `wrap(fetch)` (tracing): nothing in the way otherwise."""
        self._fetch = wrap(self._fetch)

    def usage(self) -> PoolUsage | None:
        if self._pool is None:
            return PoolUsage(in_use=0, waiting=0)
        in_use = self._pool.get_size() - self._pool.get_idle_size()
        return PoolUsage(in_use=in_use, waiting=max(self._reading - in_use, 0))

    async def _open(self) -> asyncpg.Pool:
        async with self._opening:  # the first requests arrive together; one pool for them all
            if self._pool is None:
                settings = self._settings
                self._pool = await asyncpg.create_pool(
                    self._dsn,
                    # No floor: during an outage asyncpg would reconnect to keep one in the
                    # background, logging a traceback every retry. Reads reconnect on demand.
                    min_size=0,
                    max_size=self._capacity,  # grown only on demand
                    timeout=settings.timeout_seconds,  # to connect
                    max_inactive_connection_lifetime=max(settings.recycle_seconds, 0),
                    reset=_keep_state,
                    server_settings={"plan_cache_mode": "force_generic_plan"},
                )
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()


def read_database_for(url: str, pool: PoolSettings, echo: bool = False) -> ReadDatabase:
    """The read database for `url`: the driver directly on PostgreSQL and on a SQLite file,
    SQLAlchemy's engine otherwise (an in-memory SQLite database exists only on its engine)."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "postgresql":
        return AsyncpgReadDatabase(url, pool)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return SqliteReadDatabase(
            parsed.database,
            threads=SQLITE_READING_THREADS,
            busy_timeout_seconds=pool.timeout_seconds,
        )
    return SqlAlchemyReadDatabase(create_engine(url, pool, echo, autocommit=True))
