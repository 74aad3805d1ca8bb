"""Statements marked `sent_directly`, in a unit of work's session on PostgreSQL: they skip
SQLAlchemy's execution yet answer, fail and take part in the transaction as through it."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    PendingRollbackError,
    StatementError,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import registry

from adapters.shared.sql.direct import UnitOfWorkSession, sent_directly, unit_of_work_sessions
from adapters.shared.sql.engine import PoolSettings, create_engine
from tests.support.databases import (
    temporary_database,
    terminate_connections,
)

pytestmark = pytest.mark.postgres

_metadata = MetaData()
_items = Table(
    "items",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("rank", Integer, default=5),  # computed by SQLAlchemy when not given
)
ADD = sent_directly(insert(_items).returning(_items.c.id))
ADD_ONCE = sent_directly(pg_insert(_items).on_conflict_do_nothing(index_elements=["name"]))
NAMED = sent_directly(
    select(_items.c.id, _items.c.name).where(_items.c.name == bindparam("name", type_=String))
)
REMOVE = sent_directly(delete(_items).where(_items.c.name == bindparam("name", type_=String)))
SLEEP = sent_directly(select(func.pg_sleep(bindparam("seconds", type_=Float))))
Sessions = async_sessionmaker[UnitOfWorkSession]


class _Item:
    def __init__(self, name: str, rank: int) -> None:
        self.name, self.rank = name, rank


registry().map_imperatively(_Item, _items)


@asynccontextmanager
async def sessions_on(tmp_path: Path, name: str) -> AsyncIterator[tuple[Sessions, AsyncEngine]]:
    async with temporary_database("postgres", tmp_path, name) as url:
        engine = create_engine(url, PoolSettings(size=1, max_overflow=0))
        try:
            async with engine.begin() as connection:
                await connection.run_sync(_metadata.create_all)
            yield async_sessionmaker(engine, class_=UnitOfWorkSession), engine
        finally:
            await engine.dispose()


@asynccontextmanager
async def one_session(tmp_path: Path, name: str) -> AsyncIterator[UnitOfWorkSession]:
    async with sessions_on(tmp_path, name) as (sessions, _engine), sessions() as session:
        yield session


def _core_calls(session: UnitOfWorkSession) -> list[Any]:
    """The statements that reach SQLAlchemy's own execution through `session`."""
    calls: list[Any] = []
    sync = session.sync_session
    execute = sync.execute

    def spy(statement: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(statement)
        return execute(statement, *args, **kwargs)

    sync.execute = spy  # type: ignore[method-assign]
    sync.scalar = lambda statement, *a, **k: spy(statement, *a, **k).scalar()  # type: ignore[method-assign]
    return calls


async def test_marked_statements_answer_as_sqlalchemy_does_without_its_execution(
    tmp_path: Path,
) -> None:
    async with one_session(tmp_path, "direct_answers") as session:
        calls = _core_calls(session)
        first = await session.scalar(ADD, {"name": "a", "rank": 1})
        added = await session.execute(ADD_ONCE, {"name": "b", "rank": 2})
        again = await session.execute(ADD_ONCE, {"name": "b", "rank": 3})
        row = (await session.execute(NAMED, {"name": "a"})).first()
        missing = (await session.execute(NAMED, {"name": "z"})).first()
        removed = await session.execute(REMOVE, {"name": "b"})
        assert calls == []  # none went through SQLAlchemy's execution
        unmarked = (await session.execute(select(_items.c.name))).scalars().all()
        assert len(calls) == 1
        await session.commit()

    assert isinstance(first, int)
    assert (added.rowcount, again.rowcount, removed.rowcount) == (1, 0, 1)  # type: ignore[attr-defined]
    assert row is not None
    assert (row.id, row.name) == (first, "a")  # rows by attribute, as SQLAlchemy's
    assert missing is None
    assert unmarked == ["a"]


async def test_they_run_in_the_units_transaction_after_its_pending_rows(tmp_path: Path) -> None:
    async with one_session(tmp_path, "direct_transaction") as session:
        await session.scalar(ADD, {"name": "undone", "rank": 1})
        await session.rollback()
        async with session.begin():
            assert (await session.execute(NAMED, {"name": "undone"})).first() is None
            # A row added through the ORM: flushed before a marked statement reads
            # (SQLAlchemy's way, autoflush), so it is seen.
            session.add(_Item(name="flushed", rank=1))
            assert (await session.execute(NAMED, {"name": "flushed"})).first() is not None


async def test_a_session_ends_as_sqlalchemys_does_whether_committed_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Leaving it, closing it or rolling it back once nothing is held forgets its objects and
    keeps its writes, without SQLAlchemy's greenlet; a transaction still open, or failed, is
    rolled back SQLAlchemy's way and its connection given back."""
    through_sqlalchemy: list[str] = []
    for name in ("close", "rollback"):
        original = getattr(AsyncSession, name)

        async def counted(self: AsyncSession, _name: str = name, _original: Any = original) -> None:
            through_sqlalchemy.append(_name)
            await _original(self)

        monkeypatch.setattr(AsyncSession, name, counted)
    async with sessions_on(tmp_path, "session_end") as (_sessions, engine):
        sessions = unit_of_work_sessions(engine)  # as the container makes them
        async with sessions() as session:
            kept = _Item(name="kept", rank=1)
            session.add(kept)
            await session.commit()
            await session.rollback()  # nothing begun since the commit: nothing undone
        kept_detached = inspect(kept).detached  # while the session object still exists
        async with sessions() as session:
            names = (await session.execute(select(_items.c.name))).scalars().all()
            await session.commit()
            await session.close()
            closed_then_used = await session.scalar(NAMED, {"name": "kept"})
            await session.commit()
        ended_in_place = list(through_sqlalchemy)
        async with sessions() as session:
            await session.scalar(ADD, {"name": "undone", "rank": 2})
            dropped = _Item(name="dropped", rank=3)
            session.add(dropped)
            await session.flush()
        dropped_detached = inspect(dropped).detached
        async with sessions() as session:
            with pytest.raises(DBAPIError):
                await session.execute(text("SELECT 1 / 0"))
        async with sessions() as session:
            left = (await session.execute(select(_items.c.name))).scalars().all()
        checked_out = engine.pool.checkedout()  # type: ignore[attr-defined]

    assert ended_in_place == []
    # Those left in a transaction: the flushed one, the failed one, the last read.
    assert through_sqlalchemy == ["close", "close", "close"]
    assert kept_detached  # forgotten at the end, as a closed session forgets
    assert dropped_detached
    assert names == ["kept"]
    assert closed_then_used is not None  # a closed session begins anew when used
    assert left == ["kept"]
    assert checked_out == 0


async def test_python_side_defaults_are_filled_in(tmp_path: Path) -> None:
    """An INSERT leaving out a column SQLAlchemy computes a default for goes its way."""
    async with one_session(tmp_path, "direct_defaults") as session:
        await session.scalar(ADD, {"name": "defaulted"})
        rank = await session.scalar(select(_items.c.rank))
    assert rank == 5


async def test_errors_are_sqlalchemys_and_a_savepoint_recovers_from_them(tmp_path: Path) -> None:
    async with sessions_on(tmp_path, "direct_errors") as (sessions, _engine):
        async with sessions() as session:
            await session.scalar(ADD, {"name": "taken", "rank": 1})
            with pytest.raises(IntegrityError) as raised:
                async with session.begin_nested():
                    await session.scalar(ADD, {"name": "taken", "rank": 2})
            # What adapters/shared/sql/conflicts.py reads: the constraint, in the first line.
            assert "items_name_key" in str(raised.value.orig).split("\n", 1)[0]
            assert raised.value.statement is not None
            assert "INSERT INTO items" in raised.value.statement
            # The savepoint undid only the failed statement: the transaction goes on.
            await session.scalar(ADD, {"name": "after", "rank": 3})
            await session.commit()
        async with sessions() as session:
            names = (await session.execute(select(_items.c.name))).scalars().all()
    assert sorted(names) == ["after", "taken"]


async def test_a_lost_connection_is_invalidated_and_replaced(tmp_path: Path) -> None:
    async with sessions_on(tmp_path, "direct_lost") as (sessions, engine):
        async with sessions() as session:
            await session.execute(NAMED, {"name": "a"})  # the connection is the session's now
            await terminate_connections(str(engine.url))
            with pytest.raises(DBAPIError) as raised:
                await session.execute(NAMED, {"name": "a"})
            assert raised.value.connection_invalidated
        async with sessions() as session:  # the pool's one connection: a new one
            assert (await session.execute(NAMED, {"name": "a"})).first() is None


async def test_an_engine_whose_statements_are_listened_to_sends_them_its_way(
    tmp_path: Path,
) -> None:
    """Tracing's spans and echo hear every statement: marked ones too."""
    async with sessions_on(tmp_path, "direct_listened") as (sessions, engine):
        heard: list[str] = []

        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            heard.append(statement)

        async with sessions() as session:
            await session.scalar(ADD, {"name": "heard", "rank": 1})
            await session.execute(NAMED, {"name": "heard"})
    assert [statement.split()[0] for statement in heard] == ["INSERT", "SELECT"]


async def test_several_parameter_sets_go_sqlalchemys_way(tmp_path: Path) -> None:
    async with one_session(tmp_path, "direct_many") as session:
        calls = _core_calls(session)
        await session.execute(ADD_ONCE, [{"name": "x", "rank": 1}, {"name": "y", "rank": 2}])
        names = (await session.execute(select(_items.c.name))).scalars().all()
    assert len(calls) == 2
    assert sorted(names) == ["x", "y"]


async def test_a_list_of_one_parameter_set_is_sent_directly(tmp_path: Path) -> None:
    """SQLAlchemy runs a one-element list as one execution: so does the direct way."""
    async with one_session(tmp_path, "direct_one_set") as session:
        calls = _core_calls(session)
        added = await session.execute(ADD, [{"name": "only", "rank": 1}])
        found = (await session.execute(NAMED, [{"name": "only"}])).first()
    assert calls == []
    assert isinstance(added.scalar(), int)
    assert found is not None
    assert found.name == "only"


async def test_a_statement_cancelled_midway_leaves_its_connection_to_be_replaced(
    tmp_path: Path,
) -> None:
    """As SQLAlchemy's way: the connection's state is unknown, so it is invalidated and the
    session's transaction can only be rolled back; the next unit of work gets a new one."""
    async with sessions_on(tmp_path, "direct_cancelled") as (sessions, _engine):
        async with sessions() as session:
            await session.execute(NAMED, {"name": "a"})
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.2):
                    await session.execute(SLEEP, {"seconds": 5})
            with pytest.raises(PendingRollbackError):
                await session.execute(NAMED, {"name": "a"})
        async with sessions() as session:
            await session.scalar(ADD, {"name": "next", "rank": 1})
            await session.commit()
        async with sessions() as session:
            assert (await session.execute(NAMED, {"name": "next"})).first() is not None


async def test_a_missing_parameter_is_refused_as_sqlalchemy_refuses_it(tmp_path: Path) -> None:
    async with one_session(tmp_path, "direct_missing") as session:
        with pytest.raises(StatementError, match="value is required for bind parameter 'name'"):
            await session.execute(NAMED, {"nom": "a"})


async def test_after_a_schema_change_statements_are_prepared_again(tmp_path: Path) -> None:
    async with sessions_on(tmp_path, "direct_schema") as (sessions, engine):
        async with sessions() as session:
            await session.execute(NAMED, {"name": "a"})  # prepared on the pool's connection
        async with engine.begin() as connection:
            await connection.execute(text("ALTER TABLE items ALTER COLUMN name TYPE text"))
        with contextlib.suppress(DBAPIError):  # the first use may fail, as SQLAlchemy's does
            async with sessions() as session:
                await session.execute(NAMED, {"name": "a"})
        for _ in range(2):
            async with sessions() as session:
                assert (await session.execute(NAMED, {"name": "a"})).first() is None


def test_statements_whose_results_need_sqlalchemy_cannot_be_marked() -> None:
    with pytest.raises(TypeError, match="ORM statement"):
        sent_directly(select(_Item).where(_items.c.name == "a"))
    with pytest.raises(TypeError, match="text"):
        sent_directly(text("SELECT 1 AS n"))


async def test_what_is_not_a_statement_is_refused_by_sqlalchemy(tmp_path: Path) -> None:
    async with one_session(tmp_path, "direct_not_a_statement") as session:
        with pytest.raises(ArgumentError):
            await session.execute("SELECT 1")  # type: ignore[arg-type]
