"""Use case: the author deletes their comment."""

from collections.abc import Callable
from dataclasses import dataclass

from application.articles.published import ArticleDirectory
from application.comments.ports import CommentsUnitOfWork
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class DeleteComment:
    """Checks in the contract's order: the article exists, the comment is on it, it is yours."""

    articles: ArticleDirectory
    uow: Callable[[], CommentsUnitOfWork]

    async def __call__(self, slug: str, comment_id: int, caller_id: int) -> None:
        article_id = await self.articles.id_of(slug)
        if article_id is None:
            raise NotFound("article")
        async with self.uow() as uow:
            comment = await uow.comments.get(comment_id)
            if comment is None or comment.article_id != article_id:
                raise NotFound("comment")
            comment.ensure_deletable_by(caller_id)
            await uow.comments.remove(comment_id)
            await uow.commit()
