"""Builds the async engine for SQLite (embedded default) or PostgreSQL (production)."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_

from adapters.shared.sql.burst_pool import BurstKeepingPool
from adapters.shared.sql.in_order_pool import InOrderAsyncQueuePool
from adapters.shared.sql.sqlite_writer import (
    AUTOCHECKPOINT_PAGES,
    SqliteWriterConnection,
    connect_writer,
)


@dataclass(frozen=True, slots=True)
class PoolSettings:
    size: int = 8
    max_overflow: int = 8
    timeout_seconds: float = 30.0
    recycle_seconds: int = 1800
    pre_ping: bool = True


SQLITE_BUSY_TIMEOUT_MS = 15_000
# How long a unit of work may wait for SQLite's one writer connection in this process before
# it is answered "unavailable": two thirds of the busy timeout, leaving the rest for the
# transaction and the request around it. (5 s sent writes of a loaded CI machine to 503.)
SQLITE_WRITE_WAIT_SECONDS = 10.0


def database_url(raw: str) -> URL:
    """The URL with its async driver filled in, so `postgresql://` and `sqlite:///` both work."""
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+asyncpg")
    elif url.drivername == "sqlite":
        url = url.set(drivername="sqlite+aiosqlite")
    return url


def create_engine(
    raw_url: str,
    pool: PoolSettings = PoolSettings(),
    echo: bool = False,
    *,
    autocommit: bool = False,
    enforce_foreign_keys: bool = True,
) -> AsyncEngine:
    """`autocommit=True` builds the read engine: one statement per answer needs no
    transaction, and its pre-ping is a single round trip instead of BEGIN, ping, ROLLBACK.
    `enforce_foreign_keys=False` is for SQLite migrations, which rebuild tables in place."""
    url = database_url(raw_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, pool, echo, enforce_foreign_keys, autocommit)
    engine = create_async_engine(
        url,
        echo=echo,
        hide_parameters=True,  # errors are logged: no emails or password hashes in the log
        isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
        poolclass=BurstKeepingPool,
        pool_size=pool.size,
        max_overflow=pool.max_overflow,
        pool_timeout=pool.timeout_seconds,
        pool_recycle=pool.recycle_seconds,
        pool_pre_ping=pool.pre_ping,
        # asyncpg waits 60 s for a server that does not answer the connect; a request should
        # not wait longer for a new connection than for a pooled one.
        connect_args={"timeout": pool.timeout_seconds},
    )
    dialect = engine.sync_engine.dialect
    dialect.do_ping = _ping_by_beginning  # type: ignore[method-assign]
    for characteristic in ("set_readonly", "set_deferrable"):
        setattr(dialect, characteristic, _for_the_next_begin(getattr(dialect, characteristic)))
    for method, command in SAVEPOINT_COMMANDS.items():
        setattr(dialect, method, _simple_query(command))
    return engine


def _ping_by_beginning(dbapi_connection: Any) -> bool:
    """The pre-ping of a pooled asyncpg connection: the unit of work's own BEGIN, sent early.

    A checked-out connection of this engine runs a transaction next, and SQLAlchemy's
    adapter would send its BEGIN with the first statement. Sent here instead, it is the ping:
    a dead connection fails at BEGIN, before any statement ran, so the pool replaces it and
    the unit of work goes on on a fresh one, as after any pre-ping; a live one has its
    transaction started, and the ping cost no round trip of its own (it cost one, ~60-110
    us of CPU a unit of work, bench/RESULTS.md). SQLAlchemy's own ping would wrap `;` in
    BEGIN ... ROLLBACK, for pgbouncer's transaction mode, which Conduit does not use. A
    connection already in autocommit (the read engine's), or in a transaction, is pinged with
    `;`. The transaction starts at checkout, not at the first statement: a unit of work
    checks out with its first statement, but a connection held idle after `connect()` sits
    "idle in transaction" meanwhile. Characteristics set after checkout apply to a new
    transaction: a change of isolation level rolls back the ping's BEGIN (the adapter's
    own doing), and so does one of read-only or deferrable (`_for_the_next_begin`).
    Relies on the asyncpg adapter of SQLAlchemy 2.1 (constraints.txt pins it).
    """
    if (
        dbapi_connection.isolation_level == "autocommit"
        or dbapi_connection._transaction is not None
    ):
        try:
            await_(dbapi_connection._connection.fetchrow(";"))
        except Exception as error:
            dbapi_connection._handle_exception(error)  # a disconnect, recognised as one
    else:
        await_(dbapi_connection._start_transaction())  # translates its errors the same way
    return True


def _for_the_next_begin(set_characteristic: Any) -> Any:
    """The dialect's setter of read-only or deferrable, for the transaction to come: the
    ping's BEGIN, sent before any statement, is rolled back first (SQLAlchemy refuses the
    change once a transaction of its own has begun, so no statement's work is undone)."""

    def run(dbapi_connection: Any, value: bool) -> None:
        if dbapi_connection._transaction is not None:
            dbapi_connection.rollback()
        set_characteristic(dbapi_connection, value)

    return run


SAVEPOINT_COMMANDS = {
    "do_savepoint": "SAVEPOINT",
    "do_release_savepoint": "RELEASE SAVEPOINT",
    "do_rollback_to_savepoint": "ROLLBACK TO SAVEPOINT",
}


def _simple_query(command: str) -> Any:
    """The dialect's `do_...savepoint(connection, name)`: `command name` as one simple query.

    SQLAlchemy sends SAVEPOINT and RELEASE like any statement, and its asyncpg adapter
    prepares each one first: a round trip more, and a cached prepared statement per savepoint
    name (sa_savepoint_1, _2, ... a batch of event deliveries takes one each), which pushed
    the units of work's own statements out of the adapter's cache of 100, so they were
    prepared again: a savepoint around one statement took 7 writes to the socket, now 3.
    The dispatcher takes one per delivery (bench/RESULTS.md). Echoed, and its errors handled,
    as SQLAlchemy does a COMMIT's: translated, and a lost connection invalidated. Like a
    COMMIT they are not statements to SQLAlchemy's cursor events: no tracing span each.
    """

    def run(connection: Connection, name: str) -> None:
        adapted: Any = connection.connection.dbapi_connection
        sql = f"{command} {connection.dialect.identifier_preparer.quote(name)}"
        if connection._echo:
            connection._log_info(sql)
        try:
            try:
                if adapted._transaction is None and not adapted.autocommit:
                    await_(adapted._start_transaction())  # as a first statement would
                await_(adapted._connection.execute(sql))
            except Exception as error:
                adapted._handle_exception(error)  # raises the adapter's DBAPI error
        except BaseException as error:
            connection._handle_dbapi_exception(error, None, None, None, None)

    return run


def _sqlite_engine(
    url: URL, pool: PoolSettings, echo: bool, enforce_foreign_keys: bool, autocommit: bool
) -> AsyncEngine:
    # SQLite runs one write transaction at a time, and every transaction here writes (BEGIN
    # IMMEDIATE below). Left to SQLite, concurrent writers poll its lock with growing sleeps,
    # in no order, for up to the busy timeout: under 200 writers some waited 17 s. One pooled
    # connection, handed out in arrival order, makes them queue in this process instead, each
    # for at most SQLITE_WRITE_WAIT_SECONDS, after which the pool's timeout reports
    # "unavailable" (docs/adr/0014).
    writer_pool = (
        {}
        if autocommit
        else {
            "poolclass": InOrderAsyncQueuePool,
            "pool_size": 1,
            "max_overflow": 0,
            "pool_timeout": min(pool.timeout_seconds, SQLITE_WRITE_WAIT_SECONDS),
        }
    )
    connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    if not autocommit:
        connect_args["async_creator_fn"] = connect_writer
    engine = create_async_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args=connect_args,
        **writer_pool,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def configure(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        # The driver's own transaction handling skips BEGIN for SELECT and breaks SAVEPOINT;
        # turn it off and let the "begin" hook below start transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Off by default, and set per connection.
        cursor.execute(f"PRAGMA foreign_keys={'ON' if enforce_foreign_keys else 'OFF'}")
        # Readers never wait for the writer, nor the writer's COMMIT for them. SQLite keeps
        # its rollback journal where WAL cannot work (no shared memory): then the writer
        # runs every call on aiosqlite's thread.
        cursor.execute("PRAGMA journal_mode=WAL")
        mode = cursor.fetchone()[0]
        driver = record.driver_connection
        if isinstance(driver, SqliteWriterConnection) and str(mode).lower() == "wal":
            driver.answers_at_once = True
            # It checkpoints on its thread; SQLite's own only as a backstop.
            cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def begin(connection: Any) -> None:
        if autocommit or connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # a read: one statement, no transaction
        # IMMEDIATE takes the write lock up front: a transaction that read first and writes
        # later would otherwise fail at once with "database is locked" instead of waiting.
        # Taken at once when free (no other process holds it), else on the driver's thread,
        # which waits up to the busy timeout without holding the event loop.
        driver = connection.connection.driver_connection
        if isinstance(driver, SqliteWriterConnection):
            driver.end_stray_transaction()
            if driver.begin_immediate_at_once():
                return
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
