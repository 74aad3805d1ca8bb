"""The ArticleDirectory facade on SQL: one statement on the read database."""

from sqlalchemy import String, bindparam, select

from adapters.articles.published import article_slugs
from adapters.articles.tables import ArticleRow
from adapters.shared.sql.read_database import ReadDatabase
from application.articles.published import ArticleRef

_articles = ArticleRow.__table__  # type: ignore[attr-defined]

ID_OF = select(article_slugs.c.id).where(article_slugs.c.slug == bindparam("slug", type_=String))
REF_OF = select(_articles.c.id, _articles.c.author_id, _articles.c.slug, _articles.c.title).where(
    _articles.c.slug == bindparam("slug", type_=String)
)


class SqlArticleDirectory:
    def __init__(self, database: ReadDatabase) -> None:
        self._database = database

    async def id_of(self, slug: str) -> int | None:
        rows = await self._database.rows(ID_OF, {"slug": slug})
        return rows[0]["id"] if rows else None

    async def ref_of(self, slug: str) -> ArticleRef | None:
        rows = await self._database.rows(REF_OF, {"slug": slug})
        if not rows:
            return None
        row = rows[0]
        return ArticleRef(row["id"], row["author_id"], row["slug"], row["title"])
