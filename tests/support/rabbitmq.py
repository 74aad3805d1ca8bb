"""The machine's RabbitMQ for broker tests: reachability, and a consumer on a private exchange."""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from tests.support.services import require_service

RABBITMQ_HOST = os.environ.get("CONDUIT_TEST_RABBITMQ_HOST", "127.0.0.1")
RABBITMQ_PORT = int(os.environ.get("CONDUIT_TEST_RABBITMQ_PORT", "5672"))


def rabbitmq_url(host: str = RABBITMQ_HOST, port: int = RABBITMQ_PORT) -> str:
    return f"amqp://guest:guest@{host}:{port}/"


def require_rabbitmq() -> None:
    require_service("RabbitMQ", RABBITMQ_HOST, RABBITMQ_PORT)


def unique_exchange() -> str:
    """An exchange name no other test, worker or run uses."""
    return f"conduit.test.{uuid.uuid4().hex}"


@dataclass
class Consumer:
    """Messages that reached a temporary exclusive queue bound to an exchange with `#`."""

    exchange: str
    received: list[AbstractIncomingMessage] = field(default_factory=list)
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        self.received.append(message)
        self._arrived.set()
        await message.ack()

    @property
    def distinct(self) -> list[AbstractIncomingMessage]:
        """The first arrival of each message id: what a consumer deduplicating by id keeps."""
        first: dict[str | None, AbstractIncomingMessage] = {}
        for message in self.received:
            first.setdefault(message.message_id, message)
        return list(first.values())

    async def wait_for(
        self, count: int, timeout_seconds: float = 10.0, *, distinct: bool = False
    ) -> None:
        """Until `count` messages (of distinct ids if `distinct`) arrived; fails otherwise."""
        async with asyncio.timeout(timeout_seconds):
            while len(self.distinct if distinct else self.received) < count:
                self._arrived.clear()
                await self._arrived.wait()


@asynccontextmanager
async def consumer_on(exchange: str) -> AsyncIterator[Consumer]:
    """A consumer of everything published to `exchange` (declared here, deleted afterwards)."""
    require_rabbitmq()
    connection = await aio_pika.connect(rabbitmq_url(), timeout=5)
    try:
        channel: AbstractChannel = await connection.channel()
        declared = await channel.declare_exchange(
            exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue("", exclusive=True)
        await queue.bind(declared, routing_key="#")
        consumer = Consumer(exchange)
        await queue.consume(consumer.on_message)
        yield consumer
        await declared.delete()
    finally:
        await connection.close()
