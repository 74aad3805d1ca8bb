"""Use case: the author deletes an article, with everything that hangs on it."""

from collections.abc import Callable
from dataclasses import dataclass

from application.articles.ports import ArticlesUnitOfWork
from application.articles.published import ArticleDeleted
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class DeleteArticle:
    """Delete the article, its tags and favorites; subscribers (comments) clean up in the
    same transaction, so nothing is left behind if any step fails."""

    uow: Callable[[], ArticlesUnitOfWork]

    async def __call__(self, slug: str, caller_id: int) -> None:
        async with self.uow() as uow:
            article = await uow.articles.get_by_slug(slug)
            if article is None:
                raise NotFound("article")
            article.ensure_authored_by(caller_id)
            assert article.id is not None
            await uow.articles.remove(article)
            uow.publish(ArticleDeleted(article.id))
            await uow.commit()
