"""Exported events through the registry to the real RabbitMQ, on SQLite and PostgreSQL: every
one arrives, named after its publication; a broker outage delays them, loses none, keeps order."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.broker.amqp_publisher import AmqpPublisher
from adapters.shared.broker.exporter import (
    OUTAGE_RETRY_SECONDS,
    SUBSCRIBER,
    BrokerExporter,
    ResumeExport,
)
from adapters.shared.events.codec import EventCodec
from adapters.shared.events.dispatcher import DispatchSettings
from application.shared.events import DeliveryAttempt, IntegrationEvent
from entrypoints.composition.app import create_app
from entrypoints.composition.broker import export_to_broker
from entrypoints.composition.container import build_container, release
from tests.conftest import test_settings as make_settings
from tests.support.databases import MigratedDatabase
from tests.support.events import Events
from tests.support.exported_events import ParcelShipped, ParcelWeighed
from tests.support.rabbitmq import (
    RABBITMQ_HOST,
    RABBITMQ_PORT,
    Consumer,
    consumer_on,
    rabbitmq_url,
    unique_exchange,
)
from tests.support.tcp_proxy import TcpProxy, tcp_proxy

pytestmark = pytest.mark.rabbitmq

SOON = DispatchSettings(retry_base_seconds=0.2)


@pytest.fixture
async def events(clean_database: MigratedDatabase) -> Events:
    return Events(clean_database)


@pytest.fixture
async def consumer() -> AsyncIterator[Consumer]:
    async with consumer_on(unique_exchange()) as consumer:
        yield consumer


@pytest.fixture
async def proxy() -> AsyncIterator[TcpProxy]:
    async with tcp_proxy(RABBITMQ_HOST, RABBITMQ_PORT) as proxy:
        yield proxy


async def exporting(events: Events, exchange: str, port: int = RABBITMQ_PORT) -> AmqpPublisher:
    """The exporter subscribed as in the app, through `port`; connected before returning."""
    publisher = AmqpPublisher(
        rabbitmq_url("127.0.0.1", port),
        exchange,
        2.0,
        retry_seconds=0.1,
        on_connected=ResumeExport(events.registry, events.wake_up),
    )
    exporter = BrokerExporter[AsyncSession](publisher, EventCodec())
    export_to_broker(events.subscriptions, exporter, [ParcelShipped, ParcelWeighed])
    async with asyncio.timeout(5):
        await publisher.connect()
    return publisher


def parcels(count: int) -> list[IntegrationEvent]:
    """Shipments of three parcels (ordered per parcel) interleaved with weighings (unordered)."""
    made: list[IntegrationEvent] = []
    for n in range(count):
        made.append(ParcelShipped(parcel_id=n % 3, destination=f"stop {n}"))
        if n % 4 == 0:
            made.append(ParcelWeighed(parcel_id=n % 3, grams=n * 1.5))
    return made


async def test_a_bound_queue_receives_every_exported_event_named_after_its_publication(
    events: Events, consumer: Consumer
) -> None:
    publisher = await exporting(events, consumer.exchange)
    published = parcels(6)
    try:
        await events.publish(*published)
        await events.dispatcher().run_once()
        await consumer.wait_for(len(published))
    finally:
        await publisher.close()

    stored = {p.id: p for p in await events.registry.listed() if p.subscriber == SUBSCRIBER}
    assert {p.status for p in stored.values()} == {"completed"}
    assert len(stored) == len(consumer.received) == len(published)
    for message in consumer.received:
        publication = stored[int((message.message_id or "").removeprefix("publication-"))]
        assert message.routing_key == f"{publication.event_type}.v{publication.event_version}"
        assert message.body.decode() == publication.payload
    codec = EventCodec()
    assert sorted(m.body for m in consumer.received) == sorted(
        codec.encode(event).encode() for event in published
    )


async def test_while_the_broker_is_away_publications_wait_then_all_go_out_in_order(
    events: Events, consumer: Consumer, proxy: TcpProxy
) -> None:
    publisher = await exporting(events, consumer.exchange, proxy.port)
    dispatcher = events.dispatcher(SOON)
    try:
        await proxy.close()
        published = parcels(12)
        await events.publish(*published)
        for _ in range(3):  # the broker stays away for several retries
            await dispatcher.run_once()
            await asyncio.sleep(SOON.retry_base_seconds)

        waiting = await events.registry.listed()
        assert {(p.status, p.attempts) for p in waiting} == {("pending", 0)}  # not failures
        tried = [p for p in waiting if p.last_error is not None]  # the rest wait behind them
        assert tried
        later = events.clock.now() + timedelta(seconds=OUTAGE_RETRY_SECONDS / 2)
        assert all(p.next_attempt_at > later for p in tried)
        assert consumer.received == []

        await proxy.open()  # its return makes them due at once, not when due
        async with asyncio.timeout(15):
            while any(p.status == "pending" for p in await events.registry.listed()):
                await dispatcher.run_once()
                await asyncio.sleep(SOON.retry_base_seconds)
        await consumer.wait_for(len(published))
    finally:
        await publisher.close()

    stored = await events.registry.listed()
    assert {p.status for p in stored} == {"completed"}
    ids = [int((m.message_id or "").removeprefix("publication-")) for m in consumer.received]
    assert sorted(set(ids)) == sorted(p.id for p in stored)  # none lost (duplicates allowed)
    for key in {"parcel:0", "parcel:1", "parcel:2"}:
        arrived = [
            i
            for i, m in zip(ids, consumer.received, strict=True)
            if (m.headers or {}).get("ordering_key") == key
        ]
        first_arrivals = list(dict.fromkeys(arrived))
        assert first_arrivals == sorted(first_arrivals), f"{key} out of commit order"


async def test_a_broker_backlog_never_makes_the_api_not_ready(events: Events) -> None:
    async def never(_event: IntegrationEvent, _attempt: DeliveryAttempt[AsyncSession]) -> None:
        raise AssertionError("not delivered in this test")

    events.subscriptions.subscribe_after_commit(ParcelShipped, SUBSCRIBER, never)
    await events.publish(*(ParcelShipped(parcel_id=n, destination="x") for n in range(3)))
    settings = make_settings(events.database.url, events_ready_backlog=1)
    container = build_container(settings)
    app = create_app(settings, container)
    try:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as http:
            assert (await http.get("/health/ready")).status_code == 200

            events.subscriptions.subscribe_after_commit(ParcelWeighed, "alpha", never)
            await events.publish(*(ParcelWeighed(parcel_id=n, grams=1.0) for n in range(2)))
            not_ready = await http.get("/health/ready")
    finally:
        await release(container)

    assert not_ready.status_code == 503
    assert "events" in not_ready.json()["errors"]
