"""The profiles context's units of work: on SQL and in memory."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.profiles.in_memory_follow_repository import InMemoryFollowRepository
from adapters.profiles.sql_follow_repository import SqlFollowRepository
from adapters.shared.in_memory import InMemoryUnitOfWork
from adapters.shared.sql.unit_of_work import SqlUnitOfWork
from application.shared.clock import Clock
from application.shared.events import EventSubscriptions
from domain.profiles.repository import FollowRepository


class SqlProfilesUnitOfWork(SqlUnitOfWork):
    follows: FollowRepository

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        subscriptions: EventSubscriptions[AsyncSession],
        clock: Clock,
    ) -> None:
        super().__init__(sessions, subscriptions)
        self._clock = clock

    def bind(self, session: AsyncSession) -> None:
        self.follows = SqlFollowRepository(session, self._clock)


class InMemoryProfilesUnitOfWork(InMemoryUnitOfWork):
    def __init__(
        self,
        follows: InMemoryFollowRepository,
        subscriptions: EventSubscriptions[None] | None = None,
    ) -> None:
        super().__init__(follows, subscriptions=subscriptions)
        self.follows: FollowRepository = follows
