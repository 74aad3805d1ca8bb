"""NotificationRepository on SQL."""

from collections.abc import Sequence

from sqlalchemy import false, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.notifications.tables import NotificationRow
from adapters.shared.sql.ids import MAX_ID
from adapters.shared.sql.statements import insert_ignoring_duplicates
from domain.notifications.notification import Notification

_notifications = NotificationRow.__table__  # type: ignore[attr-defined]


def _row(notification: Notification) -> dict[str, object]:
    o = notification.occurrence
    return {
        "publication_id": o.publication_id,
        "recipient_id": notification.recipient_id,
        "kind": o.kind.value,
        "actor_id": o.actor_id,
        "article_id": o.article_id,
        "article_title": o.article_title,
        "comment_id": o.comment_id,
        "created_at": o.at,
        "read": notification.read,
    }


class SqlNotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_all(self, notifications: Sequence[Notification]) -> None:
        if not notifications:
            return
        statement = insert_ignoring_duplicates(
            self._session, _notifications, ["publication_id", "recipient_id"]
        )
        await self._session.execute(statement, [_row(n) for n in notifications])

    async def mark_read(self, recipient_id: int, up_to: int | None) -> None:
        n = _notifications
        statement = (
            update(n)
            .where(n.c.recipient_id == recipient_id, n.c.read == false())
            # Any id beyond the column's range covers them all (and could not be bound).
            .where(n.c.id <= min(up_to, MAX_ID) if up_to is not None else true())
            .values(read=True)
        )
        await self._session.execute(statement)

    async def unread_count(self, recipient_id: int) -> int:
        n = _notifications
        count = await self._session.scalar(
            select(func.count())
            .select_from(n)
            .where(n.c.recipient_id == recipient_id, n.c.read == false())
        )
        return int(count or 0)
