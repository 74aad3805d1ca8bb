"""After-commit subscriptions on a test database: recording units of work and the registry."""

from dataclasses import dataclass, field
from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.identity.unit_of_work import SqlIdentityUnitOfWork
from adapters.shared.clock import SystemClock
from adapters.shared.container import recording_subscriptions
from adapters.shared.events.codec import EventCodec
from adapters.shared.events.recorder import SqlPublicationRecorder
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.events.wake_up import WakeUp
from application.shared.clock import Clock
from application.shared.events import EventSubscriptions, IntegrationEvent
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
        self.sessions = async_sessionmaker(
            self.database.engine, class_=AsyncSession, expire_on_commit=False
        )
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
