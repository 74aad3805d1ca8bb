"""What the comments context does when other contexts publish events."""

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.comments.sql_comment_repository import SqlCommentRepository
from application.articles.published import ArticleDeleted
from application.comments.when_article_deleted import remove_comments_of_deleted_article
from application.shared.events import EventSubscriptions


def subscribe(subscriptions: EventSubscriptions[AsyncSession]) -> None:
    async def on_article_deleted(event: ArticleDeleted, session: AsyncSession) -> None:
        await remove_comments_of_deleted_article(event, SqlCommentRepository(session))

    subscriptions.subscribe(ArticleDeleted, on_article_deleted)
