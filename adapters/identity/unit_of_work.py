"""The identity context's units of work: on SQL and in memory."""

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.identity.in_memory_user_repository import InMemoryUserRepository
from adapters.identity.sql_user_repository import SqlUserRepository
from adapters.shared.in_memory import InMemoryUnitOfWork
from adapters.shared.sql.unit_of_work import SqlUnitOfWork
from application.shared.events import EventSubscriptions
from domain.identity.repository import UserRepository


class SqlIdentityUnitOfWork(SqlUnitOfWork):
    users: UserRepository

    def bind(self, session: AsyncSession) -> None:
        self.users = SqlUserRepository(session)


class InMemoryIdentityUnitOfWork(InMemoryUnitOfWork):
    def __init__(
        self, users: InMemoryUserRepository, subscriptions: EventSubscriptions[None] | None = None
    ) -> None:
        super().__init__(users, subscriptions=subscriptions)
        self.users: UserRepository = users
