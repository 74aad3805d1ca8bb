"""The notifications context's fakes: a repository and a read model over one in-memory store."""

from collections.abc import Sequence
from dataclasses import replace

from application.articles.published import ArticleDirectory, ArticleRef
from application.identity.published import UserDirectory
from application.notifications.ports import ArticleMention, NotificationPage, NotificationView
from application.profiles.published import ProfileDirectory
from application.shared.paging import Page
from domain.notifications.notification import Notification, Occurrence


def _key(notification: Notification) -> tuple[int, int]:
    return notification.occurrence.publication_id, notification.recipient_id


def _mention(occurrence: Occurrence, current: ArticleRef | None) -> ArticleMention | None:
    if occurrence.article_id is None:
        return None
    if current is None:  # deleted: the title it had, no slug
        return ArticleMention(None, occurrence.article_title or "")
    return ArticleMention(current.slug, current.title)


class InMemoryNotificationRepository:
    def __init__(self) -> None:
        self.notifications: dict[int, Notification] = {}
        self.next_id = 1

    async def add_all(self, notifications: Sequence[Notification]) -> None:
        stored = {_key(n) for n in self.notifications.values()}
        for notification in notifications:
            if _key(notification) not in stored:
                stored.add(_key(notification))
                self.notifications[self.next_id] = replace(notification, id=self.next_id)
                self.next_id += 1

    async def mark_read(self, recipient_id: int, up_to: int | None) -> None:
        for i, n in self.notifications.items():
            if n.recipient_id == recipient_id and (up_to is None or i <= up_to):
                self.notifications[i] = replace(n, read=True)

    async def unread_count(self, recipient_id: int) -> int:
        mine = self.notifications.values()
        return sum(1 for n in mine if n.recipient_id == recipient_id and not n.read)


class InMemoryNotificationQueries:
    """Composes the published facades, as the SQL read model joins the published views."""

    def __init__(
        self,
        repository: InMemoryNotificationRepository,
        users: UserDirectory,
        profiles: ProfileDirectory,
        articles: ArticleDirectory,
    ) -> None:
        self._repository = repository
        self._users = users
        self._profiles = profiles
        self._articles = articles

    async def page(self, recipient_id: int, page: Page) -> NotificationPage | None:
        if not await self._users.exists(recipient_id):
            return None
        stored = self._repository.notifications.values()
        mine = sorted(
            (n for n in stored if n.recipient_id == recipient_id), key=lambda n: -(n.id or 0)
        )
        shown = mine[page.offset : page.offset + page.limit]
        actors = await self._profiles.profiles({n.occurrence.actor_id for n in shown}, recipient_id)
        mentioned = {n.occurrence.article_id for n in shown}
        articles = await self._articles.refs({i for i in mentioned if i is not None})
        views = [
            NotificationView(
                id=n.id or 0,
                kind=n.occurrence.kind.value,
                created_at=n.occurrence.at,
                read=n.read,
                actor=actors.get(n.occurrence.actor_id),
                article=_mention(n.occurrence, articles.get(n.occurrence.article_id or 0)),
                comment_id=n.occurrence.comment_id,
            )
            for n in shown
        ]
        return NotificationPage(views, len(mine), sum(1 for n in mine if not n.read))
