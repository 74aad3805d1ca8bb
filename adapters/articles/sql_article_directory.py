"""The ArticleDirectory facade on SQL: one autocommit statement."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.articles.published import article_slugs


class SqlArticleDirectory:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def id_of(self, slug: str) -> int | None:
        async with self._engine.connect() as connection:
            found: int | None = await connection.scalar(
                select(article_slugs.c.id).where(article_slugs.c.slug == slug)
            )
            return found
