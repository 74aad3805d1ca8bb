"""Use cases: favorite and unfavorite an article."""

from collections.abc import Callable
from dataclasses import dataclass

from application.articles.ports import ArticleQueries, ArticlesUnitOfWork, ArticleView
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class ToggleFavorite:
    """Favorite (or, with `on=False`, unfavorite) an article; doing it twice changes nothing."""

    uow: Callable[[], ArticlesUnitOfWork]
    queries: ArticleQueries
    on: bool

    async def __call__(self, slug: str, user_id: int) -> ArticleView:
        async with self.uow() as uow:
            article_id = await uow.articles.id_of(slug)
            if article_id is None:
                raise NotFound("article")
            if self.on:
                await uow.favorites.add(user_id, article_id)
            else:
                await uow.favorites.remove(user_id, article_id)
            await uow.commit()
        view = await self.queries.one(slug, user_id)
        if view is None:  # deleted between our commit and this read
            raise NotFound("article")
        return view
