"""The AMQP publisher against the real RabbitMQ: what goes on the wire, outages, recovery."""

import time

import aio_pika
import pytest

from adapters.shared.broker.amqp_publisher import AmqpPublisher, BrokerUnavailable, OutgoingMessage
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

TIMEOUT = 1.0


def message(n: int) -> OutgoingMessage:
    return OutgoingMessage(
        routing_key="articles.ArticlePublished.v1",
        message_id=f"publication-{n}",
        body=b'{"article_id": %d}' % n,
        headers={"event_type": "articles.ArticlePublished", "event_version": 1},
    )


async def test_a_confirmed_message_is_persistent_json_with_its_id_key_and_headers() -> None:
    exchange = unique_exchange()
    async with consumer_on(exchange) as consumer:
        publisher = AmqpPublisher(rabbitmq_url(), exchange, TIMEOUT)
        try:
            await publisher.publish(message(7))
        finally:
            await publisher.close()
        await consumer.wait_for(1)

    received = consumer.received[0]
    assert received.routing_key == "articles.ArticlePublished.v1"
    assert received.message_id == "publication-7"
    assert received.body == b'{"article_id": 7}'
    assert received.content_type == "application/json"
    assert received.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert received.headers == {"event_type": "articles.ArticlePublished", "event_version": 1}


async def test_a_closed_port_is_unavailable_within_the_timeout() -> None:
    publisher = AmqpPublisher(rabbitmq_url("127.0.0.1", free_port()), unique_exchange(), TIMEOUT)
    started = time.monotonic()

    with pytest.raises(BrokerUnavailable):
        await publisher.publish(message(1))

    assert time.monotonic() - started < TIMEOUT + 1
    assert not publisher.connected


async def test_after_an_outage_the_next_publish_reconnects() -> None:
    exchange = unique_exchange()
    async with consumer_on(exchange) as consumer, tcp_proxy(RABBITMQ_HOST, RABBITMQ_PORT) as proxy:
        publisher = AmqpPublisher(rabbitmq_url("127.0.0.1", proxy.port), exchange, TIMEOUT)
        try:
            await publisher.publish(message(1))
            assert publisher.connected

            await proxy.close()  # the broker "dies" under an open connection
            with pytest.raises(BrokerUnavailable):
                await publisher.publish(message(2))
            with pytest.raises(BrokerUnavailable):  # and stays away: connecting fails too
                await publisher.publish(message(2))

            await proxy.open()
            await publisher.publish(message(2))
            await publisher.publish(message(3))
        finally:
            await publisher.close()
        await consumer.wait_for(3)

    assert [m.message_id for m in consumer.received] == [
        "publication-1",
        "publication-2",
        "publication-3",
    ]
