"""Use cases: favorite and unfavorite an article."""

from collections.abc import Callable
from dataclasses import dataclass

from application.articles.ports import ArticleQueries, ArticlesUnitOfWork, ArticleView
from application.articles.published import ArticleFavorited
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class ToggleFavorite:
    """Favorite (or, with `on=False`, unfavorite) an article; doing it twice changes nothing.
    A favorite that is new publishes ArticleFavorited."""

    uow: Callable[[], ArticlesUnitOfWork]
    queries: ArticleQueries
    on: bool

    async def __call__(self, slug: str, user_id: int) -> ArticleView:
        async with self.uow() as uow:
            article = await uow.articles.ref_of(slug)
            if article is None:
                raise NotFound("article")
            if not self.on:
                await uow.favorites.remove(user_id, article.id)
            elif await uow.favorites.add(user_id, article.id):
                uow.publish(
                    ArticleFavorited(article.id, article.author_id, user_id, slug, article.title)
                )
            await uow.commit()
        view = await self.queries.one(slug, user_id)
        if view is None:  # deleted between our commit and this read
            raise NotFound("article")
        return view
