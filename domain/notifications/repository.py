"""The port through which the notifications context stores notifications."""

from collections.abc import Sequence
from typing import Protocol

from domain.notifications.notification import Notification


class NotificationRepository(Protocol):
    async def add_all(self, notifications: Sequence[Notification]) -> None:
        """Store them; one whose (publication, recipient) is already stored is skipped, so
        a redelivered event adds nothing."""
        ...

    async def mark_read(self, recipient_id: int, up_to: int | None) -> None:
        """Mark the recipient's notifications read: all, or those with ids up to `up_to`."""
        ...

    async def unread_count(self, recipient_id: int) -> int: ...
