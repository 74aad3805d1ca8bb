"""Use case: publish a new article."""

from collections.abc import Callable
from dataclasses import dataclass

from application.articles.ports import ArticleQueries, ArticlesUnitOfWork, ArticleView
from application.articles.published import ArticlePublished
from application.articles.unique_slug import with_unique_slug
from application.shared.clock import Clock
from domain.articles.article import Article, ArticleContent
from domain.articles.repository import SlugTaken
from domain.articles.slug import slug_candidates
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class CreateArticleCommand:
    author_id: int
    title: str | None
    description: str | None
    body: str | None
    tags: list[str] | None


@dataclass(frozen=True, slots=True)
class CreateArticle:
    """Publish an article; a title already in use gets a slug with a random suffix.
    Publishes ArticlePublished with it."""

    uow: Callable[[], ArticlesUnitOfWork]
    queries: ArticleQueries
    clock: Clock

    async def __call__(self, command: CreateArticleCommand) -> ArticleView:
        content = ArticleContent.parse(
            command.title, command.description, command.body, command.tags
        )
        article = Article.publish(command.author_id, content, self.clock.now())

        async def store(slug: str) -> Article:
            async with self.uow() as uow:
                if await uow.articles.slug_taken(slug):
                    raise SlugTaken(slug)
                stored = await uow.articles.add(article.with_slug(slug))
                assert stored.id is not None
                published = ArticlePublished(stored.id, stored.author_id, slug, stored.title)
                uow.publish(published)
                await uow.commit()
                return stored

        stored = await with_unique_slug(slug_candidates(content.title), store)
        view = await self.queries.one(stored.slug, command.author_id)
        if view is None:  # deleted or renamed between our commit and this read
            raise NotFound("article")
        return view
