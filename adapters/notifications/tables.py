"""The notifications context's table. No other context writes it."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from adapters.shared.sql import metadata as _metadata  # noqa: F401  (naming convention first)


class NotificationRow(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        # The idempotency key: a publication delivered twice notifies nobody twice.
        UniqueConstraint("publication_id", "recipient_id"),
        # A recipient's page, newest (highest id) first, and their unread count.
        Index("ix_notifications_recipient_id_id", "recipient_id", "id"),
        Index("ix_notifications_recipient_id_read", "recipient_id", "read"),
        # Clients mark read "up to" an id: an id is never given to another notification.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    publication_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    # No foreign keys to users or articles: deleting an account or an article must not
    # fail, nor wait for, the notifications that mention it (docs/notifications.md).
    recipient_id: int
    kind: str = Field(max_length=32)
    actor_id: int
    article_id: int | None = None
    article_title: str | None = Field(default=None, max_length=300)
    comment_id: int | None = None
    created_at: datetime
    read: bool = Field(default=False)
