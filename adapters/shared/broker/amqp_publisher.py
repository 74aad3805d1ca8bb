"""Publishes messages to one durable topic exchange and returns once RabbitMQ confirmed them."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from yarl import URL

log = logging.getLogger("conduit.broker")
HEARTBEAT_SECONDS = 10  # RabbitMQ's default is 60


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
    """One connection and one confirming channel, opened in the background.

    `publish` runs inside a dispatcher's transaction (on SQLite, the one writer every
    request waits for), so it connects only once, the first time (bounded by
    `timeout_seconds`); after a failure it never waits for the broker to come back: it fails
    at once and has a background task reconnect, one try (bounded by the timeout) every
    `retry_seconds` until the broker answers; the next retry of the publication goes out.
    """

    def __init__(
        self,
        url: str,
        exchange: str,
        timeout_seconds: float,
        retry_seconds: float = 1.0,
        on_connected: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._url = url
        self._on_connected = on_connected
        self._exchange_name = exchange
        self._timeout = timeout_seconds
        self._retry = retry_seconds
        self._connection: AbstractConnection | None = None
        self._exchange: AbstractExchange | None = None
        self._connecting: asyncio.Task[None] | None = None
        self._first_try = asyncio.Event()  # set once the first connection attempt ended

    @property
    def connected(self) -> bool:
        """Whether a connection is open now (no I/O)."""
        return self._connection is not None and not self._connection.is_closed

    async def connect(self) -> None:
        """Until connected (the caller bounds the wait): at start-up, so the first
        publication finds the connection open."""
        if not self.connected:
            await asyncio.shield(self._connect_soon())

    async def publish(self, message: OutgoingMessage) -> None:
        """Send `message` persistently; return only after the broker confirmed it."""
        if self._connecting is None:  # the first publication of this process
            self._connect_soon()
            await self._first_try.wait()
        exchange = self._exchange
        if exchange is None or not self.connected:
            self._connect_soon()
            raise BrokerUnavailable("not connected (reconnecting in the background)")
        try:
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
        except TimeoutError as error:
            # A slow broker (a confirm waits for its disk) on a live connection: keep the
            # connection. One that died silently is closed by the heartbeats.
            raise BrokerUnavailable("no confirm within the timeout") from error
        except CONNECTION_EXCEPTIONS as error:
            # A lost confirmation may hide a delivered message: the retry then duplicates it,
            # which consumers absorb by message_id (at least once).
            log.warning("the broker at %s is unavailable: %r", shown(self._url), error)
            await self._drop()
            self._connect_soon()
            raise BrokerUnavailable(f"{type(error).__name__}: {error}") from error

    async def close(self) -> None:
        connecting, self._connecting = self._connecting, None
        if connecting is not None:
            connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await connecting
        await self._drop()

    def _connect_soon(self) -> asyncio.Task[None]:
        if self._connecting is None or self._connecting.done():
            self._connecting = asyncio.create_task(
                self._connect_until_up(), name="conduit-broker-connect"
            )
        return self._connecting

    async def _connect_until_up(self) -> None:
        failures = 0
        while True:
            try:
                await self._open()
            except (*CONNECTION_EXCEPTIONS, TimeoutError) as error:
                self._first_try.set()
                if failures == 0:  # once per outage, not once a second
                    log.warning("cannot connect to the broker at %s: %r", shown(self._url), error)
                failures += 1
                await asyncio.sleep(self._retry)
            else:
                self._first_try.set()
                log.info("connected to the broker at %s", shown(self._url))
                await self._connected()
                return

    async def _connected(self) -> None:
        if self._on_connected is None:
            return
        try:
            await self._on_connected()
        except Exception as error:
            # Publications waiting for their retry then go out at its time instead.
            log.warning("after connecting to the broker: %r", error)

    async def _open(self) -> None:
        await self._drop()
        # Built here rather than by aio_pika.connect, which leaves a failed connection
        # to the garbage collector (and its never-awaited close() to the test run).
        connection = aio_pika.Connection(with_heartbeat(URL(self._url)))
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

    async def _drop(self) -> None:
        connection, self._connection, self._exchange = self._connection, None, None
        if connection is not None and not connection.is_closed:
            with contextlib.suppress(*CONNECTION_EXCEPTIONS, TimeoutError):
                await connection.close()


def with_heartbeat(url: URL) -> URL:
    """`url` asking for AMQP heartbeats every HEARTBEAT_SECONDS unless it names its own: a
    broker that died without closing the connection is noticed within two of them."""
    return url if "heartbeat" in url.query else url.update_query(heartbeat=HEARTBEAT_SECONDS)


def shown(url: str) -> str:
    """The URL without its password, for logs."""
    parsed = URL(url)
    return str(parsed.with_password("***")) if parsed.password else url
