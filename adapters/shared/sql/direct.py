"""Core statements built once, sent by the units of work's session straight to asyncpg.

Through the ORM session a Core statement passes the session's, Core's and the adapter's
layers and a greenlet's switches: ~120 us of CPU here beyond the driver's own call, about
what the round trip itself costs (bench/RESULTS.md). A statement a repository builds once
and marks with `sent_directly` is compiled once per set of parameter names and, in a unit of
work on PostgreSQL, sent on the session's own connection, in its transaction: the same SQL,
its parameters through the column types' bind processors, the adapter's own prepared
statements, errors raised as SQLAlchemy raises them (a lost connection invalidated), rows
read by name or position (not by Column object; no rows for a statement without RETURNING,
where SQLAlchemy refuses to read any). Anything else takes SQLAlchemy's way: a session with
changes its autoflush would write first, several parameter sets, IN lists or Python-side
column defaults (values SQLAlchemy computes at execution), SQLite, execution options, and an
engine or session whose statements someone listens to (tracing's spans, echo, ORM events).
ORM statements and bare text cannot be marked at all.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import ClauseElement, Executable, TextClause
from sqlalchemy.engine import Connection, Dialect, IteratorResult, Result
from sqlalchemy.engine.result import SimpleResultMetaData
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import SessionTransaction
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import EMPTY_DICT, greenlet_spawn

from adapters.shared.sql.compiled import Processor, converter

S = TypeVar("S", bound=ClauseElement)
_COUNT = re.compile(r"(?:SELECT|UPDATE|DELETE|INSERT \d+) (\d+)")


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]
    required: frozenset[str]  # the parameters without a value of the statement's own
    constants: Mapping[str, Any]
    processors: tuple[Processor | None, ...]  # per name: the bind processor, if any
    keys: tuple[str, ...]  # the rows' column names, if it returns rows
    converted: tuple[tuple[int, Processor], ...]

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        """The positional values, each through its processor (which may refuse it)."""
        values = {**self.constants, **params}
        return [
            value if process is None else process(value)
            for value, process in zip(
                (values[name] for name in self.names), self.processors, strict=True
            )
        ]


# Per marked statement, its compiled form per set of parameter names (None: not sendable).
_MARKED: WeakKeyDictionary[Any, dict[tuple[str, ...], _Compiled | None]] = WeakKeyDictionary()


def sent_directly(statement: S) -> S:
    """Marks a Core statement built once (a module constant) for the direct way.

    Only the statement itself is marked: one derived from it (`.where(...)`, `.values(...)`)
    is a new statement, unmarked; one built per call and marked would be compiled per call,
    costing more than the direct way saves. ORM statements and text without declared
    columns are refused: their results need SQLAlchemy's execution."""
    if statement._propagate_attrs.get("compile_state_plugin") == "orm":
        raise TypeError("an ORM statement needs the session's execution: build it on a Table")
    if isinstance(statement, TextClause):
        raise TypeError("text() has no result columns to send directly: use .columns(...)")
    _MARKED.setdefault(statement, {})
    return statement


def _compile(
    statement: ClauseElement, dialect: Dialect, names: tuple[str, ...]
) -> _Compiled | None:
    compiled = statement.compile(dialect=dialect, column_keys=list(names))
    assert isinstance(compiled, SQLCompiler)
    binds = compiled.binds.values()
    if (
        compiled.insert_prefetch
        or compiled.update_prefetch
        or compiled.post_compile_params
        or compiled.literal_execute_params
        or any(bind.expanding or bind.callable is not None for bind in binds)
    ):
        return None
    positions = tuple(compiled.positiontup or ())
    processors: Mapping[str, Any] = compiled._bind_processors
    columns = compiled._result_columns
    keys = tuple(column.keyname for column in columns)
    try:
        converters = [converter(column.type, dialect) for column in columns]
    except Exception:  # a type whose processor needs the driver's column type (Numeric)
        return None
    return _Compiled(
        compiled.string,
        positions,
        frozenset(bind.key for bind in binds if bind.required),
        compiled.params,
        tuple(processors.get(name) for name in positions),
        keys,
        tuple((i, convert) for i, convert in enumerate(converters) if convert is not None),
    )


class _SentResult(IteratorResult[Any]):
    """SQLAlchemy's result over the driver's rows, with the statement's row count."""

    def __init__(self, keys: Sequence[str], rows: Sequence[Any], rowcount: int) -> None:
        super().__init__(SimpleResultMetaData(keys), iter(rows))
        self.rowcount = rowcount


class UnitOfWorkSession(AsyncSession):
    """AsyncSession, sending statements marked `sent_directly` on its connection's driver,
    and ending without greenlet hops once nothing is held."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._driver: tuple[SessionTransaction, Any, Connection] | None = None

    async def execute(  # the same call as AsyncSession.execute, without its overloads
        self,
        statement: Executable,
        params: Any = None,
        *,
        execution_options: Any = EMPTY_DICT,
        bind_arguments: Any = None,
        **kw: Any,
    ) -> Result[Any]:
        one = params
        if type(params) is list and len(params) == 1 and type(params[0]) is dict:
            one = params[0]  # one parameter set: a single execution, SQLAlchemy's way too
        compiled = self._sendable(statement, one, execution_options, bind_arguments, kw)
        if compiled is None:
            return await super().execute(
                statement,
                params,
                execution_options=execution_options,
                bind_arguments=bind_arguments,
                **kw,
            )
        try:
            arguments = compiled.arguments(one or {})
        except Exception:  # a value its type refuses: SQLAlchemy's way raises its own error
            return await super().execute(statement, params)
        return await self._send(compiled, arguments)

    # Once committed or rolled back, a session holds no connection: rolling back does
    # nothing and closing only forgets its objects, with no I/O to run in a greenlet (nor, on
    # leaving `async with`, in a task shielded from cancellation): ~25 us a unit of work.
    async def rollback(self) -> None:
        if self.sync_session.in_transaction():
            await super().rollback()

    async def close(self) -> None:
        if self.sync_session.in_transaction():
            await super().close()
        else:
            self.sync_session.close()

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        if self.sync_session.in_transaction():
            await super().__aexit__(type_, value, traceback)
        else:
            self.sync_session.close()

    async def scalar(self, statement: Executable, params: Any = None, **options: Any) -> Any:
        """As AsyncSession.scalar: the first column of the first row, or None."""
        return (await self.execute(statement, params, **options)).scalar()

    def _sendable(
        self,
        statement: Executable,
        params: Any,
        execution_options: Any,
        bind_arguments: Any,
        kw: Mapping[str, Any],
    ) -> _Compiled | None:
        try:
            known = _MARKED.get(statement)
        except TypeError:  # not a statement (a string, say): SQLAlchemy says what is wrong
            return None
        if known is None or execution_options or bind_arguments or kw:
            return None
        if params is not None and type(params) is not dict:  # several parameter sets
            return None
        session = self.sync_session
        engine = session.get_bind().engine
        dispatch = engine.dispatch
        if (
            engine.dialect.driver != "asyncpg"
            or engine._should_log_info()  # echo
            or dispatch.before_execute
            or dispatch.after_execute
            or dispatch.before_cursor_execute
            or dispatch.after_cursor_execute
            or session.dispatch.do_orm_execute
            or session.execution_options
            or statement._execution_options
            or not session._is_clean()  # autoflush would write these first
        ):
            return None
        names = tuple(params or ())
        if names not in known:
            known[names] = _compile(statement, engine.dialect, names)  # type: ignore[arg-type]
        compiled = known[names]
        if compiled is None or not compiled.required.issubset(names):
            return None  # SQLAlchemy says which value is missing
        return compiled

    async def _send(self, compiled: _Compiled, args: list[Any]) -> Result[Any]:
        adapted, connection = await self._connection_driver()
        async with adapted._execute_mutex:  # as the adapter: one statement at a time
            try:
                if adapted._transaction is None and not adapted.autocommit:
                    await adapted._start_transaction()  # as a first statement would
                prepared, _ = await adapted._prepare(
                    compiled.sql,
                    connection.dialect._invalidate_schema_cache_asof,  # type: ignore[attr-defined]
                )
                rows = await prepared.fetch(*args)
                status = prepared.get_statusmsg()
            except Exception as error:
                await greenlet_spawn(
                    _raise_as_sqlalchemy, connection, adapted, error, compiled.sql, args
                )
                raise  # not reached: the line above raises
            except BaseException as error:
                # Cancelled mid-statement (a timeout, a shutdown): the connection's state is
                # unknown (a BEGIN half done would make the next unit of work's COMMIT a
                # savepoint's RELEASE). Invalidated, as SQLAlchemy's way does: the pool
                # closes it, and the session's transaction can only be rolled back.
                connection.invalidate(error if isinstance(error, Exception) else None)
                raise
        if compiled.converted:
            rows = [_convert(row, compiled.converted) for row in rows]
        counted = _COUNT.match(status or "")
        return _SentResult(compiled.keys, rows, int(counted.group(1)) if counted else -1)

    async def _connection_driver(self) -> tuple[Any, Connection]:
        """The adapter's connection under this session's innermost transaction, and Core's.

        Asked of the session once per transaction or savepoint: the session begins either
        on its connection only when a statement first needs it (a savepoint's SAVEPOINT
        included), so a savepoint begun since is begun here before the statement is sent."""
        transaction = self._innermost()
        known = self._driver
        if (
            known is not None
            and known[0] is transaction
            and transaction.is_active
            and not known[2].invalidated
        ):
            return known[1], known[2]
        connection = await self.connection()  # begins what has not begun
        transaction, core = self._innermost(), connection.sync_connection
        assert transaction is not None
        assert core is not None
        pooled = core._dbapi_connection  # held: read in place, no greenlet hop (~7 us)
        if pooled is None:  # invalidated: SQLAlchemy's way reconnects, or says why not
            pooled = await connection.get_raw_connection()
        adapted = pooled.dbapi_connection
        self._driver = (transaction, adapted, core)
        return adapted, core

    def _innermost(self) -> SessionTransaction | None:
        session = self.sync_session
        return session.get_nested_transaction() or session.get_transaction()


def _convert(row: Any, converted: tuple[tuple[int, Processor], ...]) -> tuple[Any, ...]:
    values = list(row)
    for position, convert in converted:
        if values[position] is not None:
            values[position] = convert(values[position])
    return tuple(values)


def _raise_as_sqlalchemy(
    connection: Connection, adapted: Any, error: Exception, sql: str, args: list[Any]
) -> None:
    """The driver's error as Core raises it: the adapter's DBAPI error, wrapped in
    SQLAlchemy's class for it, the connection invalidated if it was lost."""
    try:
        adapted._handle_exception(error)  # raises the adapter's DBAPI error
    except Exception as dbapi_error:
        dbapi = connection.dialect.loaded_dbapi
        if not isinstance(dbapi_error, dbapi.Error):
            raise  # an OSError, say: SQLAlchemy's way raises it as it is too
        if isinstance(dbapi_error, (dbapi.InvalidCachedStatementError, dbapi.InternalServerError)):
            # What the dialect's execution context does: after a schema change, statements
            # are prepared again rather than failing until their connection is recycled.
            connection.dialect._invalidate_schema_cache()  # type: ignore[attr-defined]
        connection._handle_dbapi_exception(dbapi_error, sql, tuple(args), None, None)


def unit_of_work_sessions(engine: AsyncEngine) -> "async_sessionmaker[AsyncSession]":
    """The units of work's sessions on `engine`. expire_on_commit=False: reading attributes
    after commit would otherwise need a lazy load, which asyncio forbids."""
    sessions: async_sessionmaker[Any] = async_sessionmaker(
        engine, class_=UnitOfWorkSession, expire_on_commit=False
    )
    return sessions
