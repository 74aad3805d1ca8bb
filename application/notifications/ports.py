"""Ports of the notifications context: its unit of work and its read model."""

from datetime import datetime
from typing import NamedTuple, Protocol

from application.profiles.published import ProfileView
from application.shared.paging import Page
from application.shared.unit_of_work import UnitOfWork
from domain.notifications.repository import NotificationRepository


class NotificationsUnitOfWork(UnitOfWork, Protocol):
    notifications: NotificationRepository


class ArticleMention(NamedTuple):
    """The article a notification is about: its current slug and title; once it is deleted,
    no slug and the title it had when the notification was made."""

    slug: str | None
    title: str


class NotificationView(NamedTuple):
    """A notification as its recipient sees it; `actor` is None once their account is gone."""

    id: int
    kind: str
    created_at: datetime
    read: bool
    actor: ProfileView | None
    article: ArticleMention | None
    comment_id: int | None


class NotificationPage(NamedTuple):
    notifications: list[NotificationView]
    total: int
    unread: int


class NotificationQueries(Protocol):
    async def page(self, recipient_id: int, page: Page) -> NotificationPage | None:
        """Newest first (highest id first), with the recipient's total and unread counts;
        None when there is no such user. One statement."""
        ...
