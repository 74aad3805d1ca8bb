"""Publishes messages to one durable topic exchange and returns once RabbitMQ confirmed them."""

import asyncio
import logging
from dataclasses import dataclass, field

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from yarl import URL

log = logging.getLogger("conduit.broker")


class BrokerUnavailable(Exception):
    """The broker could not be reached, or did not confirm a message in time."""


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One message as it goes on the wire."""

    routing_key: str
    message_id: str
    body: bytes
    headers: dict[str, str | int] = field(default_factory=dict)


class AmqpPublisher:
    """One connection and one confirming channel, opened on first use and after any failure.

    No background reconnect loop: a publish that finds no connection opens one (within
    `timeout_seconds`), so a broker that comes back is used by the very next attempt, and one
    that is down costs each attempt at most that timeout. The caller decides when to retry.
    """

    def __init__(self, url: str, exchange: str, timeout_seconds: float) -> None:
        self._url = url
        self._exchange_name = exchange
        self._timeout = timeout_seconds
        self._connection: AbstractConnection | None = None
        self._exchange: AbstractExchange | None = None
        self._opening = asyncio.Lock()

    @property
    def connected(self) -> bool:
        """Whether a connection is open now (no I/O): a detail for readiness, never a gate."""
        return self._connection is not None and not self._connection.is_closed

    async def publish(self, message: OutgoingMessage) -> None:
        """Send `message` persistently; return only after the broker confirmed it."""
        try:
            exchange = await self._open_exchange()
            await exchange.publish(
                aio_pika.Message(
                    message.body,
                    content_type="application/json",
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                    message_id=message.message_id,
                    headers=dict(message.headers),
                ),
                routing_key=message.routing_key,
                # A topic exchange with no queue bound drops the message: that is a consumer's
                # choice, not a failure of ours.
                mandatory=False,
                timeout=self._timeout,
            )
        except (*CONNECTION_EXCEPTIONS, TimeoutError) as error:
            # A lost confirmation may hide a delivered message: the retry then duplicates it,
            # which consumers absorb by message_id (at least once).
            await self._forget(error)
            raise BrokerUnavailable(f"{type(error).__name__}: {error}") from error

    async def close(self) -> None:
        connection, self._connection, self._exchange = self._connection, None, None
        if connection is not None and not connection.is_closed:
            await connection.close()

    async def _open_exchange(self) -> AbstractExchange:
        async with self._opening:
            if self._exchange is not None and self.connected:
                return self._exchange
            await self.close()
            # Built here rather than by aio_pika.connect, which leaves a failed connection
            # to the garbage collector (and its never-awaited close() to the test run).
            connection = aio_pika.Connection(URL(self._url))
            try:
                async with asyncio.timeout(self._timeout):
                    await connection.connect(timeout=self._timeout)
                    channel: AbstractChannel = await connection.channel(publisher_confirms=True)
                    exchange = await channel.declare_exchange(
                        self._exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
                    )
            except BaseException:
                await connection.close()
                raise
            self._connection, self._exchange = connection, exchange
            log.info("connected to the broker at %s", shown(self._url))
            return exchange

    async def _forget(self, error: BaseException) -> None:
        if self._connection is not None:
            log.warning("the broker at %s is unavailable: %r", shown(self._url), error)
        try:
            await self.close()
        except (*CONNECTION_EXCEPTIONS, TimeoutError):
            self._connection, self._exchange = None, None


def shown(url: str) -> str:
    """The URL without its password, for logs."""
    parsed = URL(url)
    return str(parsed.with_password("***")) if parsed.password else url
