"""The dispatchers' claim walks the pending publications' index, whatever statistics say."""

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.shared.clock import SystemClock
from adapters.shared.events.dispatcher import Dispatcher, DispatchSettings
from adapters.shared.events.recorder import PUBLICATIONS
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.events.wake_up import WakeUp
from adapters.shared.sql.direct import unit_of_work_sessions
from adapters.shared.sql.engine import PoolSettings, create_engine, database_url
from adapters.shared.sql.read_database import read_database_for
from application.shared.events import DeliveryAttempt, EventSubscriptions
from migrations import runner
from tests.support.databases import drop_postgres_database, fresh_database
from tests.support.events import CountedClaims, ThingHappened

COMPLETED, PENDING = 2_000, 3
INDEX = "ix_event_publications_pending_id"


def publication(status: str, now: datetime) -> dict[str, Any]:
    return {
        "event_type": "tests.ThingHappened",
        "event_version": 1,
        "subscriber": "notifications",
        "payload": "{}",
        "ordering_key": None,
        "status": status,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "completed_at": now if status == "completed" else None,
    }


async def _analyze(engine: AsyncEngine) -> None:
    """Statistics of every table gathered now."""
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("ANALYZE"))


async def claimed_with_statistics(engine: AsyncEngine) -> tuple[list[int], str, Any]:
    """Fills the registry with completed publications and a few pending, gathers statistics,
    claims: the ids claimed, and the claim's statement and parameters as sent."""
    now = datetime.now(UTC)
    async with engine.begin() as connection:
        await connection.execute(
            insert(PUBLICATIONS), [publication("completed", now) for _ in range(COMPLETED)]
        )
        await connection.execute(
            insert(PUBLICATIONS), [publication("pending", now) for _ in range(PENDING)]
        )
    await _analyze(engine)
    sent: list[tuple[str, Any]] = []

    def keep(*args: Any) -> None:
        sent.append((args[2], args[3]))  # the statement and its parameters

    event.listen(engine.sync_engine, "before_cursor_execute", keep)
    async with async_sessionmaker(engine)() as session:
        registry = SqlPublicationRegistry(engine, SystemClock())
        claimed = await registry.claim_due(session, {"notifications"}, 100)
    statement, parameters = next((s, p) for s, p in sent if "event_publications_1" in s)
    return [p.id for p in claimed], statement, parameters


async def test_after_analyze_the_sqlite_claim_reads_only_pending_publications(
    tmp_path: Path,
) -> None:
    """With statistics, SQLite saw a status every row had and scanned the whole registry,
    completed publications and all, on every claim (bench/RESULTS.md)."""
    url = await fresh_database("sqlite", tmp_path, "claim")
    await asyncio.to_thread(runner.upgrade, url)
    engine = create_engine(url)
    try:
        ids, statement, parameters = await claimed_with_statistics(engine)
    finally:
        await engine.dispose()

    assert ids == list(range(COMPLETED + 1, COMPLETED + PENDING + 1))
    with sqlite3.connect(tmp_path / "claim.db") as explaining:
        plan = [row[3] for row in explaining.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
    assert f"SCAN event_publications USING INDEX {INDEX}" in plan, plan  # the outer walk


@pytest.mark.postgres
async def test_the_postgres_claim_uses_the_pending_index_in_a_generic_plan(
    tmp_path: Path,
) -> None:
    """The claim compares status with a literal: compared with a bound value, a generic plan
    (PostgreSQL's choice after five runs of a prepared statement) knows neither that the
    partial index serves nor how rare the value is, and walked the primary key past every
    completed publication."""
    url = await fresh_database("postgres", tmp_path, "claim")
    await asyncio.to_thread(runner.upgrade, url)
    engine = create_engine(url)
    try:
        ids, statement, parameters = await claimed_with_statistics(engine)
        plan = await _generic_plan(url, statement, [_literal(value) for value in parameters])
    finally:
        await engine.dispose()
        await drop_postgres_database(url)

    assert ids == list(range(COMPLETED + 1, COMPLETED + PENDING + 1))
    assert _reads_pending_only(plan), plan


@pytest.mark.postgres
async def test_the_backlog_counts_only_pending_publications_in_a_generic_plan(
    tmp_path: Path,
) -> None:
    """Readiness and metrics count the backlog every few seconds on the read pool, whose
    plans are all generic: with status bound, not literal, that plan counted every
    publication ever recorded."""
    url = await fresh_database("postgres", tmp_path, "backlog")
    await asyncio.to_thread(runner.upgrade, url)
    engine = create_engine(url)
    reads = read_database_for(url, PoolSettings())
    sent: list[str] = []
    reads.listen(sent.append)
    try:
        ids, _statement, _parameters = await claimed_with_statistics(engine)  # fills, analyzes
        backlog = await SqlPublicationRegistry(engine, SystemClock(), reads).backlog()
        status = ["'pending'"] if "$1" in sent[-1] else []  # bound, as it once was
        plan = await _generic_plan(url, sent[-1], status)
    finally:
        await reads.close()
        await engine.dispose()
        await drop_postgres_database(url)

    assert backlog == len(ids) == PENDING
    assert _reads_pending_only(plan), plan


@pytest.mark.postgres
async def test_a_dispatcher_that_polled_an_empty_registry_plans_for_it_once_it_has_grown(
    tmp_path: Path,
) -> None:
    """PostgreSQL makes a prepared statement's plan again only when its tables' statistics
    change. Polled on a new database's empty registry (once a second), the claim and the
    next-due read went to generic plans made for an empty table; after a burst of writes
    those scanned every publication for each pending one, and a claim took seconds
    (bench/RESULTS.md). None of the dispatcher's statements runs on such a plan."""
    url = await fresh_database("postgres", tmp_path, "claim_plans")
    await asyncio.to_thread(runner.upgrade, url)
    # One connection: the one that polled is the one that claims once the registry is full.
    engine = create_engine(url, PoolSettings(size=1, max_overflow=0))
    delivered: list[int] = []

    async def deliver(event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]) -> None:
        delivered.append(event.number)

    subscriptions: EventSubscriptions[AsyncSession] = EventSubscriptions()
    subscriptions.subscribe_after_commit(ThingHappened, "notifications", deliver)
    clock = SystemClock()
    registry = SqlPublicationRegistry(engine, clock)
    settings = DispatchSettings(poll_seconds=0.02)
    sessions = unit_of_work_sessions(engine)
    dispatcher = Dispatcher(subscriptions, sessions, registry, clock, WakeUp(), settings)
    claims = CountedClaims(registry)
    try:
        await _analyze(engine)  # statistics of an empty registry, as a new deployment has
        dispatcher.start()
        async with asyncio.timeout(10):
            while claims.count < 8:  # noqa: ASYNC110 - its polls of an empty registry
                await asyncio.sleep(0.02)
        now = datetime.now(UTC)
        waiting = {**publication("pending", now), "next_attempt_at": now + timedelta(hours=1)}
        due = [
            {
                **publication("pending", now),
                "event_type": ThingHappened.type_name(),
                "payload": json.dumps({"number": n, "key": None}),
                "ordering_key": f"thing:{n % 50}",
            }
            for n in range(150)
        ]
        async with engine.begin() as connection:
            await connection.execute(
                insert(PUBLICATIONS),
                [publication("completed", now) for _ in range(COMPLETED)] + [waiting] + due,
            )
        async with asyncio.timeout(10):
            while len(delivered) < 150:  # noqa: ASYNC110 - 50 a round: one per key
                await asyncio.sleep(0.02)
        await dispatcher.stop()
        async with engine.connect() as connection:  # the same connection
            plans = (
                await connection.execute(
                    text(
                        "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
                        " WHERE statement LIKE '%FROM event_publications%'"
                        " AND statement NOT LIKE '%pg_prepared_statements%'"
                    )
                )
            ).all()
    finally:
        await dispatcher.stop()
        await engine.dispose()
        await drop_postgres_database(url)

    assert sorted(delivered) == list(range(150))
    [claim] = [row for row in plans if "FOR UPDATE" in row.statement]
    assert claim.custom_plans > 8, plans
    assert any("min(event_publications.next_attempt_at)" in row.statement for row in plans)
    assert [row for row in plans if row.generic_plans] == [], plans


async def _generic_plan(url: str, statement: str, arguments: list[str]) -> Any:
    """`statement`'s generic plan (PostgreSQL's EXPLAIN as JSON) for `arguments` (SQL text)."""
    dsn = database_url(url).set(drivername="postgresql").render_as_string(False)
    explaining = await asyncpg.connect(dsn)
    try:
        await explaining.execute("SET plan_cache_mode = force_generic_plan")
        await explaining.execute(f"PREPARE explained AS {statement}")
        values = f"({', '.join(arguments)})" if arguments else ""
        plan = await explaining.fetchval(f"EXPLAIN (FORMAT JSON) EXECUTE explained{values}")
    finally:
        await explaining.close()
    return json.loads(plan)[0]["Plan"]


def _reads_pending_only(plan: dict[str, Any]) -> bool:
    """The registry read through the pending index, or the status index searched for the
    literal: pending publications only."""
    scan = _outer_scan(plan)
    return scan.get("Index Name") == INDEX or "'pending'" in scan.get("Index Cond", "")


def _outer_scan(node: dict[str, Any]) -> dict[str, Any]:
    """The plan's node reading the registry itself (not the NOT EXISTS over its alias)."""
    if node.get("Alias") == "event_publications":
        return node
    for child in node.get("Plans", []):
        if child.get("Parent Relationship") != "SubPlan":
            return _outer_scan(child)
    raise AssertionError(f"no scan of event_publications in {node}")


def _literal(value: object) -> str:
    """A claim parameter as SQL text: names, a time, the limit."""
    if isinstance(value, datetime):
        value = value.isoformat()
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    assert isinstance(value, int)
    return str(value)


@asynccontextmanager
async def postgres_registry_holding(
    tmp_path: Path, name: str, publications: list[dict[str, Any]]
) -> AsyncIterator[AsyncEngine]:
    """A migrated PostgreSQL database holding `publications`, its engine; dropped after."""
    url = await fresh_database("postgres", tmp_path, name)
    await asyncio.to_thread(runner.upgrade, url)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(PUBLICATIONS), publications)
        yield engine
    finally:
        await engine.dispose()
        await drop_postgres_database(url)


async def _statuses(engine: AsyncEngine, columns: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        found = await connection.execute(
            text(f"SELECT {columns} FROM event_publications ORDER BY id")
        )
        return [tuple(row) for row in found.all()]


@pytest.mark.postgres
async def test_on_postgres_a_units_session_claims_and_completes_without_sqlalchemys_execution(
    tmp_path: Path,
) -> None:
    """The claim (built once per subscriber set) and the completion (the ids as one array)
    go straight to the driver in the dispatcher's session, and do what they did through
    SQLAlchemy: the due publications locked and read, then marked completed, one attempt."""
    now = datetime.now(UTC)
    publications = [publication("pending", now) for _ in range(3)]
    publications.append({**publication("pending", now), "subscriber": "elsewhere"})
    async with postgres_registry_holding(tmp_path, "claim_direct", publications) as engine:
        registry = SqlPublicationRegistry(engine, SystemClock())
        async with unit_of_work_sessions(engine)() as session:
            through_sqlalchemy: list[Any] = []
            execute = session.sync_session.execute

            def spy(statement: Any, *args: Any, **kwargs: Any) -> Any:
                through_sqlalchemy.append(statement)
                return execute(statement, *args, **kwargs)

            session.sync_session.execute = spy  # type: ignore[method-assign]
            claimed = await registry.claim_due(session, {"notifications"}, 100)
            await registry.complete(session, [p.id for p in claimed], now)
            await session.commit()
        rows = await _statuses(engine, "subscriber, status, attempts, completed_at IS NOT NULL")

    assert through_sqlalchemy == []
    assert [(p.id, p.subscriber, p.status) for p in claimed] == [
        (n, "notifications", "pending") for n in (1, 2, 3)
    ]
    assert rows == [("notifications", "completed", 1, True)] * 3 + [
        ("elsewhere", "pending", 0, False)
    ]


@pytest.mark.postgres
async def test_on_postgres_the_completion_through_sqlalchemy_counts_each_publication_once(
    tmp_path: Path,
) -> None:
    """The array form taken SQLAlchemy's way (a plain session, as with tracing's listeners):
    no ids change nothing; an id given twice is completed once, its attempt counted once."""
    now = datetime.now(UTC)
    publications = [publication("pending", now) for _ in range(3)]
    async with postgres_registry_holding(tmp_path, "complete_any", publications) as engine:
        async with async_sessionmaker(engine)() as session:
            await SqlPublicationRegistry.complete(session, [], now)
            await SqlPublicationRegistry.complete(session, [1, 1, 2], now)
            await session.commit()
        rows = await _statuses(engine, "status, attempts")

    assert rows == [("completed", 1), ("completed", 1), ("pending", 0)]
