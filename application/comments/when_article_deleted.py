"""Policy: when an article is deleted, its comments go with it, in the same transaction."""

from application.articles.published import ArticleDeleted
from domain.comments.repository import CommentRepository


async def remove_comments_of_deleted_article(
    event: ArticleDeleted, comments: CommentRepository
) -> None:
    await comments.remove_all_of_article(event.article_id)
