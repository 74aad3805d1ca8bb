"""The notifications context's units of work: on SQL and in memory."""

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.notifications.in_memory import InMemoryNotificationRepository
from adapters.notifications.sql_notification_repository import SqlNotificationRepository
from adapters.shared.in_memory import InMemoryUnitOfWork
from adapters.shared.sql.unit_of_work import SqlUnitOfWork
from application.shared.events import EventSubscriptions
from domain.notifications.repository import NotificationRepository


class SqlNotificationsUnitOfWork(SqlUnitOfWork):
    notifications: NotificationRepository

    def bind(self, session: AsyncSession) -> None:
        self.notifications = SqlNotificationRepository(session)


class InMemoryNotificationsUnitOfWork(InMemoryUnitOfWork):
    def __init__(
        self,
        notifications: InMemoryNotificationRepository,
        subscriptions: EventSubscriptions[None] | None = None,
    ) -> None:
        super().__init__(notifications, subscriptions=subscriptions)
        self.notifications: NotificationRepository = notifications
