"""After-commit subscriptions on a test database: recording units of work and the registry."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from adapters.identity.unit_of_work import SqlIdentityUnitOfWork
from adapters.shared.clock import SystemClock
from adapters.shared.container import recording_subscriptions
from adapters.shared.events.codec import EventCodec
from adapters.shared.events.dispatcher import DeliveryObserver, Dispatcher, DispatchSettings
from adapters.shared.events.recorder import SqlPublicationRecorder
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.events.wake_up import WakeUp
from adapters.shared.sql.direct import unit_of_work_sessions
from application.shared.clock import Clock
from application.shared.events import DeliveryAttempt, EventSubscriptions, IntegrationEvent
from tests.support.databases import MigratedDatabase


@dataclass(frozen=True, slots=True)
class ThingHappened(IntegrationEvent):
    """A test event: `key` set means ordered per key."""

    exported: ClassVar[bool] = True

    number: int
    key: str | None = None

    def ordering_key(self) -> str | None:
        return self.key


@dataclass
class Events:
    """One database's units of work that record publications, and its registry."""

    database: MigratedDatabase
    clock: Clock = field(default_factory=SystemClock)
    wake_up: WakeUp = field(default_factory=WakeUp)

    def __post_init__(self) -> None:
        self.sessions = unit_of_work_sessions(self.database.engine)
        self.recorder = SqlPublicationRecorder(EventCodec(), self.clock, self.wake_up)
        self.subscriptions: EventSubscriptions[AsyncSession] = recording_subscriptions(
            self.recorder
        )
        self.registry = SqlPublicationRegistry(self.database.engine, self.clock)

    def unit_of_work(self) -> SqlIdentityUnitOfWork:
        return SqlIdentityUnitOfWork(self.sessions, self.subscriptions)

    async def publish(self, *events: IntegrationEvent) -> None:
        """Each event published by a transaction of its own."""
        for event in events:
            async with self.unit_of_work() as uow:
                uow.publish(event)
                await uow.commit()

    async def publish_together(self, events: list[IntegrationEvent]) -> None:
        async with self.unit_of_work() as uow:
            for event in events:
                uow.publish(event)
            await uow.commit()

    def dispatcher(
        self,
        settings: DispatchSettings = DispatchSettings(),
        engine: AsyncEngine | None = None,
        observer: DeliveryObserver | None = None,
    ) -> Dispatcher:
        """A dispatcher of these subscriptions; on an engine of its own if given (another
        process, as far as the database can tell)."""
        engine = engine or self.database.engine
        return Dispatcher(
            self.subscriptions,
            unit_of_work_sessions(engine),
            SqlPublicationRegistry(engine, self.clock),
            self.clock,
            self.wake_up,
            settings,
            observer,
        )


class CountedClaims:
    """Counts the claims a registry makes from now on."""

    def __init__(self, registry: SqlPublicationRegistry) -> None:
        self.count = 0
        claim_due = registry.claim_due

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await claim_due(*args, **kwargs)

        registry.claim_due = counted  # type: ignore[method-assign]


# What test handlers write in their delivery's transaction: no key, so a second delivery of
# the same publication would show as a second row.
_EFFECTS = "event_effects"


@asynccontextmanager
async def effects_table(engine: AsyncEngine) -> AsyncIterator[None]:
    async with engine.begin() as connection:
        await connection.execute(text(f"DROP TABLE IF EXISTS {_EFFECTS}"))
        await connection.execute(
            text(
                f"CREATE TABLE {_EFFECTS} (seq INTEGER, publication_id INTEGER, "
                "subscriber VARCHAR(50), number INTEGER, event_key VARCHAR(50))"
            )
        )
    try:
        yield
    finally:
        async with engine.begin() as connection:
            await connection.execute(text(f"DROP TABLE {_EFFECTS}"))


async def write_effect(
    event: ThingHappened, attempt: DeliveryAttempt[AsyncSession], subscriber: str
) -> None:
    """One row, in the delivery's own transaction, numbered in the order written."""
    await attempt.transaction.execute(
        text(
            f"INSERT INTO {_EFFECTS} (seq, publication_id, subscriber, number, event_key) "
            f"SELECT COUNT(*) + 1, :id, :subscriber, :number, :key FROM {_EFFECTS}"
        ),
        {
            "id": attempt.publication_id,
            "subscriber": subscriber,
            "number": event.number,
            "key": event.key,
        },
    )


async def effects(engine: AsyncEngine) -> list[tuple[int, str, int, str | None]]:
    """(publication id, subscriber, number, key) of each effect, in the order written."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                f"SELECT publication_id, subscriber, number, event_key FROM {_EFFECTS} ORDER BY seq"
            )
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]
