"""The SQL unit of work: one session per use-case call, rolled back unless committed.

A database that cannot serve surfaces as `Unavailable`, whichever statement met it; the
work is never repeated here (a write whose COMMIT was cut off may have been applied).
"""

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.shared.sql.unavailable import as_unavailable, unavailable
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
        with as_unavailable:
            try:
                await session.rollback()  # a no-op after commit
            finally:
                await session.close()
        if exc is not None and (translated := unavailable(exc)) is not None:
            raise translated from exc

    def publish(self, event: IntegrationEvent) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        recorded = await self._subscriptions.deliver(self._pending, self.session)
        await self.session.commit()
        if recorded:
            self._subscriptions.committed()
