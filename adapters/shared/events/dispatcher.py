"""Delivers pending publications to their after-commit handlers, each at least once.

A batch is one transaction: it locks due publications (skipping those another dispatcher
holds), runs each handler on that transaction's session inside a savepoint of its own, and
records each outcome, completion or failure, before committing. A failure undoes only its
handler's writes; a crash anywhere leaves the batch pending and the handlers' writes undone.
Any number of dispatchers may run together.
"""

import asyncio
import logging
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import exc
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.shared.events.background import Background
from adapters.shared.events.codec import EventCodec, UnknownEvent
from adapters.shared.events.registry import SqlPublicationRegistry, StoredPublication
from adapters.shared.events.wake_up import WakeUp
from adapters.shared.sql.deadline import statement_deadline
from adapters.shared.sql.driver import sqlite_driver
from adapters.shared.sql.unavailable import causes, unavailable
from application.shared.clock import Clock
from application.shared.events import (
    AfterCommitHandler,
    AfterCommitSubscription,
    DeliveryAttempt,
    EventSubscriptions,
    IntegrationEvent,
    RetryLater,
)
from application.shared.unavailable import Unavailable

log = logging.getLogger("conduit.events")
MAX_ERROR_CHARACTERS = 1_000
# A batch starts no handler after 1 s (DispatchSettings.batch_seconds): at a shutdown, the
# one in flight is nearly always done well within this.
STOP_GRACE_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class DispatchSettings:
    max_attempts: int = 10  # failed deliveries before a publication is marked failed
    retry_base_seconds: float = 1.0  # the first retry's delay, doubled after each failure
    retry_max_seconds: float = 300.0
    poll_seconds: float = 1.0  # the longest wait between looks when no wake-up comes
    batch_size: int = 100  # publications per transaction
    # Batches in flight at once (PostgreSQL; SQLite has one writer): their publications are
    # disjoint and hold at most one per ordering key, so they may overlap.
    concurrency: int = 4
    delivery_timeout_seconds: float = 30.0
    # After a wake-up, how long commits may gather before the next claim: under a write load
    # each commit wakes the dispatcher, and a claim per publication cost more than the
    # deliveries (bench/RESULTS.md, after-commit events).
    gather_seconds: float = 0.005
    # No handler starts in a batch that has run this long: the rest wait for the next batch.
    # On SQLite a batch holds the one writer, which a request waits for at most 10 s before
    # it is answered 503: a hundred slow handlers (a broker taking 3 s to confirm) held it
    # for minutes.
    batch_seconds: float = 1.0

    def backoff(self, attempts: int) -> float:
        """The delay after the `attempts`-th failure."""
        # A float power saturates at infinity where an int one overflows converting (after
        # ~1,000 failures), which would abort the batch and replay its other handlers.
        delay: float = self.retry_base_seconds * 2.0 ** min(max(attempts - 1, 0), 1023)
        return min(delay, self.retry_max_seconds)


class DeliveryObserver(Protocol):
    def delivered(self, subscriber: str, seconds_since_commit: float) -> None: ...

    def failed(self, subscriber: str, *, final: bool) -> None: ...


class _Unobserved:
    def delivered(self, subscriber: str, seconds_since_commit: float) -> None:
        pass

    def failed(self, subscriber: str, *, final: bool) -> None:
        pass


@dataclass(frozen=True, slots=True)
class _Target:
    event_type: type[IntegrationEvent]
    handler: AfterCommitHandler[AsyncSession]


class Dispatcher:
    def __init__(
        self,
        subscriptions: EventSubscriptions[AsyncSession],
        sessions: async_sessionmaker[AsyncSession],
        registry: SqlPublicationRegistry,
        clock: Clock,
        wake_up: WakeUp,
        settings: DispatchSettings = DispatchSettings(),
        observer: DeliveryObserver | None = None,
    ) -> None:
        self._subscriptions = subscriptions
        self._sessions = sessions
        self._registry = registry
        self._clock = clock
        self._wake_up = wake_up
        self._settings = settings
        self._observer = observer or _Unobserved()
        self._background = Background("conduit-event-dispatcher", self.run)
        self._stopping = False
        self._known: tuple[
            list[AfterCommitSubscription[AsyncSession]],
            dict[tuple[str, str], _Target],
            EventCodec,
        ] = ([], {}, EventCodec())

    async def run_once(self) -> int:
        """Delivers what is due until nothing is (or all of it is another dispatcher's);
        how many deliveries were attempted."""
        attempted, _due = await self._deliver_due(until_none_left=True)
        return attempted

    async def _deliver_due(self, *, until_none_left: bool) -> tuple[int, datetime | None]:
        """Batches of what is due; without `until_none_left`, only until one comes back not
        full. Returns the deliveries attempted and, without `until_none_left`, when the next
        publication is due (None: none is pending), as the last batches read it before
        committing; `run` waits for that. It asks no more, and may not, only because of that
        read: a claim after it finds nothing but the publications behind one of the same key
        just delivered (or cut off by the batch's time limit), which that read says are due
        now, or those committed meanwhile, whose commits woke it. That empty claim was a
        transaction per round (three round trips and a session, ~0.7 ms of CPU) when the
        rounds are small, as under a steady write load (bench/RESULTS.md). (Batches run
        together each read it before the others commit, see their publications still due,
        and cost one more round, which claims nothing.)"""
        targets, codec = self._targets()
        subscribers = {subscriber for _type_name, subscriber in targets}
        attempted, width, due = 0, 1, None
        while subscribers and not self._stopping:
            # One batch at a time until one comes back full: more at once would only claim
            # nothing (SKIP LOCKED) in transactions of their own.
            batches = await asyncio.gather(
                *(
                    self._deliver_batch(subscribers, targets, codec, not until_none_left)
                    for _ in range(width)
                )
            )
            claimed = [batch.claimed for batch in batches]
            attempted += sum(batch.attempted for batch in batches)
            due = min((b.next_due for b in batches if b.next_due is not None), default=None)
            if sum(claimed) == 0:
                break
            full = any(n >= self._settings.batch_size for n in claimed)
            if not (full or until_none_left):
                break
            width = self._settings.concurrency if full else 1
        return attempted, due

    async def run(self) -> None:
        """Delivers, then waits for a wake-up, the next retry or the poll, forever."""
        waiter = self._wake_up.waiter()
        try:
            while not self._stopping:
                waiter.clear()  # a commit from now on wakes the wait below
                wait = self._settings.poll_seconds
                try:
                    started = self._clock.now()
                    attempted, due = await self._deliver_due(until_none_left=False)
                    wait = seconds_to_wait(
                        due,
                        now=self._clock.now(),
                        round_started=started,
                        claimed_any=attempted > 0,
                        longest=wait,
                    )
                except Exception as error:
                    # The database went away, say: the next round tries again. An outage
                    # is one line, as the HTTP layer logs it; anything else is a bug.
                    if (outage := unavailable(error)) is not None:
                        log.warning("event dispatch paused: %s; trying again in %g s", outage, wait)
                    else:
                        log.exception("event dispatch failed; trying again in %g s", wait)
                with suppress(TimeoutError):
                    async with asyncio.timeout(wait):
                        await waiter.wait()
                        await asyncio.sleep(self._settings.gather_seconds)
        finally:
            self._wake_up.forget(waiter)

    def start(self) -> None:
        self._stopping = False
        self._background.start()

    async def stop(self) -> None:
        """Lets the batch in flight end on its own, then stops the loop; cancels it only after
        STOP_GRACE_SECONDS. Cancelled inside a statement, a SQLite connection keeps its
        transaction, and the write lock with it, until the garbage collector closes it."""
        self._stopping = True
        self._wake_up.wake()
        await self._background.stop(grace_seconds=STOP_GRACE_SECONDS)

    def _targets(self) -> tuple[dict[tuple[str, str], _Target], EventCodec]:
        """The handlers by (event type, subscriber), and a codec for their events; rebuilt
        only when the subscriptions changed (a codec's schemas take milliseconds to build)."""
        subscriptions = self._subscriptions.after_commit_subscriptions()
        known, targets, codec = self._known
        if subscriptions != known:
            targets = {
                (s.event_type.type_name(), s.subscriber): _Target(s.event_type, s.handler)
                for s in subscriptions
            }
            codec = EventCodec({s.event_type for s in subscriptions})
            self._known = (subscriptions, targets, codec)
        return targets, codec

    async def _deliver_batch(
        self,
        subscribers: set[str],
        targets: dict[tuple[str, str], _Target],
        codec: EventCodec,
        read_due: bool = False,
    ) -> "_Batch":
        """Each handler in a savepoint of its own, so a failure undoes only its own writes
        and no handler runs again because another failed (external effects stay single)."""
        loop = asyncio.get_running_loop()
        async with self._sessions() as session:
            claimed = await self._registry.claim_due(
                session, subscribers, self._settings.batch_size
            )
            deadline = loop.time() + self._settings.batch_seconds
            attempted, delivered, lost = 0, [], None
            for stored in claimed:
                if attempted and loop.time() >= deadline:
                    break  # left untouched, so pending and due: the next batch's
                attempted += 1
                try:
                    if await self._deliver(session, stored, targets.get(_key(stored)), codec):
                        delivered.append(stored)
                except _TransactionLost as error:
                    lost = error
                    break
            # Unread (not asked, a full batch is followed by another, a lost one's failure is
            # recorded apart): now, which costs at most one more round.
            due: datetime | None = self._clock.now()
            if lost is None:
                last = read_due and len(claimed) < self._settings.batch_size
                due = await self._completed(session, delivered, subscribers if last else None)
        if lost is not None:
            # The batch rolled back (its other deliveries stay pending); the overrun still
            # counts, or the same publication would stall every batch after it.
            async with self._sessions() as session:
                await self._failed(session, lost.stored, lost.error)
                await session.commit()
        return _Batch(len(claimed), attempted, due)

    async def _completed(
        self,
        session: AsyncSession,
        delivered: list[StoredPublication],
        due_for: set[str] | None,
    ) -> datetime | None:
        """Records the deliveries, reads when the next publication for `due_for` is due
        (now if not asked), commits, and returns that time."""
        if delivered:
            now = self._clock.now()
            await self._registry.complete(session, [p.id for p in delivered], now)
        due: datetime | None = self._clock.now()
        if due_for is not None:
            due = await self._registry.next_due_in(session, due_for)
        await session.commit()
        if delivered:
            committed = self._clock.now()
            for stored in delivered:
                seconds = (committed - stored.created_at).total_seconds()
                self._observer.delivered(stored.subscriber, seconds)
        return due

    async def _run(
        self,
        session: AsyncSession,
        stored: StoredPublication,
        target: _Target | None,
        codec: EventCodec,
    ) -> None:
        """The handler on `session`; raises whatever stops the delivery."""
        if target is None:
            raise UnknownEvent(f"{stored.subscriber!r} no longer hears {stored.event_type}")
        event = codec.decode(stored.event_type, stored.event_version, stored.payload)
        attempt = DeliveryAttempt(session, stored.id, stored.attempts + 1, stored.created_at)
        async with statement_deadline(session, self._settings.delivery_timeout_seconds):
            await target.handler(event, attempt)

    async def _deliver(
        self,
        session: AsyncSession,
        stored: StoredPublication,
        target: _Target | None,
        codec: EventCodec,
    ) -> bool:
        """Runs the handler in a savepoint; records a failure in the transaction. True when
        delivered."""
        overrun: TimeoutError | None = None
        try:
            async with session.begin_nested():
                try:
                    await self._run(session, stored, target, codec)
                except TimeoutError as error:
                    # Kept apart: on SQLite a stopped write undoes the whole transaction, and
                    # leaving the savepoint then fails with an error of its own.
                    overrun = error
                    raise
        except Exception as error:
            failure = overrun or error
            if not await _usable(session):
                if overrun is None and _outage(error):
                    # The database, not the handler: the batch rolls back and stays pending,
                    # with no failure recorded on a connection that is gone.
                    raise
                raise _TransactionLost(stored, failure) from error
            await self._record_failure(session, stored, failure)
            return False
        return True

    async def _record_failure(
        self, session: AsyncSession, stored: StoredPublication, error: Exception
    ) -> None:
        if isinstance(error, RetryLater):
            await self._retry_later(session, stored, error)
        elif (outage := _unavailable_store(error)) is not None:
            # A store the handler read from (the read database, say) could not serve: not
            # the handler's failure, so no attempt counts, as after a RetryLater.
            await self._retry_later(session, stored, RetryLater(str(outage)))
        else:
            await self._failed(session, stored, error)

    async def _retry_later(
        self, session: AsyncSession, stored: StoredPublication, later: RetryLater
    ) -> None:
        delay = later.after_seconds
        if delay is None:
            delay = self._settings.retry_base_seconds
        await self._registry.reschedule(
            session,
            stored.id,
            attempts=stored.attempts,  # a transient failure does not count
            at=self._after(delay),
            error=_described(later, "retry later"),
            failed=False,
        )

    async def _failed(
        self, session: AsyncSession, stored: StoredPublication, error: Exception
    ) -> None:
        attempts = stored.attempts + 1
        final = attempts >= self._settings.max_attempts
        log.warning(
            "publication %d (%s to %s) failed, attempt %d of %d: %s",
            *(stored.id, stored.event_type, stored.subscriber, attempts),
            *(self._settings.max_attempts, _described(error)),
        )
        await self._registry.reschedule(
            session,
            stored.id,
            attempts=attempts,
            at=self._after(self._settings.backoff(attempts)),
            error=_described(error),
            failed=final,
        )
        self._observer.failed(stored.subscriber, final=final)

    def _after(self, seconds: float) -> datetime:
        return self._clock.now() + timedelta(seconds=seconds)


def seconds_to_wait(
    due: datetime | None,
    *,
    now: datetime,
    round_started: datetime,
    claimed_any: bool,
    longest: float,
) -> float:
    """How long `run` waits after a round for `due`, the next publication's time (None: none
    is pending), at most `longest`. One due before the round began, yet not claimed, was
    locked by another dispatcher (PostgreSQL's SKIP LOCKED), who goes on with it: asked
    again at once, a dispatcher claimed in a loop until that one committed. One that came
    due during the round (a retry's time) is claimed at once."""
    if due is None:
        return longest
    if not claimed_any and due <= round_started:
        return longest
    return min(max((due - now).total_seconds(), 0.0), longest)


@dataclass(frozen=True, slots=True)
class _Batch:
    claimed: int
    attempted: int
    # When the next publication is due, read in its transaction after its deliveries; None:
    # nothing pending.
    next_due: datetime | None


class _TransactionLost(Exception):
    """A handler's failure took the batch's transaction with it: cancelling a statement
    invalidated the connection (PostgreSQL), or stopping a write undid the transaction
    (SQLite). Nothing more can be done in it; its deliveries so far are undone too."""

    def __init__(self, stored: StoredPublication, error: Exception) -> None:
        super().__init__(str(error))
        self.stored = stored
        self.error = error


async def _usable(session: AsyncSession) -> bool:
    """Whether the batch's transaction is still there to record in."""
    try:
        connection = await session.connection()
    except exc.PendingRollbackError:
        return False
    if connection.invalidated:
        return False
    if connection.dialect.name != "sqlite":
        return True
    # SQLite ends the transaction itself when a write is stopped, or on some errors; the
    # connection stays whole and would go on in autocommit.
    driver = await sqlite_driver(connection)
    return driver is not None and driver.in_transaction


def _outage(error: Exception) -> bool:
    """The database went away under a handler (an overrun, a TimeoutError that the driver's
    errors resemble, was told apart before). Asked only once the batch's transaction is
    gone: a handler's own network error (an OSError under a broker's or a webhook's) reads
    like a lost database connection, and is the handler's failure while the database serves."""
    return unavailable(error) is not None


def _unavailable_store(error: BaseException) -> Unavailable | None:
    """The `Unavailable` a port raised under `error`, if any (the handler may have wrapped it)."""
    return next((cause for cause in causes(error) if isinstance(cause, Unavailable)), None)


def _key(stored: StoredPublication) -> tuple[str, str]:
    return stored.event_type, stored.subscriber


def _described(error: BaseException, prefix: str | None = None) -> str:
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if isinstance(error, TimeoutError):
        text = "TimeoutError: the handler took longer than the delivery timeout"
    if prefix:
        text = f"{prefix}: {text}"
    return text[:MAX_ERROR_CHARACTERS]
