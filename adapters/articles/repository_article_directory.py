"""The ArticleDirectory facade served from the articles repository: what the fakes are wired
with (production answers from SQL: sql_article_directory.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from application.articles.ports import ArticlesUnitOfWork
from application.articles.published import ArticleRef


@dataclass(frozen=True, slots=True)
class RepositoryArticleDirectory:
    """Answer other contexts' 'which article is this slug?'."""

    uow: Callable[[], ArticlesUnitOfWork]

    async def id_of(self, slug: str) -> int | None:
        async with self.uow() as uow:
            return await uow.articles.id_of(slug)

    async def ref_of(self, slug: str) -> ArticleRef | None:
        async with self.uow() as uow:
            return await uow.articles.ref_of(slug)
