"""The SQL unit of work: one session per use-case call, rolled back unless committed."""

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.shared.events import EventSubscriptions, IntegrationEvent


class SqlUnitOfWork:
    """Base class; each context's subclass builds its repositories in `bind`."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        subscriptions: EventSubscriptions[AsyncSession],
    ) -> None:
        self._sessions = sessions
        self._subscriptions = subscriptions
        self._pending: list[IntegrationEvent] = []
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its 'async with' block")
        return self._session

    def bind(self, session: AsyncSession) -> None:
        """Create the context's repositories on `session`."""

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        self._pending = []
        self.bind(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            await session.rollback()  # a no-op after commit
        finally:
            await session.close()

    def publish(self, event: IntegrationEvent) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        await self._subscriptions.deliver(self._pending, self.session)
        await self.session.commit()
