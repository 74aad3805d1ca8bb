"""Use case: mark the caller's notifications read."""

from collections.abc import Callable
from dataclasses import dataclass

from application.notifications.ports import NotificationsUnitOfWork


@dataclass(frozen=True, slots=True)
class MarkNotificationsRead:
    """Mark all of the caller's notifications read, or those up to an id (the newest one a
    client has shown, so that any arriving meanwhile stay unread); answers the unread count."""

    uow: Callable[[], NotificationsUnitOfWork]

    async def __call__(self, recipient_id: int, up_to: int | None = None) -> int:
        async with self.uow() as uow:
            await uow.notifications.mark_read(recipient_id, up_to)
            unread = await uow.notifications.unread_count(recipient_id)
            await uow.commit()
        return unread
