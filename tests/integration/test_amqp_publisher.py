"""The AMQP publisher against the real RabbitMQ: what goes on the wire, outages, recovery."""

import asyncio
import time
from collections.abc import AsyncIterator

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

TIMEOUT = 5.0  # far above what a publish without a connection may take
AT_ONCE = 0.5


def message(n: int) -> OutgoingMessage:
    return OutgoingMessage(
        routing_key="articles.ArticlePublished.v1",
        message_id=f"publication-{n}",
        body=b'{"article_id": %d}' % n,
        headers={"event_type": "articles.ArticlePublished", "event_version": 1},
    )


async def refused_at_once(publisher: AmqpPublisher) -> None:
    started = time.monotonic()
    with pytest.raises(BrokerUnavailable):
        await publisher.publish(message(0))
    assert time.monotonic() - started < AT_ONCE


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    """A port that accepts connections and never says a word (a hung broker)."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    for writer in held:
        writer.close()
    server.close()


async def test_a_confirmed_message_is_persistent_json_with_its_id_key_and_headers() -> None:
    exchange = unique_exchange()
    async with consumer_on(exchange) as consumer:
        publisher = AmqpPublisher(rabbitmq_url(), exchange, TIMEOUT)
        try:
            async with asyncio.timeout(TIMEOUT):
                await publisher.connect()
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


async def test_a_closed_port_fails_each_publish_at_once_and_is_retried_in_the_background() -> None:
    publisher = AmqpPublisher(rabbitmq_url("127.0.0.1", free_port()), unique_exchange(), TIMEOUT)
    try:
        await refused_at_once(publisher)
        await refused_at_once(publisher)
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(1.5):
                await publisher.connect()
        assert not publisher.connected
    finally:
        await publisher.close()


async def test_a_broker_that_never_answers_holds_one_publish_for_the_timeout_only(
    silent_port: int,
) -> None:
    publisher = AmqpPublisher(rabbitmq_url("127.0.0.1", silent_port), unique_exchange(), 1.0)
    try:
        started = time.monotonic()
        with pytest.raises(BrokerUnavailable):  # the first: it tries to connect, once
            await publisher.publish(message(0))
        assert 1.0 <= time.monotonic() - started < 1.0 + AT_ONCE
        await refused_at_once(publisher)  # the next tries to connect run in the background
        await refused_at_once(publisher)
    finally:
        await publisher.close()


async def test_after_an_outage_the_publisher_reconnects_by_itself() -> None:
    exchange = unique_exchange()
    async with consumer_on(exchange) as consumer, tcp_proxy(RABBITMQ_HOST, RABBITMQ_PORT) as proxy:
        publisher = AmqpPublisher(
            rabbitmq_url("127.0.0.1", proxy.port), exchange, TIMEOUT, retry_seconds=0.1
        )
        try:
            async with asyncio.timeout(TIMEOUT):
                await publisher.connect()
            await publisher.publish(message(1))

            await proxy.close()  # the broker "dies" under an open connection
            with pytest.raises(BrokerUnavailable):
                await publisher.publish(message(2))
            await refused_at_once(publisher)  # and stays away

            await proxy.open()
            async with asyncio.timeout(TIMEOUT):  # the reconnecting the failures started
                await publisher.connect()
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
