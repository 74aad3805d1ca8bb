"""The dispatcher: each publication's effect exactly once, retries, failures kept, order per key."""

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import suppress

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.events.dispatcher import DispatchSettings
from adapters.shared.events.listener import PostgresListener
from adapters.shared.events.wake_up import WakeUp
from adapters.shared.fakes import FixedClock
from adapters.shared.sql.engine import create_engine
from application.shared.events import DeliveryAttempt, RetryLater
from application.shared.unavailable import Unavailable
from tests.support.databases import MigratedDatabase
from tests.support.events import (
    CountedClaims,
    Events,
    ThingHappened,
    effects,
    effects_table,
    write_effect,
)

NOW = DispatchSettings(retry_base_seconds=0)  # a failed delivery is due again at once


@pytest.fixture
async def events(clean_database: MigratedDatabase) -> AsyncIterator[Events]:
    async with effects_table(clean_database.engine):
        yield Events(clean_database)


def subscribe(
    events: Events, subscriber: str = "alpha", *, fail_first: int = 0, retry_first: int = 0
) -> list[int]:
    """A handler writing one effect per delivery, that raises in its first deliveries (after
    writing); the attempt numbers it saw."""
    seen: list[int] = []

    async def handle(event: ThingHappened, attempt: DeliveryAttempt[AsyncSession]) -> None:
        seen.append(attempt.attempt)
        await write_effect(event, attempt, subscriber)
        if len(seen) <= retry_first:
            raise RetryLater("not now")
        if len(seen) <= retry_first + fail_first:
            raise RuntimeError(f"failure {len(seen)}")

    events.subscriptions.subscribe_after_commit(ThingHappened, subscriber, handle)
    return seen


async def test_each_subscriber_gets_the_event_once(events: Events) -> None:
    subscribe(events, "alpha")
    subscribe(events, "beta")
    await events.publish(ThingHappened(1))

    assert await events.dispatcher().run_once() == 2

    found = await effects(events.database.engine)
    assert sorted((subscriber, number) for _id, subscriber, number, _key in found) == [
        ("alpha", 1),
        ("beta", 1),
    ]
    listed = await events.registry.listed()
    assert {(p.status, p.attempts) for p in listed} == {("completed", 1)}
    assert all(p.completed_at is not None for p in listed)
    assert await events.dispatcher().run_once() == 0


async def test_failing_twice_then_succeeding_leaves_exactly_one_effect(events: Events) -> None:
    seen = subscribe(events, fail_first=2)
    await events.publish(ThingHappened(1))

    await events.dispatcher(NOW).run_once()

    assert seen == [1, 2, 3]
    assert [number for _id, _s, number, _k in await effects(events.database.engine)] == [1]
    [publication] = await events.registry.listed()
    assert (publication.status, publication.attempts) == ("completed", 3)


async def test_after_the_last_attempt_a_publication_is_failed_kept_and_retriable(
    events: Events,
) -> None:
    seen = subscribe(events, fail_first=3)
    await events.publish(ThingHappened(1))
    settings = DispatchSettings(retry_base_seconds=0, max_attempts=3)

    await events.dispatcher(settings).run_once()

    [failed] = await events.registry.listed("failed")
    assert failed.attempts == 3
    assert failed.last_error == "RuntimeError: failure 3"
    assert await effects(events.database.engine) == []
    assert await events.dispatcher(settings).run_once() == 0  # failed is not retried alone
    assert await events.registry.retry([failed.id]) == 1
    await events.dispatcher(settings).run_once()
    assert seen == [1, 2, 3, 1]
    assert len(await effects(events.database.engine)) == 1


async def test_retry_later_does_not_count_as_a_failure(events: Events) -> None:
    seen = subscribe(events, retry_first=4, fail_first=1)
    await events.publish(ThingHappened(1))
    settings = DispatchSettings(retry_base_seconds=0, max_attempts=2)

    await events.dispatcher(settings).run_once()

    assert seen == [1, 1, 1, 1, 1, 2]
    [publication] = await events.registry.listed()
    assert (publication.status, publication.attempts) == ("completed", 2)
    assert len(await effects(events.database.engine)) == 1


async def test_a_retry_waits_for_its_backoff(events: Events) -> None:
    clock = FixedClock()
    events = Events(events.database, clock=clock)
    seen = subscribe(events, fail_first=2)
    await events.publish(ThingHappened(1))
    dispatcher = events.dispatcher(DispatchSettings(retry_base_seconds=10))

    await dispatcher.run_once()
    assert seen == [1]
    [pending] = await events.registry.listed("pending")
    assert pending.last_error == "RuntimeError: failure 1"
    assert (pending.next_attempt_at - pending.created_at).total_seconds() == 10

    clock.advance(seconds=9)
    await dispatcher.run_once()
    assert seen == [1]
    clock.advance(seconds=1)
    await dispatcher.run_once()
    assert seen == [1, 2]
    [pending] = await events.registry.listed("pending")
    assert (pending.next_attempt_at - clock.now()).total_seconds() == 20  # doubled


async def test_a_long_failing_publication_waits_the_longest_backoff_without_stalling_others(
    events: Events,
) -> None:
    clock = FixedClock()
    events = Events(events.database, clock=clock)
    subscribe(events, "alpha")
    failing = subscribe(events, "beta", fail_first=10_000)
    await events.publish(ThingHappened(1))
    async with events.database.engine.begin() as connection:
        # 2 ** 1500 seconds: past what a float or a date can hold.
        await connection.execute(
            text("UPDATE event_publications SET attempts = 1500 WHERE subscriber = 'beta'")
        )
    settings = DispatchSettings(max_attempts=5_000, retry_max_seconds=300)

    assert await events.dispatcher(settings).run_once() == 2

    assert failing == [1501]
    assert [s for _id, s, _n, _k in await effects(events.database.engine)] == ["alpha"]
    [pending] = await events.registry.listed("pending")
    assert pending.attempts == 1501
    assert (pending.next_attempt_at - clock.now()).total_seconds() == 300


async def test_a_batch_of_slow_handlers_gives_the_transaction_back_in_time(
    events: Events,
) -> None:
    batches: list[AsyncSession] = []  # the transaction each delivery ran in (kept alive)

    async def slow(event: ThingHappened, attempt: DeliveryAttempt[AsyncSession]) -> None:
        batches.append(attempt.transaction)
        await write_effect(event, attempt, "alpha")
        await asyncio.sleep(0.15)

    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", slow)
    await events.publish(*(ThingHappened(n) for n in range(5)))

    assert await events.dispatcher(DispatchSettings(batch_seconds=0.2)).run_once() == 5

    # A batch starts no handler after 0.2 s: the third would have begun at 0.3 s.
    assert max(Counter(batches).values()) <= 2
    assert sorted(n for _id, _s, n, _k in await effects(events.database.engine)) == [0, 1, 2, 3, 4]
    assert {p.status for p in await events.registry.listed()} == {"completed"}


async def test_order_per_key_is_kept_while_an_earlier_publication_waits(events: Events) -> None:
    clock = FixedClock()
    events = Events(events.database, clock=clock)
    seen: list[int] = []

    async def fail_number_one_once(
        event: ThingHappened, attempt: DeliveryAttempt[AsyncSession]
    ) -> None:
        seen.append(event.number)
        await write_effect(event, attempt, "alpha")
        if seen.count(1) == 1 and event.number == 1:
            raise RuntimeError("not yet")

    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", fail_number_one_once)
    await events.publish(
        *(ThingHappened(n, key="a") for n in range(1, 5)),
        *(ThingHappened(n, key="b") for n in range(5, 8)),
        ThingHappened(8),
    )
    dispatcher = events.dispatcher(DispatchSettings(retry_base_seconds=10))

    await dispatcher.run_once()  # key a's first fails and waits: the rest of key a waits too
    assert sorted(seen) == [1, 5, 6, 7, 8]
    clock.advance(seconds=10)
    await dispatcher.run_once()

    found = await effects(events.database.engine)
    assert [number for _i, _s, number, key in found if key == "a"] == [1, 2, 3, 4]
    assert [number for _i, _s, number, key in found if key == "b"] == [5, 6, 7]
    assert sorted(number for _i, _s, number, _k in found) == list(range(1, 9))


async def test_a_handler_s_own_network_error_is_its_failure_not_a_database_outage(
    events: Events,
) -> None:
    """An OSError under a handler's error (a webhook's host refused, a broker's socket
    closed) reads like a lost database connection; with the database serving, it is the
    handler's failure, or its RetryLater, recorded as such."""

    async def unreachable(event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]) -> None:
        try:
            raise ConnectionRefusedError("the host refused")
        except OSError as error:
            if event.number == 1:
                raise RuntimeError("the webhook could not be called") from error
            raise RetryLater("the broker is away") from error

    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", unreachable)
    await events.publish(ThingHappened(1, key="a"), ThingHappened(2, key="b"))

    assert await events.dispatcher().run_once() == 2

    listed = {json.loads(p.payload)["number"]: p for p in await events.registry.listed()}
    assert (listed[1].status, listed[1].attempts) == ("pending", 1)  # a failure, counted
    assert "the webhook could not be called" in (listed[1].last_error or "")
    assert (listed[2].status, listed[2].attempts) == ("pending", 0)  # a RetryLater
    assert "the broker is away" in (listed[2].last_error or "")


async def test_a_store_a_handler_reads_being_unavailable_costs_it_no_attempt(
    events: Events,
) -> None:
    """The read database down under a handler (its port raises Unavailable) is no failure of
    the handler's: the publication waits, its attempts uncounted, and is never failed."""

    async def reads_a_down_database(
        _event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]
    ) -> None:
        raise RuntimeError("could not look the reader up") from Unavailable(
            "database", "no read connection came free in 30 s"
        )

    clock = FixedClock()
    events = Events(events.database, clock=clock)
    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", reads_a_down_database)
    await events.publish(ThingHappened(1))
    dispatcher = events.dispatcher(DispatchSettings(retry_base_seconds=10, max_attempts=2))

    for _ in range(3):  # past max_attempts, had they counted
        assert await dispatcher.run_once() == 1
        clock.advance(seconds=10)

    [waiting] = await events.registry.listed()
    assert (waiting.status, waiting.attempts) == ("pending", 0)
    assert "no read connection came free" in (waiting.last_error or "")


async def test_a_handler_that_overruns_its_timeout_fails(events: Events) -> None:
    async def slow(_event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]) -> None:
        await asyncio.sleep(5)

    events.subscriptions.subscribe_after_commit(ThingHappened, "slow", slow)
    await events.publish(ThingHappened(1))

    await events.dispatcher(DispatchSettings(delivery_timeout_seconds=0.1)).run_once()

    [publication] = await events.registry.listed()
    assert (publication.status, publication.attempts) == ("pending", 1)
    assert publication.last_error is not None
    assert "longer than the delivery timeout" in publication.last_error


# Statements that run for about a minute: long enough that waiting for one fails the test.
# SQLite undoes the whole transaction when it stops a write, only the statement for a read.
_COUNT_TO_400M = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 400000000)"
LONG_STATEMENTS = {
    ("postgresql", "read"): "SELECT pg_sleep(60)",
    ("postgresql", "write"): "WITH w AS (INSERT INTO tags (name) VALUES ('t') RETURNING 1)"
    " SELECT pg_sleep(60) FROM w",
    ("sqlite", "read"): f"{_COUNT_TO_400M} SELECT count(*) FROM n",
    ("sqlite", "write"): f"DELETE FROM users WHERE id IN ({_COUNT_TO_400M} SELECT x FROM n)",
}


@pytest.mark.parametrize("kind", ["read", "write"])
async def test_a_handler_overrunning_inside_a_statement_fails_without_stalling_the_rest(
    clean_database: MigratedDatabase, kind: str
) -> None:
    # The statement is stopped at the deadline (SQLite runs it in a thread of the driver's,
    # PostgreSQL in the server), the overrun is recorded, the other publication is delivered
    # (in this batch or the next) and the next writer finds the database free at once.
    events = Events(clean_database)
    statement = text(LONG_STATEMENTS[clean_database.engine.dialect.name, kind])

    async def slow_first(event: ThingHappened, attempt: DeliveryAttempt[AsyncSession]) -> None:
        if event.number == 1:
            await attempt.transaction.execute(statement)

    events.subscriptions.subscribe_after_commit(ThingHappened, "slow", slow_first)
    await events.publish(ThingHappened(1), ThingHappened(2))
    settings = DispatchSettings(delivery_timeout_seconds=0.3, retry_base_seconds=60)

    async with asyncio.timeout(10):
        await events.dispatcher(settings).run_once()
        await events.publish(ThingHappened(3))  # a writer right after the overrun
    overran, other, third = sorted(await events.registry.listed(), key=lambda p: p.id)

    assert (overran.status, overran.attempts) == ("pending", 1)
    assert "longer than the delivery timeout" in (overran.last_error or "")
    assert (other.status, other.attempts) == ("completed", 1)
    assert (third.status, third.attempts) == ("pending", 0)


@pytest.mark.parametrize("kind", ["read", "write"])
async def test_deliveries_before_an_overrun_in_its_batch_keep_their_effects(
    events: Events, kind: str
) -> None:
    # A stopped write takes the batch's whole transaction with it on SQLite: the deliveries
    # made in it before must not be counted as done, nor anything after run outside it.
    statement = text(LONG_STATEMENTS[events.database.engine.dialect.name, kind])

    async def handle(event: ThingHappened, attempt: DeliveryAttempt[AsyncSession]) -> None:
        await write_effect(event, attempt, "alpha")
        if event.number == 2 and attempt.attempt == 1:
            await attempt.transaction.execute(statement)

    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", handle)
    await events.publish(ThingHappened(1), ThingHappened(2), ThingHappened(3))
    settings = DispatchSettings(delivery_timeout_seconds=0.3, retry_base_seconds=0)

    async with asyncio.timeout(10):
        await events.dispatcher(settings).run_once()

    found = await effects(events.database.engine)
    assert sorted(number for _id, _s, number, _k in found) == [1, 2, 3]
    listed = sorted(await events.registry.listed(), key=lambda p: p.id)
    assert [(p.status, p.attempts) for p in listed] == [
        ("completed", 1),
        ("completed", 2),
        ("completed", 1),
    ]


async def test_a_handler_that_swallows_its_interruption_still_overran(events: Events) -> None:
    statement = text(LONG_STATEMENTS[events.database.engine.dialect.name, "read"])

    async def stubborn(_event: ThingHappened, attempt: DeliveryAttempt[AsyncSession]) -> None:
        try:
            await attempt.transaction.execute(statement)
        except Exception:  # what a careless handler does
            return

    events.subscriptions.subscribe_after_commit(ThingHappened, "stubborn", stubborn)
    await events.publish(ThingHappened(1))

    async with asyncio.timeout(10):
        await events.dispatcher(DispatchSettings(delivery_timeout_seconds=0.3)).run_once()

    [publication] = await events.registry.listed()
    assert (publication.status, publication.attempts) == ("pending", 1)
    assert "longer than the delivery timeout" in (publication.last_error or "")


async def test_stopping_lets_the_batch_in_flight_commit(events: Events) -> None:
    # Cancelled mid-statement, a SQLite connection kept its transaction and the write lock
    # until garbage-collected: the next writer (a test's clean-up, a restarted server) failed.
    entered, release = asyncio.Event(), asyncio.Event()

    async def slow(event: ThingHappened, attempt: DeliveryAttempt[AsyncSession]) -> None:
        await write_effect(event, attempt, "alpha")
        entered.set()
        await release.wait()

    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", slow)
    dispatcher = events.dispatcher()
    dispatcher.start()
    await events.publish(ThingHappened(1))
    async with asyncio.timeout(10):
        await entered.wait()
        stopping = asyncio.ensure_future(dispatcher.stop())
        await asyncio.sleep(0.1)
        assert not stopping.done()  # waiting for the batch, not cancelling it
        release.set()
        await stopping
        await events.publish(ThingHappened(2))  # the database is free for the next writer

    statuses = [p.status for p in sorted(await events.registry.listed(), key=lambda p: p.id)]
    assert statuses == ["completed", "pending"]
    assert [number for _i, _s, number, _k in await effects(events.database.engine)] == [1]


async def test_publications_of_subscribers_this_process_does_not_have_wait(
    events: Events,
) -> None:
    subscribe(events, "alpha")
    await events.publish(ThingHappened(1))
    other = Events(events.database)  # another process, which has no subscriber "alpha"
    subscribe(other, "beta")

    assert await other.dispatcher().run_once() == 0
    assert [p.status for p in await events.registry.listed()] == ["pending"]


async def until_effects(events: Events, count: int) -> None:
    while len(await effects(events.database.engine)) < count:  # noqa: ASYNC110 - a poll of the table
        await asyncio.sleep(0.02)


async def test_a_running_dispatcher_wakes_at_commit(events: Events) -> None:
    subscribe(events)
    dispatcher = events.dispatcher(DispatchSettings(poll_seconds=30))
    dispatcher.start()
    try:
        await asyncio.sleep(0.1)  # idle, waiting
        await events.publish(ThingHappened(1))
        async with asyncio.timeout(5):
            await until_effects(events, 1)
    finally:
        await dispatcher.stop()


async def test_a_running_dispatcher_delivers_a_key_s_publications_in_turn_without_a_new_commit(
    events: Events,
) -> None:
    """A batch holds one publication per key; the next of that key is due once it is
    delivered, and a running dispatcher takes it then, not at its next poll."""
    subscribe(events)
    await events.publish(*(ThingHappened(n, key="k") for n in range(1, 4)))
    dispatcher = events.dispatcher(DispatchSettings(poll_seconds=30))
    dispatcher.start()
    try:
        async with asyncio.timeout(5):
            await until_effects(events, 3)
    finally:
        await dispatcher.stop()

    found = await effects(events.database.engine)
    assert [number for _id, _subscriber, number, _key in found] == [1, 2, 3]


async def test_a_running_dispatcher_claims_no_more_after_a_batch_that_was_not_full(
    events: Events,
) -> None:
    """What a claim after it could find, the next due time or a commit's wake-up tells."""
    subscribe(events)
    await events.publish(*(ThingHappened(n) for n in range(1, 4)))
    dispatcher = events.dispatcher(DispatchSettings(poll_seconds=30))
    claims = CountedClaims(dispatcher._registry)
    dispatcher.start()
    try:
        async with asyncio.timeout(5):
            await until_effects(events, 3)
        await asyncio.sleep(0.3)  # a second claim, if any, would have come by now
        assert claims.count == 1
        await events.publish(ThingHappened(4))  # the commit wakes it for one more round
        async with asyncio.timeout(5):
            await until_effects(events, 4)
        await asyncio.sleep(0.3)
        assert claims.count == 2
    finally:
        await dispatcher.stop()


async def test_a_running_dispatcher_wakes_when_a_retry_is_due(events: Events) -> None:
    seen = subscribe(events, retry_first=1)
    await events.publish(ThingHappened(1))
    dispatcher = events.dispatcher(DispatchSettings(retry_base_seconds=0.2, poll_seconds=30))
    dispatcher.start()
    try:
        async with asyncio.timeout(5):  # the poll is 30 s away
            while len(seen) < 2:  # noqa: ASYNC110 - a poll of what the handler saw
                await asyncio.sleep(0.02)
    finally:
        await dispatcher.stop()

    assert seen == [1, 1]  # a RetryLater counts no attempt
    assert [p.status for p in await events.registry.listed()] == ["completed"]


@pytest.mark.postgres
async def test_a_dispatcher_waits_while_another_holds_what_is_due(
    postgres_database: MigratedDatabase,
) -> None:
    """Its claim skips the publication the other has locked, which is still pending and due:
    asked again at once, it claimed in a loop until the other committed."""
    events = Events(postgres_database)
    entered, release = asyncio.Event(), asyncio.Event()

    async def held(_event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]) -> None:
        entered.set()
        await release.wait()

    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", held)
    await events.publish(ThingHappened(1))
    own_engine = create_engine(events.database.url)
    holder = asyncio.create_task(events.dispatcher().run_once())
    waiting = events.dispatcher(DispatchSettings(poll_seconds=1), engine=own_engine)
    claims = CountedClaims(waiting._registry)
    try:
        async with own_engine.connect():  # connected before it starts: the window is its own
            pass
        async with asyncio.timeout(5):
            await entered.wait()
        waiting.start()
        await asyncio.sleep(0.5)
        assert claims.count == 1  # then it waits for its poll
        release.set()
        assert await holder == 1
        assert [p.status for p in await events.registry.listed()] == ["completed"]
    finally:
        release.set()
        with suppress(Exception):
            await holder
        await waiting.stop()
        await own_engine.dispose()
        await postgres_database.clean()


async def test_two_dispatchers_racing_deliver_each_publication_exactly_once(
    events: Events,
) -> None:
    subscribe(events)
    total = 1_000
    await events.publish_together([ThingHappened(n) for n in range(total)])
    own_engines = [create_engine(events.database.url) for _ in range(2)]
    try:
        racers = [events.dispatcher(engine=engine) for engine in own_engines]
        attempted = await asyncio.gather(*(racer.run_once() for racer in racers))
    finally:
        for engine in own_engines:
            await engine.dispose()

    found = await effects(events.database.engine)
    assert sum(attempted) == total
    if events.database.backend == "postgres":  # SQLite's one writer may let one do it all
        assert min(attempted) > 0, attempted
    assert Counter(Counter(_id for _id, *_rest in found).values()) == Counter({1: total})
    assert {p.status for p in await events.registry.listed(limit=total)} == {"completed"}


@pytest.mark.postgres
async def test_a_commit_wakes_other_processes_through_notify_and_this_one_once(
    postgres_database: MigratedDatabase,
) -> None:
    events = Events(postgres_database)
    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", write_effect_nowhere)
    elsewhere = WakeUp()  # another process's
    waiter, own = elsewhere.waiter(), events.wake_up.waiter()
    listeners = [PostgresListener(events.database.url, w) for w in (events.wake_up, elsewhere)]
    for listener in listeners:
        listener.start()
    try:
        async with asyncio.timeout(5):  # each listener wakes its process once it listens
            await waiter.wait()
            await own.wait()
        waiter.clear()
        own.clear()
        await events.publish(ThingHappened(1))
        assert own.is_set()  # this process's dispatchers, at the commit
        own.clear()
        async with asyncio.timeout(5):
            await waiter.wait()
        await asyncio.sleep(0.3)  # the announcement reached this process's listener too
        assert not own.is_set()  # ... which did not wake its dispatchers a second time
    finally:
        for listener in listeners:
            await listener.stop()
        await postgres_database.clean()


async def write_effect_nowhere(_e: ThingHappened, _a: DeliveryAttempt[AsyncSession]) -> None:
    """Never run: only the wake-up is looked at."""
