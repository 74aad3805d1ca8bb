"""The publication registry: publishers' transactions record, operators list, retry and purge."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from adapters.shared.events.in_memory import InMemoryPublications
from adapters.shared.events.recorder import PUBLICATIONS
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.in_memory import InMemoryUnitOfWork
from application.shared.events import DeliveryAttempt, EventSubscriptions
from tests.support.databases import MigratedDatabase
from tests.support.events import Events, ThingHappened


async def nothing(_event: ThingHappened, _attempt: DeliveryAttempt[Any]) -> None:
    """A handler these tests never run: only what is recorded matters here."""


@pytest.fixture
async def events(clean_database: MigratedDatabase) -> Events:
    built = Events(clean_database)
    built.subscriptions.subscribe_after_commit(ThingHappened, "alpha", nothing)
    built.subscriptions.subscribe_after_commit(ThingHappened, "beta", nothing)
    return built


async def test_a_commit_records_one_publication_per_after_commit_subscriber(
    events: Events,
) -> None:
    await events.publish(ThingHappened(1, key="thing:1"))

    listed = sorted(await events.registry.listed(), key=lambda p: p.subscriber)
    assert [(p.subscriber, p.status, p.attempts) for p in listed] == [
        ("alpha", "pending", 0),
        ("beta", "pending", 0),
    ]
    first = listed[0]
    assert (first.event_type, first.event_version) == (ThingHappened.type_name(), 1)
    assert first.payload == '{"number":1,"key":"thing:1"}'
    assert first.ordering_key == "thing:1"
    assert first.last_error is None
    assert first.completed_at is None
    assert first.next_attempt_at == first.created_at
    assert await events.registry.backlog() == 2


async def test_a_rolled_back_transaction_records_nothing(events: Events) -> None:
    async with events.unit_of_work() as uow:
        uow.publish(ThingHappened(1))

    assert await events.registry.listed() == []


async def test_events_published_by_in_transaction_subscribers_are_recorded_too(
    events: Events,
) -> None:
    async def echo(event: ThingHappened, _session: object) -> None:
        if event.number < 3:
            uow.publish(ThingHappened(event.number + 1))

    events.subscriptions.subscribe(ThingHappened, echo)
    async with events.unit_of_work() as uow:
        uow.publish(ThingHappened(1))
        await uow.commit()

    payloads = sorted(p.payload for p in await events.registry.listed())
    assert len(payloads) == 6
    assert {p[:12] for p in payloads} == {'{"number":1,', '{"number":2,', '{"number":3,'}


async def test_a_commit_wakes_this_processes_dispatchers(events: Events) -> None:
    waiter = events.wake_up.waiter()
    await events.publish(ThingHappened(1))
    assert waiter.is_set()

    waiter.clear()
    async with events.unit_of_work() as uow:
        await uow.commit()  # nothing published: nothing to wake for
    assert not waiter.is_set()


async def fail_all(events: Events) -> None:
    async with events.database.engine.begin() as connection:
        await connection.execute(
            update(PUBLICATIONS).values(status="failed", attempts=5, last_error="boom")
        )


async def test_retry_makes_failed_publications_pending_with_a_fresh_count(events: Events) -> None:
    await events.publish(ThingHappened(1), ThingHappened(2))
    await fail_all(events)
    first = min(p.id for p in await events.registry.listed())

    assert await events.registry.retry([first]) == 1
    assert await events.registry.retry([first]) == 0  # no longer failed
    assert [p.id for p in await events.registry.listed("pending")] == [first]
    assert await events.registry.retry() == 3
    assert {(p.status, p.attempts) for p in await events.registry.listed()} == {("pending", 0)}


async def test_purge_deletes_only_completed_publications_older_than_asked(
    events: Events,
) -> None:
    await events.publish(ThingHappened(1), ThingHappened(2))
    ids = sorted(p.id for p in await events.registry.listed())
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    async with events.database.engine.begin() as connection:
        await connection.execute(
            update(PUBLICATIONS)
            .where(PUBLICATIONS.c.id.in_(ids[:2]))
            .values(status="completed", completed_at=long_ago)
        )
        await connection.execute(
            update(PUBLICATIONS)
            .where(PUBLICATIONS.c.id == ids[2])
            .values(status="completed", completed_at=datetime.now(UTC))
        )

    assert await events.registry.purge(long_ago + timedelta(days=1)) == 2
    assert sorted(p.id for p in await events.registry.listed()) == ids[2:]


async def test_listing_filters_by_status_newest_first(events: Events) -> None:
    await events.publish(ThingHappened(1), ThingHappened(2))
    await fail_all(events)
    await events.publish(ThingHappened(3))

    pending = await events.registry.listed("pending")
    failed = await events.registry.listed("failed", limit=3)
    assert [p.payload[:12] for p in pending] == ['{"number":3,'] * 2
    assert len(failed) == 3
    assert [p.id for p in failed] == sorted((p.id for p in failed), reverse=True)


async def test_the_in_memory_unit_of_work_records_and_delivers_on_demand() -> None:
    publications = InMemoryPublications()
    subscriptions: EventSubscriptions[None] = EventSubscriptions()
    subscriptions.record_with(publications)
    heard: list[tuple[int, int]] = []

    async def hear(event: ThingHappened, attempt: DeliveryAttempt[None]) -> None:
        heard.append((event.number, attempt.publication_id))

    subscriptions.subscribe_after_commit(ThingHappened, "alpha", hear)
    async with InMemoryUnitOfWork(subscriptions=subscriptions) as uow:
        uow.publish(ThingHappened(1))
    async with InMemoryUnitOfWork(subscriptions=subscriptions) as uow:
        uow.publish(ThingHappened(2))
        await uow.commit()

    assert heard == []  # not before a dispatcher runs
    assert await publications.deliver_pending(subscriptions) == 1
    assert heard == [(2, 1)]
    assert await publications.deliver_pending(subscriptions) == 0


def test_a_subscriber_name_subscribes_once_per_event() -> None:
    subscriptions: EventSubscriptions[None] = EventSubscriptions()
    subscriptions.subscribe_after_commit(ThingHappened, "alpha", nothing)

    with pytest.raises(ValueError, match="'alpha' already subscribes"):
        subscriptions.subscribe_after_commit(ThingHappened, "alpha", nothing)


async def test_the_read_database_counts_the_backlog_alike(events: Events) -> None:
    await events.publish(ThingHappened(1, key="k"), ThingHappened(2, key="k"))
    reading = SqlPublicationRegistry(events.database.engine, events.clock, events.database.reads)

    assert await reading.backlog() == await events.registry.backlog() == 4


async def test_the_next_due_time_is_the_earliest_of_the_publications_not_behind_another(
    events: Events,
) -> None:
    await events.publish(
        ThingHappened(1, key="k"), ThingHappened(2, key="k"), ThingHappened(3, key="other")
    )
    ids = {(p.subscriber, p.payload): p.id for p in await events.registry.listed()}
    later = datetime.now(UTC) + timedelta(hours=1)
    much_later = later + timedelta(hours=1)
    async with events.unit_of_work() as uow:  # the head of "k" and the "other" one wait
        for payload, at in (
            ('{"number":1,"key":"k"}', later),
            ('{"number":3,"key":"other"}', much_later),
        ):
            await events.registry.reschedule(
                uow.session, ids["alpha", payload], attempts=1, at=at, error="boom", failed=False
            )
        await uow.commit()

    async with events.sessions() as session:
        due = await events.registry.next_due_in(session, {"alpha"})  # not the second of "k"
        due_for_both = await events.registry.next_due_in(session, {"alpha", "beta"})
        due_for_nobody = await events.registry.next_due_in(session, {"nobody"})

    assert due == later
    assert due_for_both is not None
    assert due_for_both < later  # beta's are all due
    assert due_for_nobody is None
