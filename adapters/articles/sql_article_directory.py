"""The ArticleDirectory facade on SQL: one statement on the read database."""

from sqlalchemy import String, bindparam, select

from adapters.articles.published import article_slugs
from adapters.shared.sql.read_database import ReadDatabase

ID_OF = select(article_slugs.c.id).where(article_slugs.c.slug == bindparam("slug", type_=String))


class SqlArticleDirectory:
    def __init__(self, database: ReadDatabase) -> None:
        self._database = database

    async def id_of(self, slug: str) -> int | None:
        rows = await self._database.rows(ID_OF, {"slug": slug})
        return rows[0]["id"] if rows else None
