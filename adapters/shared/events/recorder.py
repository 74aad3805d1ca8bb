"""Records publications in the publisher's transaction, and wakes the dispatchers at commit."""

from collections.abc import Sequence

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.events.codec import EventCodec
from adapters.shared.events.wake_up import WakeUp
from adapters.shared.sql.direct import sent_directly
from adapters.shared.tables import EventPublicationRow
from application.shared.clock import Clock
from application.shared.events import Publication

PUBLICATIONS = EventPublicationRow.__table__  # type: ignore[attr-defined]
CHANNEL = "conduit_events"  # PostgreSQL's NOTIFY channel (adapters/shared/events/listener.py)
_INSERT = sent_directly(insert(PUBLICATIONS))  # built once: compiled once too
PENDING, COMPLETED, FAILED = "pending", "completed", "failed"


class SqlPublicationRecorder:
    def __init__(self, codec: EventCodec, clock: Clock, wake_up: WakeUp) -> None:
        self._codec = codec
        self._clock = clock
        self._wake_up = wake_up

    async def record(self, publications: Sequence[Publication], transaction: AsyncSession) -> None:
        now = self._clock.now()
        rows = [
            {
                "event_type": p.event.type_name(),
                "event_version": p.event.version,
                "subscriber": p.subscriber,
                "payload": self._codec.encode(p.event),
                "ordering_key": p.event.ordering_key(),
                "status": PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for p in publications
        ]
        await transaction.execute(_INSERT, rows)

    def committed(self) -> None:
        self._wake_up.committed()
