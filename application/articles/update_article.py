"""Use case: the author revises an article."""

from collections.abc import Callable
from dataclasses import dataclass

from application.articles.ports import ArticleQueries, ArticlesUnitOfWork, ArticleView
from application.articles.unique_slug import with_unique_slug
from application.shared.clock import Clock
from domain.articles.article import Article, ArticleChanges
from domain.articles.repository import SlugTaken
from domain.articles.slug import slug_candidates
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class UpdateArticleCommand:
    slug: str
    editor_id: int
    given: frozenset[str]
    title: str | None = None
    description: str | None = None
    body: str | None = None
    tags: list[str] | None = None


@dataclass(frozen=True, slots=True)
class UpdateArticle:
    """Change only the given fields; only the author may. A new title brings a new slug."""

    uow: Callable[[], ArticlesUnitOfWork]
    queries: ArticleQueries
    clock: Clock

    async def __call__(self, command: UpdateArticleCommand) -> ArticleView:
        changes = ArticleChanges.parse(
            command.given, command.title, command.description, command.body, command.tags
        )

        async def store(slug: str | None) -> Article:
            async with self.uow() as uow:
                article = await uow.articles.get_by_slug(command.slug)
                if article is None:
                    raise NotFound("article")
                revised = article.revised(command.editor_id, changes, self.clock.now())
                if slug is not None and revised.slug != article.slug:
                    if await uow.articles.slug_taken(slug, other_than=article.id):
                        raise SlugTaken(slug)
                    revised = revised.with_slug(slug)
                stored = await uow.articles.update(revised)
                await uow.commit()
                return stored

        if changes.title is None:
            stored = await store(None)
        else:
            stored = await with_unique_slug(slug_candidates(changes.title), store)
        view = await self.queries.one(stored.slug, command.editor_id)
        if view is None:  # deleted or renamed between our commit and this read
            raise NotFound("article")
        return view
