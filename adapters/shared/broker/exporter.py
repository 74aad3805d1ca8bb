"""The after-commit subscriber "broker": sends each exported event to the broker."""

from typing import Generic, TypeVar

from adapters.shared.broker.amqp_publisher import AmqpPublisher, BrokerUnavailable
from adapters.shared.broker.message import outgoing
from adapters.shared.events.codec import EventCodec
from application.shared.events import DeliveryAttempt, IntegrationEvent, RetryLater

Tx = TypeVar("Tx")

SUBSCRIBER = "broker"  # its name in the event publication registry


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
            raise RetryLater(f"the broker is unavailable: {error}") from error
