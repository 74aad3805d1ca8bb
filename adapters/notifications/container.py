"""The notifications context's container."""

from dependency_injector import containers, providers

from adapters.notifications.sql_notification_queries import SqlNotificationQueries
from adapters.notifications.unit_of_work import SqlNotificationsUnitOfWork
from application.notifications.list_notifications import ListNotifications
from application.notifications.mark_read import MarkNotificationsRead


class NotificationsContainer(containers.DeclarativeContainer):
    shared = providers.DependenciesContainer()

    uow = providers.Factory(
        SqlNotificationsUnitOfWork, sessions=shared.sessions, subscriptions=shared.subscriptions
    )
    queries = providers.Singleton(SqlNotificationQueries, database=shared.read_database)

    list_notifications = providers.Factory(ListNotifications, queries=queries)
    mark_notifications_read = providers.Factory(MarkNotificationsRead, uow=uow.provider)
