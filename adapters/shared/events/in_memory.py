"""The in-memory publication registry: what the fakes' units of work record, delivered on demand."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from application.shared.events import (
    DeliveryAttempt,
    EventSubscriptions,
    IntegrationEvent,
    Publication,
)


@dataclass
class RecordedPublication:
    id: int
    event: IntegrationEvent
    subscriber: str
    status: str = "pending"
    attempts: int = 0
    recorded_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class InMemoryPublications:
    """Records as the SQL registry does; `deliver_pending` plays the dispatcher in unit tests."""

    def __init__(self) -> None:
        self.recorded: list[RecordedPublication] = []

    async def record(self, publications: Sequence[Publication], transaction: None) -> None:
        for publication in publications:
            self.recorded.append(
                RecordedPublication(
                    len(self.recorded) + 1, publication.event, publication.subscriber
                )
            )

    def committed(self) -> None:
        """Nothing to wake: tests call `deliver_pending`."""

    def pending(self) -> list[RecordedPublication]:
        return [p for p in self.recorded if p.status == "pending"]

    async def deliver_pending(self, subscriptions: EventSubscriptions[None]) -> int:
        """Hands each pending publication to its handler, in order; how many were delivered.
        A handler's exception propagates (the publication stays pending)."""
        handlers = {
            (s.event_type, s.subscriber): s.handler
            for s in subscriptions.after_commit_subscriptions()
        }
        delivered = 0
        for publication in self.pending():
            handler = handlers[(type(publication.event), publication.subscriber)]
            publication.attempts += 1
            await handler(
                publication.event,
                DeliveryAttempt(
                    None, publication.id, publication.attempts, publication.recorded_at
                ),
            )
            publication.status = "completed"
            delivered += 1
        return delivered
