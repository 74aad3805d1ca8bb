"""What the notifications context does when other contexts publish events: after their
commit, each delivery in a transaction of its own (docs/adr/0019)."""

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.notifications.sql_followers import SqlFollowers
from adapters.notifications.sql_notification_repository import SqlNotificationRepository
from adapters.shared.clock import SystemClock
from application.articles.published import ArticleFavorited, ArticlePublished
from application.comments.published import CommentAdded
from application.notifications.context import CONTEXT
from application.notifications.reactions import Reactions
from application.profiles.published import UserFollowed
from application.shared.events import DeliveryAttempt, EventSubscriptions

_clock = SystemClock()


def _reactions(attempt: DeliveryAttempt[AsyncSession]) -> Reactions:
    session = attempt.transaction
    followers = SqlFollowers(session, attempt.published_at)
    return Reactions(SqlNotificationRepository(session), followers, _clock)


def subscribe(subscriptions: EventSubscriptions[AsyncSession]) -> None:
    async def on_article_published(
        event: ArticlePublished, attempt: DeliveryAttempt[AsyncSession]
    ) -> None:
        await _reactions(attempt).article_published(event, attempt.publication_id)

    async def on_article_favorited(
        event: ArticleFavorited, attempt: DeliveryAttempt[AsyncSession]
    ) -> None:
        await _reactions(attempt).article_favorited(event, attempt.publication_id)

    async def on_comment_added(event: CommentAdded, attempt: DeliveryAttempt[AsyncSession]) -> None:
        await _reactions(attempt).comment_added(event, attempt.publication_id)

    async def on_user_followed(event: UserFollowed, attempt: DeliveryAttempt[AsyncSession]) -> None:
        await _reactions(attempt).user_followed(event, attempt.publication_id)

    name = CONTEXT.name
    subscriptions.subscribe_after_commit(ArticlePublished, name, on_article_published)
    subscriptions.subscribe_after_commit(ArticleFavorited, name, on_article_favorited)
    subscriptions.subscribe_after_commit(CommentAdded, name, on_comment_added)
    subscriptions.subscribe_after_commit(UserFollowed, name, on_user_followed)
