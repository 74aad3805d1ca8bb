"""The "broker" subscriber: an exported event's message, and a broker down is a retry."""

import asyncio
import json
from datetime import UTC, datetime

import pytest

from adapters.shared.broker.amqp_publisher import AmqpPublisher
from adapters.shared.broker.exporter import OUTAGE_RETRY_SECONDS, BrokerExporter
from adapters.shared.events.codec import EventCodec
from application.shared.events import DeliveryAttempt, RetryLater
from tests.support.exported_events import ParcelShipped, ParcelWeighed
from tests.support.rabbitmq import (
    RABBITMQ_HOST,
    RABBITMQ_PORT,
    consumer_on,
    rabbitmq_url,
    unique_exchange,
)
from tests.support.server import free_port
from tests.support.tcp_proxy import tcp_proxy

pytestmark = pytest.mark.rabbitmq


def attempt(publication_id: int) -> DeliveryAttempt[None]:
    return DeliveryAttempt(
        transaction=None, publication_id=publication_id, attempt=1, published_at=datetime.now(UTC)
    )


async def test_each_publication_is_one_message_named_after_it_and_its_event() -> None:
    exchange = unique_exchange()
    async with consumer_on(exchange) as consumer:
        publisher = AmqpPublisher(rabbitmq_url(), exchange, 2.0)
        exporter = BrokerExporter[None](publisher, EventCodec())
        try:
            await exporter(ParcelShipped(parcel_id=3, destination="Lyon"), attempt(41))
            await exporter(ParcelWeighed(parcel_id=3, grams=12.5), attempt(42))
        finally:
            await publisher.close()
        await consumer.wait_for(2)

    shipped, weighed = consumer.received
    assert shipped.routing_key == "tests.support.exported_events.ParcelShipped.v2"
    assert shipped.message_id == "publication-41"
    assert json.loads(shipped.body) == {"parcel_id": 3, "destination": "Lyon"}
    assert shipped.headers == {
        "event_type": "tests.support.exported_events.ParcelShipped",
        "event_version": 2,
        "ordering_key": "parcel:3",
    }
    assert weighed.routing_key == "tests.support.exported_events.ParcelWeighed.v1"
    assert weighed.message_id == "publication-42"
    assert json.loads(weighed.body) == {"parcel_id": 3, "grams": 12.5}
    assert "ordering_key" not in (weighed.headers or {})


async def test_an_unreachable_broker_asks_for_a_retry_not_a_failure() -> None:
    publisher = AmqpPublisher(rabbitmq_url("127.0.0.1", free_port()), unique_exchange(), 1.0)
    exporter = BrokerExporter[None](publisher, EventCodec())

    with pytest.raises(RetryLater, match="the broker is unavailable") as later:
        await exporter(ParcelShipped(parcel_id=1, destination="Lyon"), attempt(1))
    assert later.value.after_seconds == OUTAGE_RETRY_SECONDS
    await publisher.close()


async def test_a_late_confirm_is_retried_soon_on_the_connection_kept() -> None:
    exchange = unique_exchange()
    shipped = ParcelShipped(parcel_id=1, destination="Lyon")
    async with consumer_on(exchange) as consumer, tcp_proxy(RABBITMQ_HOST, RABBITMQ_PORT) as proxy:
        publisher = AmqpPublisher(rabbitmq_url("127.0.0.1", proxy.port), exchange, 0.5)
        exporter = BrokerExporter[None](publisher, EventCodec())
        try:
            async with asyncio.timeout(5):
                await publisher.connect()
            proxy.stall()  # the broker's answers are held: no confirm in time
            with pytest.raises(RetryLater) as later:
                await exporter(shipped, attempt(1))
            assert later.value.after_seconds is None  # the dispatcher's own backoff
            assert publisher.connected

            proxy.flow()
            await exporter(shipped, attempt(1))
        finally:
            await publisher.close()
        await consumer.wait_for(2)

    # The first was stored by the broker after all: at least once, the same message id.
    assert [m.message_id for m in consumer.received] == ["publication-1", "publication-1"]
