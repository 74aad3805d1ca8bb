"""The event publication registry on SQL: what dispatchers claim and operators inspect."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    and_,
    any_,
    bindparam,
    delete,
    exists,
    func,
    literal,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Result
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import BindParameter

from adapters.shared.events.recorder import COMPLETED, FAILED, PENDING, PUBLICATIONS
from adapters.shared.sql.direct import sent_directly
from adapters.shared.sql.read_database import ReadDatabase
from adapters.shared.tables import PENDING_ONLY
from application.shared.clock import Clock

_P = PUBLICATIONS.c
_EARLIER = aliased(PUBLICATIONS)
STATUSES = (PENDING, COMPLETED, FAILED)


@dataclass(frozen=True, slots=True)
class StoredPublication:
    id: int
    event_type: str
    event_version: int
    subscriber: str
    payload: str
    ordering_key: str | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    completed_at: datetime | None


_COLUMNS = [getattr(_P, name) for name in StoredPublication.__slots__]
# The predicate of the pending publications' partial index, word for word: compared with a
# bound value instead, PostgreSQL cannot tell in a generic plan that the index serves.
_IS_PENDING = text(PENDING_ONLY)


def _stored(row: Any) -> StoredPublication:
    return StoredPublication(*row)


def _due(subscribers: Collection[str], now: datetime | BindParameter[Any] | None) -> Any:
    """Pending, for one of `subscribers`, not behind a pending one with its key, and due by
    `now` (None: whenever)."""
    earlier = _EARLIER.c
    behind = exists().where(
        earlier.subscriber == _P.subscriber,
        earlier.ordering_key == _P.ordering_key,
        earlier.status == PENDING,
        earlier.id < _P.id,
    )
    return and_(
        _IS_PENDING,
        true() if now is None else _P.next_attempt_at <= now,
        # Each name a bound constant, not one list expanded per execution: the statements
        # built on this (per set of subscribers) compile once; the claim is sent directly.
        _P.subscriber.in_([literal(name, _P.subscriber.type) for name in sorted(subscribers)]),
        _P.ordering_key.is_(None) | ~behind,
    )


# PostgreSQL's completion takes the ids as one array: one statement for any batch, built
# once and sent directly, where an IN list is a new statement per batch size.
_COMPLETE_ANY = sent_directly(
    update(PUBLICATIONS)
    .where(_P.id == any_(bindparam("ids", type_=ARRAY(_P.id.type))))
    .values(
        status=COMPLETED,
        attempts=_P.attempts + 1,
        completed_at=bindparam("now", type_=_P.completed_at.type),
        last_error=None,
    )
)

# The literal predicate again: with a bound status, the read pool's generic plan counted
# every publication ever recorded at each readiness check.
_BACKLOG = select(func.count().label("pending")).select_from(PUBLICATIONS).where(_IS_PENDING)

# A claim's transaction (the claim, the handlers' statements, the completion, the next-due
# read) planned for the tables as they are now. PostgreSQL makes a prepared statement's plan
# again only when its tables' statistics change: a generic plan made while the registry was
# nearly empty scanned every publication ever recorded for each pending one once it held
# thousands, and claims took seconds. A registry grows from nothing to thousands within a
# minute (a burst of writes), inside what autovacuum leaves between two ANALYZEs, or for
# good where it is off (bench/RESULTS.md). One round trip a batch; statements prepared
# afresh would cost one each.
_PLAN_FOR_NOW = sent_directly(
    select(func.set_config("plan_cache_mode", "force_custom_plan", true()).label("mode"))
)


class SqlPublicationRegistry:
    """Each method is one statement of its own, except those taking the caller's session.

    With `reads` (the app's read database) the backlog, asked for by every readiness check
    and metrics scrape, is counted there: on SQLite the engine's one connection is the
    writer's. (On PostgreSQL that pool's plans are generic, made again after an ANALYZE: a
    count, unlike the claim, costs at worst one scan of the registry until then.)
    """

    def __init__(
        self, engine: AsyncEngine, clock: Clock, reads: ReadDatabase | None = None
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._reads = reads
        self._next_due: dict[frozenset[str], Any] = {}  # compiled once per set of subscribers
        self._claims: dict[tuple[frozenset[str], int], Any] = {}  # and per batch size
        self._backlogs: dict[frozenset[str], Any] = {}  # likewise, per set left out

    async def next_due_in(
        self, session: AsyncSession, subscribers: Collection[str]
    ) -> datetime | None:
        """When the earliest deliverable publication for `subscribers` is due (those behind
        another with their key are not deliverable), read in `session`'s transaction: a
        claim's, after its deliveries are recorded, so planned as the claim is."""
        if not subscribers:
            return None
        key = frozenset(subscribers)
        query = self._next_due.get(key)
        if query is None:
            query = self._next_due[key] = sent_directly(
                select(func.min(_P.next_attempt_at).label("due")).where(_due(subscribers, None))
            )
        when: datetime | None = (await session.execute(query)).scalar()
        return when

    async def claim_due(
        self, session: AsyncSession, subscribers: Collection[str], limit: int
    ) -> list[StoredPublication]:
        """Locks up to `limit` due publications, oldest first, in `session`'s transaction:
        none another dispatcher holds (PostgreSQL: SKIP LOCKED; SQLite: the write lock),
        none behind a pending one with its subscriber and key, so at most one per key."""
        if not subscribers:
            return []
        key = (frozenset(subscribers), limit)
        query = self._claims.get(key)
        if query is None:  # built and keyed once, the time bound per claim
            query = self._claims[key] = sent_directly(
                select(*_COLUMNS)
                .where(_due(subscribers, bindparam("now", type_=_P.next_attempt_at.type)))
                .order_by(_P.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=PUBLICATIONS)
            )
        if _on_postgres(session):
            await session.execute(_PLAN_FOR_NOW)
        rows = await session.execute(query, {"now": self._clock.now()})
        return [_stored(row) for row in rows]

    @staticmethod
    async def complete(session: AsyncSession, ids: Collection[int], now: datetime) -> None:
        """Marks the publications delivered, counting this attempt."""
        if _on_postgres(session):
            await session.execute(_COMPLETE_ANY, {"ids": sorted(ids), "now": now})
            return
        await session.execute(
            update(PUBLICATIONS)
            .where(_P.id.in_(sorted(ids)))
            .values(status=COMPLETED, attempts=_P.attempts + 1, completed_at=now, last_error=None)
        )

    @staticmethod
    async def reschedule(
        session: AsyncSession,
        publication_id: int,
        *,
        attempts: int,
        at: datetime,
        error: str,
        failed: bool,
    ) -> None:
        await session.execute(
            update(PUBLICATIONS)
            .where(_P.id == publication_id)
            .values(
                status=FAILED if failed else PENDING,
                attempts=attempts,
                next_attempt_at=at,
                last_error=error,
            )
        )

    async def listed(
        self, status: str | None = None, limit: int = 100
    ) -> Sequence[StoredPublication]:
        """The newest publications first, of one status or all."""
        query = select(*_COLUMNS).order_by(_P.id.desc()).limit(limit)
        if status is not None:
            query = query.where(_P.status == status)
        return [_stored(row) for row in await self._read(query)]

    async def retry(self, ids: Collection[int] | None = None) -> int:
        """Failed publications (those of `ids`, or all) pending again with a fresh count;
        how many were."""
        statement = (
            update(PUBLICATIONS)
            .where(_P.status == FAILED)
            .values(status=PENDING, attempts=0, next_attempt_at=self._clock.now())
        )
        if ids is not None:
            statement = statement.where(_P.id.in_(sorted(ids)))
        return await self._changed(statement)

    async def hasten(self, subscriber: str) -> int:
        """The subscriber's pending publications that wait for a retry are due now (it is
        back: docs/adr/0018); how many were waiting."""
        now = self._clock.now()
        statement = (
            update(PUBLICATIONS)
            .where(_P.subscriber == subscriber, _P.status == PENDING, _P.next_attempt_at > now)
            .values(next_attempt_at=now)
        )
        return await self._changed(statement)

    async def purge(self, completed_before: datetime) -> int:
        """Deletes publications completed before then; how many."""
        statement = delete(PUBLICATIONS).where(
            _P.status == COMPLETED, _P.completed_at < completed_before
        )
        return await self._changed(statement)

    async def backlog(self, excluding: Collection[str] = ()) -> int:
        """Publications pending now (due or waiting for a retry), but those to `excluding`."""
        key = frozenset(excluding)
        query = self._backlogs.get(key)
        if query is None:
            query = self._backlogs[key] = (
                _BACKLOG.where(_P.subscriber.not_in(sorted(key))) if key else _BACKLOG
            )
        if self._reads is not None:
            rows = await self._reads.rows(query, {})
            pending: int = rows[0]["pending"]
            return pending
        count: int = (await self._read(query)).scalar_one()
        return count

    async def _read(self, query: Any) -> Result[Any]:
        # No transaction: on SQLite a transaction here would take the write lock.
        async with self._engine.connect() as connection:
            reading = await connection.execution_options(isolation_level="AUTOCOMMIT")
            result = await reading.execute(query)
            return result.freeze()()

    async def _changed(self, statement: Any) -> int:
        async with self._engine.begin() as connection:
            result = await connection.execute(statement)
            changed: int = result.rowcount
            return changed


def _on_postgres(session: AsyncSession) -> bool:
    return session.sync_session.get_bind().dialect.name == "postgresql"
