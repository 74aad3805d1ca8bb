"""Use case: the caller's notifications, newest first."""

from dataclasses import dataclass

from application.notifications.ports import NotificationPage, NotificationQueries
from application.shared.paging import Page
from domain.shared.errors import Unauthenticated


@dataclass(frozen=True, slots=True)
class ListNotifications:
    """One page of the caller's notifications with their total and unread counts; a caller
    whose account is gone is refused (the same statement tells)."""

    queries: NotificationQueries

    async def __call__(self, recipient_id: int, page: Page) -> NotificationPage:
        found = await self.queries.page(recipient_id, page)
        if found is None:
            raise Unauthenticated("token", "is invalid")
        return found
