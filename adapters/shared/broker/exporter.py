"""The after-commit subscriber "broker": sends each exported event to the broker."""

from typing import Generic, TypeVar

from adapters.shared.broker.amqp_publisher import AmqpPublisher, BrokerUnavailable
from adapters.shared.broker.message import outgoing
from adapters.shared.events.codec import EventCodec
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.events.wake_up import WakeUp
from application.shared.events import DeliveryAttempt, IntegrationEvent, RetryLater

Tx = TypeVar("Tx")

SUBSCRIBER = "broker"  # its name in the event publication registry
# While the broker is away a publication is retried this late (not at the dispatcher's short
# backoff), unless the broker comes back sooner: `ResumeExport` then makes them all due at
# once. Retrying every one each second would spend the dispatchers (on SQLite, the one
# writer) on the outage, delaying the other subscribers.
OUTAGE_RETRY_SECONDS = 10.0


class BrokerExporter(Generic[Tx]):
    """A publication counts as delivered once the broker confirmed its message. An
    unreachable or silent broker asks for a retry (`RetryLater`), not a failure: the
    publication waits in the registry, however long the outage, and goes out after it."""

    def __init__(self, publisher: AmqpPublisher, codec: EventCodec) -> None:
        self._publisher = publisher
        self._codec = codec

    async def __call__(self, event: IntegrationEvent, attempt: DeliveryAttempt[Tx]) -> None:
        message = outgoing(event, attempt.publication_id, self._codec.encode(event))
        try:
            await self._publisher.publish(message)
        except BrokerUnavailable as error:
            # Connected: a slow confirm, retried at the dispatcher's pace. Not: an outage.
            later = None if self._publisher.connected else OUTAGE_RETRY_SECONDS
            raise RetryLater(f"the broker is unavailable: {error}", after_seconds=later) from error


class ResumeExport:
    """Called once the publisher (re)connected: the "broker" publications waiting for their
    retry are due now, and this process's dispatchers are woken to send them."""

    def __init__(self, publications: SqlPublicationRegistry, wake_up: WakeUp) -> None:
        self._publications = publications
        self._wake_up = wake_up

    async def __call__(self) -> None:
        if await self._publications.hasten(SUBSCRIBER):
            self._wake_up.wake()
